// The PDF worker's entry (core/pdf/pool.ts). Plain JavaScript, so Node can start it whether the app
// runs under tsx (`npm start`), vitest or plain node: it registers tsx's loader for this thread,
// then loads the TypeScript job table.
import { register } from 'tsx/esm/api';

register();
await import('./worker-main.ts');
