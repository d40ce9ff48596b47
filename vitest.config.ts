import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Tests that spawn `bin/haipump.js` run the build: make it from the sources first.
    globalSetup: ['test/support/build-cli.ts'],
    // pty/socat tests spawn processes; two workers match CI's two cores.
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
