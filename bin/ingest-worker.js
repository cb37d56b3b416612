// The worker thread that loads and checks uploaded files off the server's event loop
// (app/lib/server/ingest-worker.ts; started by app/lib/server/ingest-in-worker.ts). The code is
// TypeScript, compiled on the fly by tsx, as for the command line.
import { register } from 'tsx/esm/api';

register();
await import('../app/lib/server/ingest-worker.ts');
