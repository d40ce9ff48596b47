/**
 * The device side of an unplug test: a Uart on a pty end that, like firmware behind a USB
 * adapter, comes back by itself when the line returns (it reopens the same path until it
 * can). `interceptWrite` lets a test swallow a reply, so the cable can be pulled while the
 * host is waiting for it.
 *
 * It reopens only a link socat made anew: the old link may still point at a pts number that the
 * new socat has just handed to the host's end, and a device opening that would sit on the host's
 * side of the line, hearing nothing (seen under load). And it does not rely on its port's close
 * alone: a device that sends nothing may never get one (seen under load too), so a new link at
 * its path (an inotify event on the directory) also means the old line is gone.
 */
import { watch, type FSWatcher } from 'node:fs';
import { lstat } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { SerialPort } from 'serialport';
import type { Uart } from '../../../firmware-sim/hal/types.ts';

// The retry interval while the line is down (no link yet, or open refused): a wait on a
// condition with no deadline, so a busy machine only makes the reopen later, never fails it.
const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export class ReopeningUart implements Uart {
  private port: SerialPort | undefined;
  private handler: ((bytes: Uint8Array) => void) | undefined;
  private closed = false;
  opens = 0;
  /** The link (inode and change time) last opened. */
  private openedLink: string | undefined;
  private watcher: FSWatcher | undefined;
  /** Return true to drop the bytes (never reach the wire). */
  interceptWrite: ((bytes: Uint8Array) => boolean) | undefined;
  /** Sees every received chunk before the firmware does. */
  onReceive: ((bytes: Uint8Array) => void) | undefined;

  constructor(private readonly path: string) {}

  async open(): Promise<void> {
    while (!this.closed) {
      const link = await linkOf(this.path);
      if (link === undefined || link === this.openedLink) {
        await delay(20);
        continue;
      }
      const port = new SerialPort({ path: this.path, baudRate: 115200, autoOpen: false });
      port.on('error', () => undefined);
      try {
        await new Promise<void>((resolve, reject) => port.open((e) => (e ? reject(e) : resolve())));
      } catch {
        await delay(20);
        continue;
      }
      this.opens++;
      this.openedLink = link;
      port.on('data', (chunk: Buffer) => {
        this.onReceive?.(chunk);
        this.handler?.(chunk);
      });
      port.once('close', () => this.gone(port));
      this.port = port;
      this.watcher ??= watch(dirname(this.path), (_event, name) => {
        if (name === basename(this.path)) void this.checkLink();
      });
      return;
    }
  }

  /** The link at our path was made anew while our port is open: that port is on a dead line. */
  private async checkLink(): Promise<void> {
    const port = this.port;
    if (port === undefined) return;
    const link = await linkOf(this.path);
    if (link !== undefined && link !== this.openedLink) this.gone(port);
  }

  private gone(port: SerialPort): void {
    if (port !== this.port) return;
    this.port = undefined;
    if (port.isOpen) port.close();
    if (!this.closed) void this.open();
  }

  write(bytes: Uint8Array): void {
    if (this.interceptWrite?.(bytes) === true) return;
    if (this.port?.isOpen === true) this.port.write(Buffer.from(bytes));
  }

  onBytes(handler: (bytes: Uint8Array) => void): void {
    this.handler = handler;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.watcher?.close();
    const port = this.port;
    this.port = undefined;
    if (port?.isOpen === true) await new Promise<void>((resolve) => port.close(() => resolve()));
  }
}

/** A link's identity: a new link has a new change time (and usually a new inode). */
function linkOf(path: string): Promise<string | undefined> {
  return lstat(path, { bigint: true }).then(
    (st) => `${st.ino}:${st.ctimeNs}`,
    () => undefined,
  );
}
