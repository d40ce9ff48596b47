/**
 * Port discovery without udev: the default listing must not throw here (no udevadm), and the
 * /dev and /sys scans find a device given through injected roots (a by-id link to a real pty).
 */
import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { listPorts, portMatches } from '../../src/transport/ports.ts';
import { createPtyPair, type PtyPair } from '../support/pty.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'haipump-ports-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function ptys(): Promise<PtyPair> {
  const pair = await createPtyPair();
  cleanups.push(() => pair.close());
  return pair;
}

/** A fake sysfs: tty -> USB interface dir, whose parent (the USB device) carries the ids. */
async function fakeUsbSysfs(sysRoot: string, ttyName: string): Promise<void> {
  const usbDevice = join(sysRoot, 'devices', 'pci0000:00', 'usb1', '1-1');
  const iface = join(usbDevice, '1-1:1.0', ttyName);
  await mkdir(iface, { recursive: true });
  await writeFile(join(usbDevice, 'idVendor'), '0403\n');
  await writeFile(join(usbDevice, 'idProduct'), '6001\n');
  await writeFile(join(usbDevice, 'serial'), 'A10K1234\n');
  await writeFile(join(usbDevice, 'manufacturer'), 'FTDI\n');
  await mkdir(join(sysRoot, 'class', 'tty', ttyName), { recursive: true });
  await symlink(iface, join(sysRoot, 'class', 'tty', ttyName, 'device'));
  // A phantom legacy UART: has a device but type 0, so it must be skipped.
  await mkdir(join(sysRoot, 'devices', 'platform', 'serial8250', 'ttyS0'), { recursive: true });
  await mkdir(join(sysRoot, 'class', 'tty', 'ttyS0'), { recursive: true });
  await symlink(join(sysRoot, 'devices', 'platform', 'serial8250', 'ttyS0'), join(sysRoot, 'class', 'tty', 'ttyS0', 'device'));
  await writeFile(join(sysRoot, 'class', 'tty', 'ttyS0', 'type'), '0\n');
}

describe('listPorts', () => {
  it('does not throw where udevadm is missing', async () => {
    const ports = await listPorts();
    expect(Array.isArray(ports)).toBe(true);
  });

  it('never throws even when the udev lister throws and the roots do not exist', async () => {
    const ports = await listPorts({
      devRoot: '/nonexistent/dev',
      sysRoot: '/nonexistent/sys',
      serialPortList: () => Promise.reject(new Error('spawn udevadm ENOENT')),
    });
    expect(ports).toEqual([]);
  });

  it('finds a pty through a by-id link and USB attributes through sysfs, deduped by real path', async () => {
    const pair = await ptys();
    const devRoot = await tempDir();
    const sysRoot = await tempDir();
    const realA = await realpath(pair.a);
    const realB = await realpath(pair.b);
    const byId = join(devRoot, 'serial', 'by-id');
    await mkdir(byId, { recursive: true });
    await symlink(pair.a, join(byId, 'usb-FTDI_FT232R_A10K1234-if00-port0'));
    // ttyUSB7 is "the same device" as the by-id link: one entry must come out, not two.
    await symlink(realA, join(devRoot, 'ttyUSB7'));
    await symlink(realB, join(devRoot, 'ttyACM3'));
    await symlink(realA, join(devRoot, 'ttyS0'));
    await fakeUsbSysfs(sysRoot, 'ttyUSB7');

    const ports = await listPorts({
      devRoot,
      sysRoot,
      serialPortList: () => Promise.reject(new Error('spawn udevadm ENOENT')),
    });
    expect(ports.map((p) => p.path).sort()).toEqual([realA, realB].sort());
    const a = ports.find((p) => p.path === realA);
    expect(a).toMatchObject({
      byIdPaths: [join(byId, 'usb-FTDI_FT232R_A10K1234-if00-port0')],
      vendorId: '0403',
      productId: '6001',
      serialNumber: 'A10K1234',
      manufacturer: 'FTDI',
    });
    expect(a?.sources.sort()).toEqual(['by-id', 'dev', 'sysfs']);
    expect(a && portMatches(a, { serialNumber: 'A10K1234', vendorId: '0x0403' })).toBe(true);
    expect(a && portMatches(a, { productId: '6015' })).toBe(false);
  });

  it('merges what SerialPort.list reports with the filesystem scan', async () => {
    const pair = await ptys();
    const devRoot = await tempDir();
    const realA = await realpath(pair.a);
    await symlink(realA, join(devRoot, 'ttyUSB0'));
    const ports = await listPorts({
      devRoot,
      sysRoot: '/nonexistent/sys',
      serialPortList: () => Promise.resolve([{ path: realA, manufacturer: 'Acme', vendorId: '1A86', productId: '7523' }]),
    });
    expect(ports).toHaveLength(1);
    expect(ports[0]).toMatchObject({
      path: realA,
      manufacturer: 'Acme',
      vendorId: '1a86',
      productId: '7523',
      sources: ['serialport', 'dev'],
    });
  });
});
