import { defineConfig } from 'vitest/config';

// checkCallbackReceiver runs a whole signing flow (PDF signing included): more than vitest's 5 s.
export default defineConfig({ test: { testTimeout: 30_000 } });
