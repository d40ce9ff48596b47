/**
 * `haipump ports [--json]`: the serial ports this machine has, found with or without udev
 * (containers and CI have no udevadm), so users can pick the PATH for `--device ne1000:PATH`.
 */
import type { Command } from 'commander';
import * as z from 'zod';
import { listPorts, type PortInfo } from '../../transport/ports.ts';
import { parseOptions, print, printJson } from '../shared.ts';

const PortsOptions = z.object({ json: z.boolean().default(false) });

function table(ports: PortInfo[]): string {
  if (ports.length === 0) return 'no serial ports found\n';
  const header = ['PATH', 'VID:PID', 'SERIAL', 'MANUFACTURER', 'BY-ID'];
  const rows = ports.map((p) => [
    p.path,
    p.vendorId !== undefined ? `${p.vendorId}:${p.productId ?? '????'}` : '-',
    p.serialNumber ?? '-',
    p.manufacturer ?? '-',
    p.byIdPaths.join(', ') || '-',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return `${[line(header), ...rows.map(line)].join('\n')}\n`;
}

export function configure(command: Command): void {
  command.option('--json', 'print a JSON array of ports').action(async (raw: unknown) => {
    const options = parseOptions(PortsOptions, raw);
    const ports = await listPorts();
    if (options.json) printJson(ports);
    else print(table(ports));
  });
}
