// The cache warm-up's worker thread entry when the server runs from the TypeScript sources (tests,
// a development server): tsx compiles app/lib/server/jobs/warm-up-worker.ts on the fly. The
// compiled server starts build/node/warm-up-worker.js instead (app/lib/server/jobs/worker-entry.ts).
import { register } from 'tsx/esm/api';

register();
await import('../app/lib/server/jobs/warm-up-worker.ts');
