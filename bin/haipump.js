#!/usr/bin/env node
// The CLI as built by `npm run build` (run by `npm install` through `prepare`): one bundle whose
// commands load on demand, so a cron job or CI step pays for the command it runs and no more.
// Without a build (installed with --ignore-scripts) it runs the TypeScript sources through tsx.
import { existsSync } from 'node:fs';

const built = new URL('../dist/cli/main.js', import.meta.url);
if (existsSync(built)) {
  await import(built.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
}
