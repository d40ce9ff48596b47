/**
 * Serial port discovery that works without udev. `SerialPort.list()` spawns `udevadm`, which is
 * missing in containers and CI (`spawn udevadm ENOENT`), so we also read the same facts straight
 * from /dev and /sys and merge everything by the device's real path.
 */
import { readdir, readFile, realpath } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { SerialPort } from 'serialport';

export type PortSource = 'serialport' | 'by-id' | 'dev' | 'sysfs';

export interface PortInfo {
  /** The path to open: the real device node (e.g. /dev/ttyUSB0). */
  path: string;
  /** Stable aliases under /dev/serial/by-id (survive replug and renumbering). */
  byIdPaths: string[];
  manufacturer?: string;
  product?: string;
  serialNumber?: string;
  /** Lowercase 4-digit hex, no 0x. */
  vendorId?: string;
  productId?: string;
  /** Which discovery methods saw this port. */
  sources: PortSource[];
}

/** The raw shape `SerialPort.list()` returns (kept local so tests can inject a fake). */
export interface ListedPort {
  path: string;
  manufacturer?: string | undefined;
  serialNumber?: string | undefined;
  vendorId?: string | undefined;
  productId?: string | undefined;
}

export interface ListPortsOptions {
  /** Root of the device tree; `/dev` unless testing. */
  devRoot?: string;
  /** Root of sysfs; `/sys` unless testing. */
  sysRoot?: string;
  /** The udev-based lister; `SerialPort.list` by default, `null` to skip it. */
  serialPortList?: (() => Promise<ListedPort[]>) | null;
}

type Found = Omit<PortInfo, 'byIdPaths' | 'sources'> & { source: PortSource; byIdPath?: string };

async function tryRealpath(path: string): Promise<string | undefined> {
  try {
    return await realpath(path);
  } catch {
    return undefined;
  }
}

async function tryReaddir(path: string): Promise<string[]> {
  try {
    return await readdir(path);
  } catch {
    return [];
  }
}

async function tryReadText(path: string): Promise<string | undefined> {
  try {
    const text = (await readFile(path, 'utf8')).trim();
    return text.length > 0 ? text : undefined;
  } catch {
    return undefined;
  }
}

function normaliseHexId(id: string | undefined): string | undefined {
  if (id === undefined) return undefined;
  const hex = id.trim().toLowerCase().replace(/^0x/, '');
  return /^[0-9a-f]{1,4}$/.test(hex) ? hex.padStart(4, '0') : undefined;
}

async function fromSerialPortList(list: () => Promise<ListedPort[]>): Promise<Found[]> {
  try {
    const ports = await list();
    return ports.map((p) => ({
      path: p.path,
      manufacturer: p.manufacturer,
      serialNumber: p.serialNumber,
      vendorId: normaliseHexId(p.vendorId),
      productId: normaliseHexId(p.productId),
      source: 'serialport' as const,
    }));
  } catch {
    // Expected without udevadm; the filesystem scans below cover it.
    return [];
  }
}

async function fromById(devRoot: string): Promise<Found[]> {
  const dir = join(devRoot, 'serial', 'by-id');
  const found: Found[] = [];
  for (const name of await tryReaddir(dir)) {
    const link = join(dir, name);
    const real = await tryRealpath(link);
    if (real !== undefined) found.push({ path: real, byIdPath: link, source: 'by-id' });
  }
  return found;
}

async function fromDevNodes(devRoot: string): Promise<Found[]> {
  const names = (await tryReaddir(devRoot)).filter((n) => /^tty(USB|ACM)\d+$/.test(n));
  const found: Found[] = [];
  for (const name of names) {
    const real = await tryRealpath(join(devRoot, name));
    if (real !== undefined) found.push({ path: real, source: 'dev' });
  }
  return found;
}

/** USB attributes live on an ancestor of the tty's device dir (the USB device, not the interface). */
async function readUsbAttributes(deviceDir: string, sysRoot: string): Promise<Partial<Found>> {
  let dir = deviceDir;
  for (let depth = 0; depth < 8 && dir.startsWith(sysRoot) && dir !== sysRoot; depth++) {
    const vendorId = await tryReadText(join(dir, 'idVendor'));
    if (vendorId !== undefined) {
      return {
        vendorId: normaliseHexId(vendorId),
        productId: normaliseHexId(await tryReadText(join(dir, 'idProduct'))),
        serialNumber: await tryReadText(join(dir, 'serial')),
        manufacturer: await tryReadText(join(dir, 'manufacturer')),
        product: await tryReadText(join(dir, 'product')),
      };
    }
    dir = dirname(dir);
  }
  return {};
}

async function fromSysfs(devRoot: string, sysRoot: string): Promise<Found[]> {
  const classDir = join(sysRoot, 'class', 'tty');
  const realSysRoot = (await tryRealpath(sysRoot)) ?? sysRoot;
  const found: Found[] = [];
  for (const name of await tryReaddir(classDir)) {
    const deviceDir = await tryRealpath(join(classDir, name, 'device'));
    if (deviceDir === undefined) continue; // virtual ttys (tty0, pts, console) have no device
    // Legacy 8250 ports exist on every PC whether wired or not; type 0 means "no UART here".
    const uartType = await tryReadText(join(classDir, name, 'type'));
    if (uartType === '0') continue;
    const node = join(devRoot, name);
    const real = await tryRealpath(node);
    if (real === undefined) continue;
    found.push({ path: real, source: 'sysfs', ...(await readUsbAttributes(deviceDir, realSysRoot)) });
  }
  return found;
}

function merge(all: Found[]): PortInfo[] {
  const byPath = new Map<string, PortInfo>();
  for (const f of all) {
    let info = byPath.get(f.path);
    if (info === undefined) {
      info = { path: f.path, byIdPaths: [], sources: [] };
      byPath.set(f.path, info);
    }
    if (!info.sources.includes(f.source)) info.sources.push(f.source);
    if (f.byIdPath !== undefined && !info.byIdPaths.includes(f.byIdPath)) info.byIdPaths.push(f.byIdPath);
    // First non-empty value wins; udev (listed first) is the most authoritative when present.
    info.manufacturer ??= f.manufacturer;
    info.product ??= f.product;
    info.serialNumber ??= f.serialNumber;
    info.vendorId ??= f.vendorId;
    info.productId ??= f.productId;
  }
  const ports = [...byPath.values()];
  for (const p of ports) {
    // Drop keys that stayed undefined so JSON output is tidy and stable.
    for (const key of ['manufacturer', 'product', 'serialNumber', 'vendorId', 'productId'] as const) {
      if (p[key] === undefined) delete p[key];
    }
    p.byIdPaths.sort();
  }
  return ports.sort((x, y) => x.path.localeCompare(y.path, 'en', { numeric: true }));
}

/** Lists serial ports. Never throws because udevadm is missing; an unreadable root just adds nothing. */
export async function listPorts(options: ListPortsOptions = {}): Promise<PortInfo[]> {
  const devRoot = options.devRoot ?? '/dev';
  const sysRoot = options.sysRoot ?? '/sys';
  const list = options.serialPortList === undefined ? () => SerialPort.list() : options.serialPortList;
  const [udev, byId, dev, sysfs] = await Promise.all([
    list === null ? Promise.resolve([]) : fromSerialPortList(list),
    fromById(devRoot),
    fromDevNodes(devRoot),
    fromSysfs(devRoot, sysRoot),
  ]);
  return merge([...udev, ...byId, ...dev, ...sysfs]);
}

export interface PortMatch {
  serialNumber?: string;
  vendorId?: string;
  productId?: string;
}

/** True when every given field of `match` equals the port's (ids compared as hex, case-insensitive). */
export function portMatches(port: PortInfo, match: PortMatch): boolean {
  if (match.serialNumber !== undefined && port.serialNumber !== match.serialNumber) return false;
  if (match.vendorId !== undefined && port.vendorId !== normaliseHexId(match.vendorId)) return false;
  if (match.productId !== undefined && port.productId !== normaliseHexId(match.productId)) return false;
  return true;
}
