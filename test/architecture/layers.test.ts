/**
 * DESIGN.md's dependency rules, held by the import graph: `protocols/` and `src/model/` import
 * nothing of ours; `firmware-sim/` only those two (the device never knows the host); `src/` never
 * imports `firmware-sim/` except in `src/hil/` and `src/cli/`, which launch it; nothing imports
 * `src/cli/` but `bin/` (and the CLI's own tests); and no folder imports one above it. The table
 * below is the layering, stated once: each unit may import only itself and what its row lists.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importEdges, importsOf, unitOf, type ImportEdge } from './import-graph.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Every unit below the CLI: what `src/cli` may import, and the base of the tools above it. */
const BELOW_CLI: readonly string[] = [
  'protocols',
  'firmware-sim',
  'src/model',
  'src/files',
  'src/transport',
  'src/schedule',
  'src/profiles',
  'src/lifecycle',
  'src/devices',
  'src/store',
  'src/accuracy',
  'src/controller',
  'src/hil',
  'src/dashboard',
];

const MAY_IMPORT: Readonly<Record<string, readonly string[]>> = {
  protocols: [],
  'src/model': [],
  'src/files': ['src/model'],
  'src/transport': ['src/model'],
  'src/schedule': ['src/model'],
  'firmware-sim': ['protocols', 'src/model'],
  'src/profiles': ['src/model', 'src/files'],
  'src/lifecycle': ['src/model', 'src/files', 'src/profiles'],
  'src/devices': ['protocols', 'src/model', 'src/files', 'src/transport', 'src/profiles'],
  'src/store': ['src/model', 'src/files', 'src/profiles', 'src/schedule'],
  'src/accuracy': ['src/model', 'src/files', 'src/devices', 'src/store'],
  'src/controller': ['src/model', 'src/transport', 'src/devices', 'src/lifecycle'],
  'src/hil': ['protocols', 'firmware-sim', 'src/model', 'src/files', 'src/transport', 'src/profiles', 'src/devices', 'src/lifecycle'],
  'src/dashboard': [
    'src/model',
    'src/files',
    'src/profiles',
    'src/schedule',
    'src/lifecycle',
    'src/store',
    'src/accuracy',
    'src/devices',
    'src/transport',
    'src/controller',
  ],
  'src/cli': BELOW_CLI,
  bin: ['src/cli'],
  bench: [...BELOW_CLI, 'test'],
  test: [...BELOW_CLI, 'test/cli', 'root'],
  'test/cli': [...BELOW_CLI, 'src/cli', 'test', 'root'],
  root: ['src/cli', 'test'],
};

/** Edges the table forbids, as `from:line -> to (unit -> unit)`. */
function forbidden(edges: readonly ImportEdge[], mayImport: Readonly<Record<string, readonly string[]>>): string[] {
  return edges.flatMap((edge) => {
    const from = unitOf(edge.from);
    const to = unitOf(edge.to);
    if (from === to) return [];
    const allowed = mayImport[from];
    if (allowed === undefined) return [`${edge.from}:${edge.line}: unit ${from} is not in the layering table`];
    return allowed.includes(to) ? [] : [`${edge.from}:${edge.line} -> ${edge.to} (${from} may not import ${to})`];
  });
}

describe('the import graph', () => {
  const edges = importEdges(ROOT);

  it('reads the imports of the whole tree', () => {
    // A reader that found nothing would pass every rule: make sure it sees the real graph.
    expect(edges.length).toBeGreaterThan(1000);
    expect(edges.some((e) => e.from === 'bin/haipump.js' && e.to === 'src/cli/main.ts')).toBe(true);
    expect(edges.some((e) => unitOf(e.from) === 'firmware-sim' && unitOf(e.to) === 'protocols')).toBe(true);
  });

  it('holds the layering of DESIGN.md: no upward import, nothing imports src/cli but bin and its tests', () => {
    expect(forbidden(edges, MAY_IMPORT)).toEqual([]);
  });

  it('is read the way the sources write imports (static, re-export, side effect, dynamic)', () => {
    const text = [
      "import { a } from '../src/cli/x.ts';",
      "import type { B } from './b.ts';",
      "export { c } from '../c.ts';",
      "import './side.ts';",
      "const m = await import('../dyn.ts');",
      "import { z } from 'zod';",
    ].join('\n');
    expect(importsOf(text).map((i) => i.specifier)).toEqual(['../src/cli/x.ts', './b.ts', '../c.ts', './side.ts', '../dyn.ts']);
  });

  it('would catch an upward import and an import of the CLI', () => {
    const planted: ImportEdge[] = [
      { from: 'src/model/flow.ts', to: 'src/devices/index.ts', line: 3 },
      { from: 'firmware-sim/app/superloop.ts', to: 'src/transport/index.ts', line: 4 },
      { from: 'src/hil/emulator.ts', to: 'src/cli/commands/sim.ts', line: 5 },
      { from: 'src/devices/index.ts', to: 'firmware-sim/hal/pty.ts', line: 6 },
      { from: 'protocols/hai/request.ts', to: 'src/model/units.ts', line: 7 },
    ];
    expect(forbidden(planted, MAY_IMPORT)).toHaveLength(planted.length);
  });
});
