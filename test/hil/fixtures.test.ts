/**
 * The harness's own guarantees: fixtures clean up after a failing test, the real-device path
 * refuses SIM helpers clearly, several devices are independent, and the pure parts (scenario
 * validation, JUnit escaping, transcript comparison) behave.
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { attachDevice, compareTranscripts, HilUnsupportedError, liveChildCount, useHil, type HilDevice } from 'haipump/hil';
import { parseScenarioDocument } from '../../src/hil/scenario/schema.ts';
import { escapeXml, formatJunit } from '../../src/hil/scenario/junit.ts';
import type { TranscriptEntry } from '../../src/hil/transcript.ts';
import { startRealLikeHai, xmlProblems } from './support.ts';

describe('useHil cleanup', () => {
  const hil = useHil();
  let leaked: HilDevice | undefined;

  it.fails('a test that throws with an emulator open (expected to fail)', async () => {
    leaked = await hil.emulator({ replug: true });
    expect(liveChildCount()).toBeGreaterThanOrEqual(2);
    throw new Error('boom');
  });

  it('closed that emulator, its pty, its cable and their socats anyway', () => {
    expect(leaked).toBeDefined();
    expect(liveChildCount()).toBe(0);
    expect(existsSync(leaked?.port ?? '/nonexistent')).toBe(false);
  });
});

describe('an emulator in a child process (mode: process)', () => {
  const hil = useHil();
  it('answers like the in-process one and is stopped by the fixture', async () => {
    const pump = await hil.emulator({ mode: 'process' });
    expect(await pump.request('*IDN?')).toMatch(/^HAIPUMP,/);
    await pump.command('PUMP:FILL FUDR,30');
    await pump.wait(86_400_000);
    await pump.assertDelivered(0.9722, { toleranceMl: 0.0001 });
    await hil.cleanup();
    expect(liveChildCount()).toBe(0);
  });
});

describe('a real device (the HAI firmware without its SIM back door)', () => {
  it('answers, is not emulated, and refuses SIM helpers with a clear message', async () => {
    const pump = await startRealLikeHai();
    const device = await attachDevice(`hai:${pump.port}`, { name: 'bench' });
    try {
      expect(device.emulated).toBe(false);
      expect(await device.request('*IDN?')).toMatch(/^HAIPUMP,/);
      await expect(device.injectFault('occlusion')).rejects.toThrow(HilUnsupportedError);
      await expect(device.injectFault('occlusion')).rejects.toThrow(/injectFault needs an emulator .* is a real device/);
      await expect(device.advance(1000)).rejects.toThrow(/advance needs an emulator/);
      expect(await device.request('SIM:TIME?')).toMatch(/^ERR -113,/);
    } finally {
      await device.close();
      await pump.close();
    }
  });
});

describe('scenario validation', () => {
  it('names the step and field of every problem', () => {
    const { issues } = parseScenarioDocument(
      {
        steps: [
          { send: 'PUMP:VOL?', reply: { match: '(' } },
          { expect: { query: 'PUMP:VOL?', approx: 1 } },
          { fault: 'gremlins' },
          { assert: {} },
          { wait: '1d', advance: '1d' },
        ],
      },
      'x',
    );
    expect(issues.map((i) => i.path)).toEqual([
      'steps[0].reply.match',
      'steps[1].expect.field',
      'steps[2].fault',
      'steps[3].assert',
      'steps[4]',
    ]);
  });

  it('accepts several scenarios per file, inheriting the personality', () => {
    const { scenarios, issues } = parseScenarioDocument(
      { personality: 'hai', scenarios: [{ steps: [{ wait: '2h' }] }, { name: 'b', steps: [{ wait: 5 }] }] },
      'f',
    );
    expect(issues).toEqual([]);
    expect(scenarios.map((s) => [s.name, s.personality, s.steps[0]?.action])).toEqual([
      ['f-1', 'hai', 'wait'],
      ['b', 'hai', 'wait'],
    ]);
  });
});

describe('JUnit XML', () => {
  it('escapes markup and characters XML 1.0 cannot carry', () => {
    expect(escapeXml('a<b>&"c\'\x01')).toBe('a&lt;b&gt;&amp;&quot;c&apos;\uFFFD');
    const xml = formatJunit([
      {
        name: 's<1>.yaml',
        file: 's<1>.yaml',
        timestamp: '2026-01-01T00:00:00',
        cases: [
          {
            name: 'x&y',
            classname: 'hil.s',
            timeS: 0.5,
            outcome: { kind: 'failure', type: 'StepFailed', message: 'ERR 104,"Bolus refused"', detail: '<\x00>' },
            systemOut: ']]>',
          },
        ],
      },
    ]);
    expect(xmlProblems(xml)).toBeNull();
    expect(xml).toContain('tests="1" failures="1" errors="0" skipped="0"');
  });
});

describe('transcript comparison', () => {
  const entry = (seq: number, dir: 'tx' | 'rx', text: string, deviceMs: number, wallMs = seq): TranscriptEntry => ({
    seq,
    wallMs,
    deviceMs,
    dir,
    phase: 'run',
    hex: Buffer.from(text, 'latin1').toString('hex'),
    text,
  });

  it('ignores wall-clock stamps, chunking and interleaving, but not bytes or device time', () => {
    const golden = [
      entry(0, 'tx', 'PUMP:VOL?\n', 0),
      entry(1, 'rx', '30.0000\n', 0),
      entry(2, 'rx', '!BOOT x\n', 0),
      entry(3, 'tx', 'A\n', 0),
    ];
    const rechunked = [
      entry(0, 'tx', 'PUMP:VOL?\n', 0, 99),
      entry(1, 'rx', '30.00', 0, 5),
      entry(2, 'rx', '00\n', 0),
      entry(3, 'tx', 'A\n', 0),
      entry(4, 'rx', '!BOOT x\n', 0),
    ];
    expect(compareTranscripts(golden, rechunked)).toEqual([]);
    // The golden transcript with its first reply (seq 1) replaced.
    const withReply = (reply: TranscriptEntry): TranscriptEntry[] => golden.map((e) => (e.seq === reply.seq ? reply : e));
    const changed = withReply(entry(1, 'rx', '30.0001\n', 0));
    expect(compareTranscripts(golden, changed)).toMatchObject([{ dir: 'rx', index: 0 }]);
    const later = withReply(entry(1, 'rx', '30.0000\n', 5));
    expect(compareTranscripts(golden, later)).toMatchObject([{ dir: 'rx', index: 0 }]);
  });
});
