/**
 * The device side of a pty pair for transport tests: real serialport + ReadlineParser on end b,
 * answering each received line through a handler. It also records what it saw, so tests assert
 * on order and concurrency from the device's point of view.
 */
import { ReadlineParser } from '@serialport/parser-readline';
import { SerialPort } from 'serialport';

export interface PeerContext {
  /** Writes raw text (the handler adds LFs itself). */
  send(text: string): void;
  /** Marks the request as answered (for the outstanding-request count). */
  answered(): void;
}

export type PeerHandler = (line: string, peer: PeerContext) => void;

export interface Peer {
  readonly received: string[];
  /** Highest number of requests received but not yet answered at any moment. */
  readonly maxOutstanding: number;
  /** Resolves once `count` lines have been received. */
  receivedCount(count: number): Promise<void>;
  send(text: string): void;
  close(): Promise<void>;
}

export async function startPeer(path: string, handler: PeerHandler): Promise<Peer> {
  const port = new SerialPort({ path, baudRate: 115200, autoOpen: false });
  // A peer whose pty vanished (restart) reports errors; the test judges the host side only.
  port.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => port.open((error) => (error ? reject(error) : resolve())));
  const parser = port.pipe(new ReadlineParser({ delimiter: '\n' }));
  const received: string[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  let outstanding = 0;
  let maxOutstanding = 0;
  const context: PeerContext = {
    send: (text) => {
      if (port.isOpen) port.write(text);
    },
    answered: () => {
      outstanding--;
    },
  };
  parser.on('data', (line: string) => {
    received.push(line);
    outstanding++;
    maxOutstanding = Math.max(maxOutstanding, outstanding);
    handler(line, context);
    for (const w of waiters.filter((w) => received.length >= w.count)) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve();
    }
  });
  return {
    received,
    get maxOutstanding() {
      return maxOutstanding;
    },
    receivedCount: (count) => (received.length >= count ? Promise.resolve() : new Promise((resolve) => waiters.push({ count, resolve }))),
    send: context.send,
    close: () =>
      new Promise((resolve) => {
        if (!port.isOpen) return resolve();
        port.close(() => resolve());
      }),
  };
}
