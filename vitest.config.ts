import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{core,providers,plugins,examples,test}/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Each file starts servers on port 0; two workers keep a 2-core machine responsive.
    maxWorkers: 2,
    reporters: ['default'],
  },
});
