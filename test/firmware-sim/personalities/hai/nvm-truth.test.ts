/**
 * NVM truth (issue 11 item 8): only a missing NVM file, or one initialised on purpose, is a new
 * device. An existing file that is empty, truncated or corrupt is lost data: the HAI pump boots
 * with `nvm=CORRUPT` and alarm 208, and `*TST?` fails (bit 1) until 208 is acknowledged.
 * A torn slot next to a good one is still RESTORED (the A/B store did its job).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FileNvm } from '../../../../firmware-sim/hal/nvm-file.ts';
import { MemoryNvm } from '../../../../firmware-sim/hal/nvm-memory.ts';
import { startInProcessHai } from '../../../../firmware-sim/personalities/hai/in-process.ts';
import { startInProcessMtSics } from '../../../../firmware-sim/personalities/mtsics/in-process.ts';
import { converse } from '../support.ts';
import { withCrc } from './support.ts';

const dir = mkdtempSync(join(tmpdir(), 'haipump-nvm-truth-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
const freshPath = (): string => join(dir, `nvm-${++n}.bin`);

/** Boots the HAI firmware on the file, returns what a host sees, and powers it off cleanly. */
function bootOn(nvm: FileNvm | MemoryNvm): {
  boot: string;
  alarms: string | undefined;
  selfTest: string | undefined;
  state: string | undefined;
} {
  const hai = startInProcessHai({ nvm });
  const boot = hai.lines.find((line) => line.startsWith('!BOOT')) ?? '';
  const result = { boot, alarms: hai.request('ALAR:LIST?'), selfTest: hai.request('*TST?'), state: hai.request('PUMP:STAT?') };
  hai.device.stop();
  if (nvm instanceof FileNvm) nvm.close();
  return result;
}

/** A file holding a used device's NVM: two boots, a fill and some infusion, so both slots are written. */
function usedImage(path: string): void {
  const nvm = new FileNvm(path);
  const hai = startInProcessHai({ nvm });
  hai.request('PUMP:FILL HEPS,20');
  hai.request('SIM:TIME:ADV 3600');
  hai.device.stop();
  nvm.close();
}

describe('NVM truth: what an NVM file at boot means', () => {
  it('a missing file is a new device: BLANK, no alarm, self-test passes', () => {
    const path = freshPath();
    expect(existsSync(path)).toBe(false);
    expect(bootOn(new FileNvm(path))).toEqual({
      boot: expect.stringMatching(/^!BOOT fw=[^,]+,reset=POWERON,nvm=BLANK,atMs=0\*[0-9A-F]{4}$/),
      alarms: 'NONE',
      selfTest: '0',
      state: 'EMPTY',
    });
  });

  it('an existing 0-byte file is a wiped device: CORRUPT, alarm 208 HIGH, *TST? reports the NVM bit', () => {
    const path = freshPath();
    writeFileSync(path, '');
    const hai = startInProcessHai({ nvm: new FileNvm(path) });
    expect(hai.lines[0]).toMatch(/^!BOOT fw=[^,]+,reset=POWERON,nvm=CORRUPT,atMs=0\*[0-9A-F]{4}$/);
    expect(hai.lines).toContain(withCrc('!ALARM 208,HIGH,"NVM corrupt"'));
    converse(hai)`
      ALAR:LIST? → 208:HIGH:0
      // PROTOCOL.md 7.1: 0 pass, else a bit mask; 1 = NVM.
      *TST? → 1
      PUMP:STAT? → FAULT
      // A HIGH alarm blocks a fill until it is acknowledged; acknowledging 208 clears it and the test passes again.
      PUMP:FILL HEPS,10 → ERR 103,"Alarm not acknowledged"
      ALAR:ACK 208 → OK
      ALAR:LIST? → NONE
      *TST? → 0
    `;
    hai.device.stop();
  });

  it('a used image truncated inside its first record is CORRUPT', () => {
    const path = freshPath();
    usedImage(path);
    truncateSync(path, 10);
    expect(bootOn(new FileNvm(path))).toMatchObject({ boot: expect.stringContaining('nvm=CORRUPT'), alarms: '208:HIGH:0', selfTest: '1' });
  });

  it('an image overwritten with garbage is CORRUPT', () => {
    const path = freshPath();
    writeFileSync(path, Buffer.alloc(3000, 0x5a));
    expect(bootOn(new FileNvm(path))).toMatchObject({ boot: expect.stringContaining('nvm=CORRUPT'), selfTest: '1' });
  });

  it('a used image loaded again is OK and keeps its state', () => {
    const path = freshPath();
    usedImage(path);
    expect(bootOn(new FileNvm(path))).toEqual({
      boot: expect.stringContaining('nvm=OK'),
      alarms: 'NONE',
      selfTest: '0',
      state: 'INFUSING',
    });
  });

  it('one torn slot next to a good one is RESTORED, not CORRUPT, and raises no 208', () => {
    const path = freshPath();
    usedImage(path);
    const nvm = new FileNvm(path);
    // Tear the newest record the way a cut write does: a new head over the old tail.
    const slots = [nvm.readSlot(0), nvm.readSlot(1)];
    const seqs = slots.map((b) => (b === undefined || b.length < 8 ? -1 : Buffer.from(b).readUInt32LE(4)));
    const newest = (seqs[0] ?? -1) > (seqs[1] ?? -1) ? 0 : 1;
    const torn = Buffer.from(slots[newest] ?? new Uint8Array(0));
    torn[20] = (torn[20] ?? 0) ^ 0xff;
    nvm.writeSlot(newest, torn);
    expect(bootOn(nvm)).toMatchObject({ boot: expect.stringContaining('nvm=RESTORED'), alarms: 'NONE', selfTest: '0' });
  });

  it('a record whose partner slot vanished (file cut at the slot boundary) is RESTORED, never silently OK', () => {
    const path = freshPath();
    usedImage(path);
    const size = readFileSync(path).length;
    expect(size).toBeGreaterThan(64 * 1024);
    truncateSync(path, 64 * 1024);
    expect(bootOn(new FileNvm(path)).boot).toContain('nvm=RESTORED');
  });

  it('--nvm-init (FileNvm init) turns an existing image into a new device', () => {
    const path = freshPath();
    usedImage(path);
    expect(bootOn(new FileNvm(path, { init: true }))).toMatchObject({
      boot: expect.stringContaining('nvm=BLANK'),
      state: 'EMPTY',
      selfTest: '0',
    });
  });

  it('fresh RAM is new; wiped RAM is CORRUPT', () => {
    expect(bootOn(new MemoryNvm()).boot).toContain('nvm=BLANK');
    const wiped = new MemoryNvm();
    wiped.wipe();
    expect(bootOn(wiped).boot).toContain('nvm=CORRUPT');
  });

  it('the superloop reports the NVM status to every personality (here the balance) and its host', () => {
    const fresh = startInProcessMtSics();
    expect(fresh.device.nvmStatus()).toBe('BLANK');
    fresh.device.stop();
    const path = freshPath();
    writeFileSync(path, '');
    const nvm = new FileNvm(path);
    const wiped = startInProcessMtSics({ nvm });
    expect(wiped.device.nvmStatus()).toBe('CORRUPT');
    wiped.device.stop();
    nvm.close();
  });
});
