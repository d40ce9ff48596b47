// NewEraDevice against the NE-1000 emulator over a socat pty with the real serialport
// bindings, and (the same driver calls) against a real pump when HAIPUMP_DEVICE is set.
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NE_FACTORY_BAUD } from '../../../protocols/newera/index.ts';
import { openNewEraDevice, type NewEraDevice } from '../../../src/devices/newera/index.ts';
import { DeviceError } from '../../../src/devices/pump-device.ts';
import type { Ne1000Device } from '../../../firmware-sim/personalities/ne1000/index.ts';
import { realDevice, startNe1000, type BenchEmulator } from './fixture.ts';
import { runsASmallRate } from '../real-pump.ts';

interface LogEntry {
  dir: string;
  hex: string;
  text: string;
}

function trafficSink(): { sink: PassThrough; entries: () => LogEntry[] } {
  const sink = new PassThrough();
  let text = '';
  sink.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  return {
    sink,
    entries: () =>
      text
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => JSON.parse(l) as LogEntry),
  };
}

/** Resolves once the emulator has received `count` more safe-mode heartbeats: the safe packet
 * of the status query `0`, STX LEN=05 '0' (any other command of ours is longer). */
function heartbeatsReceived(emu: BenchEmulator<Ne1000Device>, count: number): Promise<void> {
  const heartbeats = (received: string): number => received.split('\x02\x050').length - 1;
  const target = heartbeats(emu.received()) + count;
  return emu.untilReceived((received) => heartbeats(received) >= target);
}

async function expectDeviceError(p: Promise<unknown>, code: DeviceError['code']): Promise<DeviceError> {
  const error = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DeviceError);
  expect((error as DeviceError).code).toBe(code);
  return error as DeviceError;
}

describe('NewEraDevice ↔ NE-1000 emulator over a pty', () => {
  let emu: BenchEmulator<Ne1000Device>;
  let pump: NewEraDevice;
  const log = trafficSink();

  beforeAll(async () => {
    emu = await startNe1000();
    pump = await openNewEraDevice({ path: emu.hostPath, syringe: 'bd-plastipak-10ml', trafficLog: log.sink });
  });
  afterAll(async () => {
    await pump?.close();
    await emu?.close();
  });

  it('identifies, after re-sending the command the power-up alarm swallowed', async () => {
    expect(await pump.identify()).toEqual({ model: 'NE1000', firmware: '3.928' });
    expect(pump.resends).toBe(1);
    const rx = log
      .entries()
      .filter((e) => e.dir === 'rx')
      .map((e) => e.text);
    expect(rx[0]).toBe('\x0200A?R\x03');
    const tx = log
      .entries()
      .filter((e) => e.dir === 'tx')
      .map((e) => e.text);
    expect(tx.slice(0, 2)).toEqual(['0\r', '0\r']);
    expect(emu.device.state().diameterMm).toBe(14.43);
  });

  it('sets the rate in the units with the finest step, runs, and reads the growing total', async () => {
    await pump.setRate(0.5 * 1440); // 0.5 mL/min → 500.0 UM (0.1 µL/min step) beats 0.500 MM
    expect(emu.received()).toContain('0RAT500.0UM\r');
    await pump.clearDelivered();
    await pump.start();
    expect((await pump.status()).state).toBe('running');
    // Read until the total has grown past 2 µL: each read is a round trip (an event), so a busy
    // machine only means more reads. Each reading must lie between what the emulator had counted
    // before the read and after it (1 µL of display rounding either side): that pins the units,
    // whatever time the reads took.
    const infusedMl = (): number => (emu.device.firmware()?.state.infusedNl ?? NaN) / 1e6;
    let delivered = 0;
    while (delivered <= 0.002) {
      const beforeMl = infusedMl();
      delivered = await pump.readDeliveredMl();
      expect(delivered).toBeGreaterThanOrEqual(beforeMl - 0.001);
      expect(delivered).toBeLessThanOrEqual(infusedMl() + 0.001);
    }
    await pump.stop();
    expect((await pump.status()).state).toBe('stopped');
  });

  it('refuses an out-of-range rate before sending: the pump never sees it', async () => {
    const before = emu.received();
    const error = await expectDeviceError(pump.setRate(50 * 1440), 'out-of-range');
    expect(error.message).toMatch(/bd-plastipak-10ml.*not sent/);
    expect(emu.received()).toBe(before);
  });

  it('STP pauses a running program, a second STP stops it', async () => {
    await pump.start();
    expect(await pump.pause()).toBe('P');
    expect((await pump.status()).state).toBe('paused');
    expect(await pump.pause()).toBe('S');
  });

  it('stops by itself at the target volume', async () => {
    await pump.setRate(6 * 1440); // 6 mL/min = 0.1 mL/s
    await pump.setTargetVolumeMl(0.05);
    await pump.clearDelivered();
    await pump.start();
    // Ask until the pump says it stopped (0.5 s of its time): the pump, not a timer, ends the wait.
    while ((await pump.status()).state === 'running');
    expect((await pump.status()).state).toBe('stopped');
    expect(await pump.readDeliveredMl()).toBeCloseTo(0.05, 6);
    await pump.setTargetVolumeMl(0);
  });

  it('reports a stall as an alarm (A?S) and recovers after the acknowledgement', async () => {
    await pump.setRate(1440);
    await pump.injectFault('stall');
    await pump.start();
    // No wait: the emulator brings its physics up to each command first, so the stall armed by
    // RUN is raised before it answers the next query, however soon that comes.
    const error = await expectDeviceError(pump.status(), 'alarm');
    expect(error.message).toMatch(/alarm S \(motor stall\)/);
    expect((await pump.alarms()).map((a) => a.code)).toEqual(['S']);
    await pump.acknowledge('S');
    expect(await pump.alarms()).toEqual([]);
    expect((await pump.status()).state).toBe('stopped');
  });
});

describe('NewEraDevice safe mode', () => {
  it('frames every byte as STX LEN data CRC ETX and keeps the pump alive with a heartbeat', async () => {
    const emu = await startNe1000();
    const log = trafficSink();
    const pump = await openNewEraDevice({ path: emu.hostPath, safeMode: { timeoutS: 1 }, trafficLog: log.sink });
    try {
      await pump.setRate(0.3 * 1440);
      await pump.start();
      // Nine heartbeats (three SAF periods) with no command of ours: only the heartbeat keeps
      // alarm T away. Counted as the pump receives them, not slept through.
      await heartbeatsReceived(emu, 9);
      expect(emu.device.firmware()?.pendingAlarm).toBeUndefined();
      expect((await pump.status()).state).toBe('running');
      await pump.stop();
      const safeTx = log.entries().filter((e) => e.dir === 'tx' && e.hex.startsWith('02'));
      // 0 → 02 05 30 CRC CRC 03 (LEN = 1 + 4)
      expect(safeTx.some((e) => /^0205 30[0-9a-f]{4}03$/.test(e.hex.replace(/^(..)(..)(..)/, '$1$2 $3')))).toBe(true);
      for (const e of safeTx) {
        const bytes = Buffer.from(e.hex, 'hex');
        expect(bytes[1]).toBe(bytes.length - 1);
        expect(bytes[bytes.length - 1]).toBe(0x03);
      }
      const safeRx = log.entries().filter((e) => e.dir === 'rx' && /^02[0-9a-f]{2}3030/.test(e.hex));
      expect(safeRx.length).toBeGreaterThan(3);
    } finally {
      await pump.close();
      await emu.close();
    }
    expect(emu.received()).toContain('SAF0');
  });

  it('without the heartbeat the pump stops with alarm T and says so by itself', async () => {
    const emu = await startNe1000();
    const pump = await openNewEraDevice({ path: emu.hostPath, safeMode: { timeoutS: 1 } });
    const events: string[] = [];
    pump.onEvent((e) => events.push(`${e.type}:${e.type === 'alarm' ? e.detail.code : ''}`));
    try {
      await pump.setRate(1440);
      await pump.start();
      // Simulate a hung host: stop the heartbeat by hand.
      (pump as unknown as { stopHeartbeat(): void }).stopHeartbeat();
      // The pump's own report is the event to wait for: no timer of ours decides when it is due.
      await new Promise<void>((resolve) => {
        if (events.includes('alarm:T')) return resolve();
        pump.onEvent((e) => {
          if (e.type === 'alarm' && e.detail.code === 'T') resolve();
        });
      });
      expect(events).toContain('alarm:T');
      expect((await pump.alarms()).map((a) => a.code)).toContain('T');
    } finally {
      await pump.close();
      await emu.close();
    }
  });
});

describe('NewEraDevice failures', () => {
  it('names the port and baud when nothing answers', async () => {
    const emu = await startNe1000({ address: 7 });
    try {
      const error = await expectDeviceError(openNewEraDevice({ path: emu.hostPath, timeoutMs: 300 }), 'silent');
      expect(error.message).toBe(
        `no reply from ne1000 at ${emu.hostPath} @19200 within 300 ms: check cable (null-modem?), baud and address`,
      );
    } finally {
      await emu.close();
    }
  });

  it('tells a wrong baud rate from silence when garbage comes back', async () => {
    // The pump runs at 19200; the host end of the cable at 2400 (emulated: a pty has no baud).
    const emu = await startNe1000({ lineBaud: 2400 });
    try {
      const error = await openNewEraDevice({ path: emu.hostPath, baudRate: 2400, timeoutMs: 300 }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(DeviceError);
      expect((error as DeviceError).message).toMatch(/@2400.*baud/);
    } finally {
      await emu.close();
    }
  });
});

const hil = realDevice('ne1000');
describe.skipIf(hil === undefined)('NewEraDevice on a real pump (HAIPUMP_DEVICE)', () => {
  it('identifies, runs a small rate, and reads back a delivered volume', async () => {
    const pump = await openNewEraDevice({ path: hil?.path ?? '', baudRate: hil?.baudRate ?? NE_FACTORY_BAUD, timeoutMs: 1000 });
    try {
      expect((await pump.identify()).model).toMatch(/^NE/);
      await runsASmallRate(pump);
    } finally {
      await pump.close();
    }
  });
});
