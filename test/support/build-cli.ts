/**
 * vitest globalSetup: builds the CLI from the current sources before any test runs. In-process
 * tests import the TypeScript sources; tests that spawn `bin/haipump.js` run this build, the same
 * code a user's `npx haipump` runs, and never an older one.
 */
import { buildCli } from '../../build.ts';

export default async function setup(): Promise<void> {
  await buildCli();
}
