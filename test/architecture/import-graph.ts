/**
 * The project's import graph, read from the sources as text (no compiler): every relative
 * `import ... from`, `export ... from`, side-effect `import '...'` and dynamic `import('...')`,
 * resolved to a file and that file to its unit (a folder of DESIGN.md's layout).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';

export interface ImportEdge {
  readonly from: string;
  readonly to: string;
  readonly line: number;
}

const IMPORT = /(?:^|[\s;])(?:import|export)\s(?:[^'"`;]*?\sfrom\s)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

/** Relative specifiers in `text`, with their line numbers. */
export function importsOf(text: string): { specifier: string; line: number }[] {
  const out: { specifier: string; line: number }[] = [];
  for (const match of text.matchAll(IMPORT)) {
    const specifier = match[1] ?? match[2];
    if (specifier === undefined || !specifier.startsWith('.')) continue;
    const line = text.slice(0, match.index).split('\n').length;
    out.push({ specifier, line });
  }
  return out;
}

const SOURCE = /\.(ts|mts|js|mjs)$/;
const SKIP = new Set(['node_modules', 'dist', '.git', 'tmp']);

export function sourceFiles(root: string, dir = root): string[] {
  return readdirSync(join(root, relative(root, dir)), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return SKIP.has(entry.name) ? [] : sourceFiles(root, path);
    return SOURCE.test(entry.name) && !entry.name.endsWith('.d.ts') ? [relative(root, path)] : [];
  });
}

export function importEdges(root: string): ImportEdge[] {
  return sourceFiles(root).flatMap((from) =>
    importsOf(readFileSync(join(root, from), 'utf8')).map(({ specifier, line }) => ({
      from,
      to: normalize(join(dirname(from), specifier)),
      line,
    })),
  );
}

/**
 * The unit a file belongs to: `protocols`, `firmware-sim`, `src/<folder>`, `test/cli` (tests of
 * the CLI, and test/support/cli.ts, the one runner the other tests reach the CLI through), `test`,
 * `bench`, `bin`, or `root` (build.ts, vitest.config.ts).
 */
export function unitOf(file: string): string {
  const [top, second] = file.split('/');
  if (top === 'src') return second === undefined || !file.slice(4).includes('/') ? 'src' : `src/${second}`;
  if (top === 'test') return second === 'cli' || file === 'test/support/cli.ts' ? 'test/cli' : 'test';
  if (top === 'protocols' || top === 'firmware-sim' || top === 'bench' || top === 'bin') return top;
  return 'root';
}
