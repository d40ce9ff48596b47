/** The emulators' wire on a host (firmware-sim/hal/pty.ts): pairs, the cable relay, tracking, failures. */
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { realpath } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { SerialPort } from 'serialport';
import { afterEach, describe, expect, it } from 'vitest';
import { HAI_FACTORY_BAUD } from '../../../protocols/hai/limits.ts';
import { createCableRelay, createPtyPair, liveChildCount, type CableRelay, type PtyPair } from '../../../firmware-sim/hal/pty.ts';

const open: (PtyPair | CableRelay)[] = [];
afterEach(async () => {
  for (const item of open.splice(0).reverse()) await item.close();
  expect(liveChildCount()).toBe(0);
});

const PTS = /^\/dev\/pts\/\d+$/;

/** The process's name from /proc, or undefined once it is gone from the process table (reaped). */
function commOf(pid: number | undefined): string | undefined {
  try {
    return readFileSync(`/proc/${pid ?? -1}/comm`, 'latin1').trim();
  } catch {
    return undefined;
  }
}

async function openPort(path: string): Promise<SerialPort> {
  const port = new SerialPort({ path, baudRate: HAI_FACTORY_BAUD, autoOpen: false });
  await new Promise<void>((resolve, reject) => port.open((e) => (e ? reject(e) : resolve())));
  return port;
}

/** Writes `text` on `from` and resolves with what `to` receives. */
async function carries(from: SerialPort, to: SerialPort, text: string): Promise<string> {
  const received = new Promise<string>((resolve) => to.once('data', (chunk: Buffer) => resolve(chunk.toString('latin1'))));
  from.write(text);
  return received;
}

const closePort = (port: SerialPort): Promise<void> => new Promise((resolve) => port.close(() => resolve()));

describe('createPtyPair', () => {
  it('names the temp dir and links, carries bytes both ways, and leaves nothing on close', async () => {
    const pair = await createPtyPair({ prefix: 'unit', links: { device: 'unit-dev', host: 'unit' } });
    open.push(pair);
    expect(basename(pair.dir)).toMatch(/^haipump-unit-/);
    expect(pair.devicePath).toBe(join(pair.dir, 'unit-dev'));
    expect(pair.hostPath).toBe(join(pair.dir, 'unit'));
    expect(await realpath(pair.devicePath)).toMatch(PTS);
    expect(liveChildCount()).toBe(1);
    // The pid we track is socat's own (it runs under a guardian shell).
    const socatPid = pair.socatPid;
    expect(commOf(socatPid)).toBe('socat');

    const device = await openPort(pair.devicePath);
    const host = await openPort(pair.hostPath);
    expect(await carries(host, device, 'ping\n')).toBe('ping\n');
    expect(await carries(device, host, 'pong\n')).toBe('pong\n');
    await closePort(device);
    await closePort(host);

    await pair.close();
    await pair.close();
    expect(pair.socatPid).toBeUndefined();
    // Gone from the table, not a zombie: its guardian reaped it before close() resolved.
    expect(commOf(socatPid)).toBeUndefined();
    expect(existsSync(pair.dir)).toBe(false);
    expect(liveChildCount()).toBe(0);
  });

  it('replaces stale links left by a killed socat, and keeps a given dir on close', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'haipump-pty-stale-'));
    try {
      symlinkSync('/dev/pts/999999', join(dir, 'dev'));
      symlinkSync('/dev/pts/999998', join(dir, 'host'));
      const pair = await createPtyPair({ dir });
      open.push(pair);
      expect(await realpath(pair.devicePath)).toMatch(PTS);
      expect(await realpath(pair.hostPath)).toMatch(PTS);
      await pair.close();
      expect(existsSync(dir)).toBe(true);
      expect(existsSync(pair.hostPath)).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('restart keeps the paths and runs a new socat', async () => {
    const pair = await createPtyPair();
    open.push(pair);
    const first = pair.socatPid;
    await pair.restart({ downMs: 10 });
    expect(pair.socatPid).not.toBe(first);
    expect(commOf(first)).toBeUndefined();
    expect(commOf(pair.socatPid)).toBe('socat');
    expect(await realpath(pair.hostPath)).toMatch(PTS);
    await pair.close();
    await expect(pair.restart()).rejects.toThrow(/closed/);
  });

  it('reports a socat that cannot start or exits at once, and tracks nothing afterwards', async () => {
    await expect(createPtyPair({ socatPath: '/nonexistent/socat' })).rejects.toThrow(/cannot start socat \(is it installed/);
    await expect(createPtyPair({ socatPath: 'false' })).rejects.toThrow(/socat exited before the ptys were ready/);
    expect(liveChildCount()).toBe(0);
  });
});

describe('createCableRelay', () => {
  it('unplugs and replugs the host side at the same path while the device end stays open', async () => {
    const pair = await createPtyPair();
    open.push(pair);
    const device = await openPort(pair.devicePath);
    const cable = await createCableRelay(pair.hostPath);
    open.push(cable);
    expect(basename(dirname(cable.hostPath))).toMatch(/^haipump-cable-/);
    expect(liveChildCount()).toBe(2);

    let host = await openPort(cable.hostPath);
    expect(await carries(host, device, 'a\n')).toBe('a\n');
    await closePort(host);

    await cable.unplug();
    expect(existsSync(cable.hostPath)).toBe(false);
    expect(liveChildCount()).toBe(1);
    await cable.replug();
    host = await openPort(cable.hostPath);
    expect(await carries(device, host, 'b\n')).toBe('b\n');
    await closePort(host);
    await closePort(device);

    await cable.close();
    expect(existsSync(dirname(cable.hostPath))).toBe(false);
    await expect(cable.replug()).rejects.toThrow(/closed/);
  });
});
