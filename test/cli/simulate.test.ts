import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { allLeafStates, createLifecycleMachine } from '../../src/lifecycle/index.ts';
import { VirtualClock } from '../../src/model/clock.ts';
import { runCli } from '../support/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'haipump-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('haipump simulate', () => {
  it('--json: the tour visits every state and conserves volume to 1e-9 mL', () => {
    const run = runCli(['simulate', '--json']);
    expect(run.status).toBe(0);
    const doc = JSON.parse(run.stdout) as {
      events: { atMs: number; type: string; state: string; volumeMl: number }[];
      totals: { filledMl: number; deliveredMl: number; drainedMl: number; remainingMl: number };
    };
    const visited = new Set(doc.events.flatMap((e) => e.state.split(',')));
    const all = allLeafStates(createLifecycleMachine({ clock: new VirtualClock(0) }).root as never);
    expect(all.filter((s) => !visited.has(s))).toEqual([]);
    for (const e of doc.events) {
      expect(typeof e.atMs).toBe('number');
      expect(typeof e.type).toBe('string');
      expect(e.volumeMl).toBeGreaterThanOrEqual(0);
    }
    const t = doc.totals;
    expect(Math.abs(t.filledMl - t.deliveredMl - t.drainedMl - t.remainingMl)).toBeLessThan(1e-9);
    // The tour fills 30 + 29 + 29 + 29 mL (one 30 mL fill is refused for the residual).
    expect(t.filledMl).toBe(117);
  });

  it('prints a readable timeline with totals by default', () => {
    const run = runCli(['simulate', '--days', '50']);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/ALARM LOW_RESERVOIR/);
    expect(run.stdout).toMatch(/ALARM DRY/);
    expect(run.stdout).toMatch(/totals: filled/);
  });

  it('a bad scenario file gets one line naming the field and exit 2', () => {
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'steps:\n  - { day: 1, type: FILL, infusate: fudr, volumeMl: "lots" }\n');
    const run = runCli(['simulate', '--scenario', file]);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/steps\.0\.volumeMl/);
  });

  it('an unknown event type, and steps out of order, are named too', () => {
    const file = join(dir, 'bad.json');
    writeFileSync(
      file,
      JSON.stringify({
        steps: [
          { day: 2, type: 'DRAIN' },
          { day: 1, type: 'DRAIN' },
        ],
      }),
    );
    const run = runCli(['simulate', '--scenario', file]);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/steps\.1\.day: steps must be in time order/);
  });

  it('a scenario of our own runs, with YAML and --days', () => {
    const file = join(dir, 'ok.yaml');
    writeFileSync(file, 'profile: codman-3000-16ml\nsteps:\n  - { day: 0, type: FILL, infusate: heparinized-saline, volumeMl: 16 }\n');
    const run = runCli(['simulate', '--scenario', file, '--days', '30', '--json']);
    expect(run.status).toBe(0);
    const doc = JSON.parse(run.stdout) as { profile: string; totals: { filledMl: number } };
    expect(doc.profile).toBe('codman-3000-16ml');
    expect(doc.totals.filledMl).toBe(16);
  });
});

describe('haipump dose and flow (CLI errors)', () => {
  it('an out-of-range dose gives one line and a non-zero exit', () => {
    const run = runCli(['dose', '--weight-kg', '70', '--dose-mg-per-kg-day', '5', '--reservoir-ml', '30', '--flow-ml-per-day', '1']);
    expect(run.status).not.toBe(0);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/dose/i);
  });

  it('flow at 38 °C is about 12 % above 37 °C', () => {
    const at = (t: string): number =>
      (JSON.parse(runCli(['flow', '--temp-c', t, '--json']).stdout) as { rateMlPerDay: number }).rateMlPerDay;
    const ratio = at('38') / at('37');
    // (1155·1.025 − 855)/300 / 0.98, worked by hand.
    expect(ratio).toBeCloseTo((1155 * 1.025 - 855) / 300 / 0.98, 9);
  });
});
