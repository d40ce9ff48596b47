import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SerialPort } from 'serialport';
import { afterAll, describe, expect, it } from 'vitest';
import { HAI_FACTORY_BAUD } from '../../../protocols/hai/limits.ts';
import { startHaiEmulator } from '../../../firmware-sim/launch/hai.ts';
import { DEFAULT_PUMP_PROFILE } from '../../../src/model/default-profile.ts';

const dir = mkdtempSync(join(tmpdir(), 'haipump-pty-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Opens `path` with the real serialport bindings and returns a line-at-a-time requester. */
async function openHost(path: string): Promise<{ lines: string[]; request(text: string): Promise<string>; close(): Promise<void> }> {
  const port = new SerialPort({ path, baudRate: HAI_FACTORY_BAUD, autoOpen: false });
  await new Promise<void>((resolve, reject) => port.open((e) => (e ? reject(e) : resolve())));
  const lines: string[] = [];
  let partial = '';
  const waiters: (() => void)[] = [];
  port.on('data', (chunk: Buffer) => {
    partial += chunk.toString('latin1');
    let lf = partial.indexOf('\n');
    while (lf !== -1) {
      lines.push(partial.slice(0, lf));
      partial = partial.slice(lf + 1);
      lf = partial.indexOf('\n');
    }
    for (const w of waiters.splice(0)) w();
  });
  return {
    lines,
    async request(text) {
      const start = lines.length;
      port.write(`${text}\n`);
      // Waits on the port's data events only; a device that never answers fails on vitest's timeout.
      for (;;) {
        const reply = lines.slice(start).find((l) => !l.startsWith('!'));
        if (reply !== undefined) return reply;
        await new Promise<void>((r) => waiters.push(r));
      }
    },
    close: () => new Promise<void>((r) => port.close(() => r())),
  };
}

const startSim = ({ nvm }: { nvm: string }) =>
  startHaiEmulator({
    line: { pty: true },
    nvm: { file: nvm },
    profile: DEFAULT_PUMP_PROFILE,
    baud: HAI_FACTORY_BAUD,
    telemetryS: 0,
    speed: 1,
  });

describe('haipump sim on a pty (socat + real serialport bindings)', () => {
  it('answers *IDN? and keeps state in the NVM file across restarts', async () => {
    const nvm = join(dir, 'nvm.bin');
    const sim = await startSim({ nvm });
    const host = await openHost(sim.port);
    try {
      expect(await host.request('*IDN?')).toBe('HAIPUMP,HAI-30,SN000001,1.0.0');
      expect(await host.request('*IDN?*FBE3')).toMatch(/^HAIPUMP,HAI-30,SN000001,1\.0\.0\*[0-9A-F]{4}$/);
      expect(await host.request('PUMP:FILL FUDR,25')).toBe('OK');
    } finally {
      await host.close();
      await sim.stop();
    }
    const again = await startSim({ nvm });
    const host2 = await openHost(again.port);
    try {
      expect(await host2.request('PUMP:INF?')).toBe('FUDR');
      // The first record is still the first boot (seq 1, code 1 boot, value 0 power-on). Its
      // device time is whatever the emulator's real-time clock read at boot (0 or a few ms).
      const [seq, atMs, code, value] = (await host2.request('LOG:READ? 0')).split(',');
      expect([seq, code, value]).toEqual(['1', '1', '0.0000']);
      expect(Number(atMs)).toBeGreaterThanOrEqual(0);
      expect(Number.isInteger(Number(atMs))).toBe(true);
    } finally {
      await host2.close();
      await again.stop();
    }
  });

  it('the command prints {"port"} first, serves, and exits 0 on SIGTERM', async () => {
    const bin = fileURLToPath(new URL('../../../bin/haipump.js', import.meta.url));
    const child = spawn(process.execPath, [bin, 'sim', '--pty', '--json', '--speed', 'max'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stderr.setEncoding('utf8').on('data', (c: string) => (err += c));
    const first = await new Promise<string>((resolve, reject) => {
      child.stdout.setEncoding('utf8').on('data', (c: string) => {
        out += c;
        if (out.includes('\n')) resolve(out.split('\n')[0] ?? '');
      });
      child.once('exit', () => reject(new Error(`exited early: ${err}`)));
    });
    const { port } = JSON.parse(first) as { port: string };
    const host = await openHost(port);
    expect(await host.request('*IDN?')).toBe('HAIPUMP,HAI-30,SN000001,1.0.0');
    expect(await host.request('SIM:SPEED?')).toBe('0');
    await host.close();
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
