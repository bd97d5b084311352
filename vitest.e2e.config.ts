import { defineConfig } from 'vitest/config';

// End-to-end tests: the built extension in real Chromium and Firefox ESR, on local pages.
export default defineConfig({
  test: {
    environment: 'node',
    include: ['tests/e2e/**/*.e2e.test.ts'],
    globalSetup: ['tests/e2e/global-setup.ts'],
    testTimeout: 90_000,
    hookTimeout: 120_000,
    // Two browsers with an extension each are heavy on a 2-core machine: one file at a time.
    fileParallelism: false,
    reporters: ['default'],
  },
});
