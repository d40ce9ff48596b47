// `npm run build` (and `prepare`, so `npm install` runs it): the CLI as one ES module bundle in
// dist/cli, each command a chunk loaded when it runs. The pure-JavaScript dependencies are
// bundled too, because one parsed file starts faster than a hundred ESM modules resolved one by
// one; only the native serialport and better-sqlite3 bindings stay in node_modules. esbuild because it turns
// the whole tree into JavaScript in a fraction of a second: the test suite rebuilds before it
// runs (vitest globalSetup), so a spawned `haipump` is never older than the sources.
import { build } from 'esbuild';
import { renameSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Native bindings cannot be bundled; they load from node_modules. */
const NATIVE_PACKAGES = ['serialport', '@serialport/*', 'better-sqlite3'];

export const OUT_DIR = fileURLToPath(new URL('./dist/cli', import.meta.url));

export async function buildCli(): Promise<void> {
  // Built beside, then swapped in: a process running the old build keeps whole chunks.
  const next = `${OUT_DIR}.next-${process.pid}`;
  rmSync(next, { recursive: true, force: true });
  await build({
    entryPoints: [fileURLToPath(new URL('./src/cli/main.ts', import.meta.url))],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: NATIVE_PACKAGES,
    // Bundled CommonJS (commander) still calls require() for Node's own modules.
    banner: { js: "import { createRequire as __haipumpRequire } from 'node:module'; const require = __haipumpRequire(import.meta.url);" },
    splitting: true,
    outdir: next,
    chunkNames: 'chunks/[name]-[hash]',
    logLevel: 'warning',
  });
  rmSync(OUT_DIR, { recursive: true, force: true });
  renameSync(next, OUT_DIR);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildCli();
