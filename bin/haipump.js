#!/usr/bin/env node
// The CLI as built by `npm run build` (run by `npm install` through `prepare`, and before the
// tests): one bundle whose commands load on demand, so a cron job or CI step pays for the command
// it runs and no more. Without a build (installed with --ignore-scripts), or with
// HAIPUMP_FROM_SOURCE=1 (while editing the sources), it runs the TypeScript through tsx.
import { existsSync } from 'node:fs';

const built = new URL('../dist/cli/main.js', import.meta.url);
if (process.env.HAIPUMP_FROM_SOURCE !== '1' && existsSync(built)) {
  await import(built.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
}
