// The worker thread that takes a backup for a download from the administration pages, off the
// server's event loop (app/lib/server/backup-worker.ts; started by app/lib/server/backup-download.ts).
// The code is TypeScript, compiled on the fly by tsx, as for the command line.
import { register } from 'tsx/esm/api';

register();
await import('../app/lib/server/backup-worker.ts');
