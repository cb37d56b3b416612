// The PNG worker thread's entry when the server runs from the TypeScript sources (tests, a
// development server): tsx compiles app/lib/server/jobs/png-worker.ts on the fly. The compiled
// server starts build/node/png-worker.js instead (app/lib/server/jobs/worker-entry.ts).
import { register } from 'tsx/esm/api';

register();
await import('../app/lib/server/jobs/png-worker.ts');
