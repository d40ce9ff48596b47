import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileNvm } from '../../../firmware-sim/hal/nvm-file.ts';
import { RecordStore } from '../../../firmware-sim/nvm/store.ts';
import { startInProcessHai } from '../../../firmware-sim/personalities/hai/in-process.ts';
import { PowerCutRecordSchema } from '../fixtures/power-cut-schema.ts';
import { mulberry32 } from '../../../firmware-sim/app/prng.ts';

const TRIALS = 220;
const EMULATOR_TRIALS = 200;
const SEED = Number(process.env.POWER_CUT_SEED ?? 0x5eed);

let dir = '';
let childPath = '';
let emulatorChildPath = '';

/** Bundles a fixture child once: plain `node` starts in tens of ms, tsx would dominate 200+ spawns. */
async function bundle(fixture: string, outfile: string): Promise<string> {
  const entry = fileURLToPath(new URL(`../fixtures/${fixture}`, import.meta.url));
  await build({ entryPoints: [entry], outfile, bundle: true, platform: 'node', format: 'esm', target: 'node20', logLevel: 'silent' });
  return outfile;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'haipump-power-cut-'));
  childPath = await bundle('power-cut-child.ts', join(dir, 'child.mjs'));
  emulatorChildPath = await bundle('power-cut-emulator-child.ts', join(dir, 'emulator-child.mjs'));
});

afterAll(() => {
  if (dir !== '') rmSync(dir, { recursive: true, force: true });
});

interface Trial {
  lastCommitted: number;
  /** The emulator child's last report: seq and the committed totals (nL), if any. */
  lastLine: string | undefined;
}

/** Runs the child until `ready`, lets it write for `killAfterMs`, then SIGKILLs it. */
function runTrial(nvmPath: string, killAfterMs: number, entry = childPath): Promise<Trial> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [entry, nvmPath], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let armed = false;
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      out += chunk;
      if (!armed && out.includes('ready')) {
        armed = true;
        // The delay only picks where the cut lands; the property must hold at any point, so a
        // busy machine moves the cut, never the verdict.
        setTimeout(() => child.kill('SIGKILL'), killAfterMs);
      }
    });
    child.stderr.on('data', (chunk: string) => (err += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (signal !== 'SIGKILL') return reject(new Error(`child ended by ${signal ?? `code ${code}`}: ${err}`));
      let lastCommitted = -1;
      let lastLine: string | undefined;
      for (const line of out.split('\n')) {
        if (/^(ready|committed) \d+/.test(line)) lastLine = line;
        const m = /^committed (\d+)$/.exec(line);
        if (m?.[1] !== undefined) lastCommitted = Number(m[1]);
        const r = /^ready (\d+)$/.exec(line);
        if (r?.[1] !== undefined && lastCommitted < 0) lastCommitted = Number(r[1]);
      }
      resolve({ lastCommitted, lastLine });
    });
  });
}

describe('NVM record store under SIGKILL (power cut)', () => {
  it(`never rolls back past a reported commit (${TRIALS} kills)`, async () => {
    const random = mulberry32(SEED);
    const nvmPath = join(dir, 'nvm.bin');
    let failures = 0;
    let tornSlotsSeen = 0;
    let lostInFlight = 0;
    let highestSeq = 0;
    const problems: string[] = [];
    for (let trial = 0; trial < TRIALS; trial++) {
      // Mostly short delays (kills land mid-commit often), sometimes longer runs.
      const killAfterMs = random() < 0.8 ? Math.floor(random() * 8) : Math.floor(random() * 40);
      const { lastCommitted } = await runTrial(nvmPath, killAfterMs);
      const nvm = new FileNvm(nvmPath);
      const report = new RecordStore(nvm, PowerCutRecordSchema).open();
      nvm.close();
      tornSlotsSeen += report.badSlots.length;
      const restored = report.restored;
      const restoredSeq = restored?.seq ?? 0;
      highestSeq = Math.max(highestSeq, restoredSeq);
      const ok =
        (restored === undefined
          ? lastCommitted <= 0
          : restored.value.seq === restored.seq && restored.value.pad.length === restored.value.padBytes) &&
        restoredSeq >= lastCommitted &&
        restoredSeq <= lastCommitted + 1;
      if (restoredSeq === lastCommitted + 1) lostInFlight++;
      if (!ok) {
        failures++;
        problems.push(`trial ${trial}: killAfterMs=${killAfterMs} lastCommitted=${lastCommitted} restored=${restoredSeq}`);
      }
    }
    console.log(
      `power-cut: seed=${SEED} trials=${TRIALS} failures=${failures} finalSeq=${highestSeq} ` +
        `tornSlotsDetected=${tornSlotsSeen} committedButUnprinted=${lostInFlight}`,
    );
    expect(problems).toEqual([]);
    // Hundreds of sequential process spawns: slow on a loaded 2-core machine, never a hang.
  }, 300_000);

  it(`the HAI emulator itself, killed ${EMULATOR_TRIALS} times mid-operation, boots from NVM and never goes back`, async () => {
    const random = mulberry32(SEED ^ 0xe11);
    const nvmPath = join(dir, 'emulator-nvm.bin');
    const problems: string[] = [];
    let restoredCount = 0;
    for (let trial = 0; trial < EMULATOR_TRIALS; trial++) {
      const killAfterMs = random() < 0.8 ? Math.floor(random() * 10) : Math.floor(random() * 60);
      const { lastLine } = await runTrial(nvmPath, killAfterMs, emulatorChildPath);
      const [, seqText, filledText, drainedText, deliveredText] = (lastLine ?? '').split(' ');
      const printed = {
        seq: Number(seqText ?? 0),
        filledNl: Number(filledText ?? 0),
        drainedNl: Number(drainedText ?? 0),
        deliveredNl: Number(deliveredText ?? 0),
      };
      // Boot the same firmware on the file, as the next power-up would.
      const hai = startInProcessHai({ nvm: new FileNvm(nvmPath) });
      const boot = hai.lines.find((l) => l.startsWith('!BOOT'));
      const nvmStatus = /nvm=([A-Z]+)/.exec(boot ?? '')?.[1];
      const { totals } = hai.device.state();
      // Boot commits once more, so the record it restored had seq nvmSeq() - 1.
      const restoredSeq = hai.device.nvmSeq() - 1;
      const idn = hai.request('*IDN?');
      hai.device.powerCut();
      const ok =
        (nvmStatus === 'OK' || nvmStatus === 'RESTORED') &&
        restoredSeq >= printed.seq &&
        totals.filledNl >= printed.filledNl &&
        totals.drainedNl >= printed.drainedNl &&
        totals.deliveredNl >= printed.deliveredNl &&
        idn?.startsWith('HAIPUMP,') === true;
      if (nvmStatus === 'RESTORED') restoredCount++;
      if (!ok)
        problems.push(
          `trial ${trial}: killAfterMs=${killAfterMs} boot=${boot ?? '-'} printed=${JSON.stringify(printed)} restoredSeq=${restoredSeq} totals=${JSON.stringify(totals)}`,
        );
    }
    console.log(
      `power-cut (emulator): seed=${SEED} trials=${EMULATOR_TRIALS} failures=${problems.length} bootsFromOtherSlot=${restoredCount}`,
    );
    expect(problems).toEqual([]);
  }, 300_000);
});
