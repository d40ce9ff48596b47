/**
 * Test helpers for the HIL suite: a "real" HAI pump (the firmware with
 * its SIM back door compiled out, as on hardware) on a pty, a silent pty, and a socat census.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { HAI_FACTORY_BAUD } from '../../protocols/hai/limits.ts';
import { RealClock } from '../../src/model/clock.ts';
import { DEFAULT_PUMP_PROFILE } from '../../src/model/default-profile.ts';
import { MemoryNvm } from '../../firmware-sim/hal/nvm-memory.ts';
import { openSerialUart } from '../../firmware-sim/hal/uart-serialport.ts';
import { createHaiDevice } from '../../firmware-sim/personalities/hai/index.ts';
import { createPtyPair, type PtyPair } from '../support/pty.ts';

/** socat processes whose arguments name one of our temp dirs (`haipump-hil-`, `haipump-cable-`). */
export function harnessSocats(): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmd = readFileSync(`/proc/${entry}/cmdline`, 'latin1').split('\0');
      if (cmd[0]?.endsWith('socat') && cmd.some((a) => a.includes('haipump-hil-') || a.includes('haipump-cable-'))) {
        const stat = readFileSync(`/proc/${entry}/stat`, 'latin1');
        // Zombies (Z) have exited; their parent just has not reaped them yet.
        if (!/^\d+ \(.*\) Z /.test(stat)) pids.push(Number(entry));
      }
    } catch {
      // The process went away while we looked.
    }
  }
  return pids;
}

export interface RealLikePump {
  /** The path a host opens. */
  port: string;
  close(): Promise<void>;
}

/** The HAI firmware with `simulation: false`: it answers SIM: with -113, like the real implant. */
export async function startRealLikeHai(): Promise<RealLikePump> {
  const pty: PtyPair = await createPtyPair();
  const uart = await openSerialUart(pty.b, HAI_FACTORY_BAUD);
  const clock = new RealClock();
  const device = createHaiDevice({ profile: DEFAULT_PUMP_PROFILE, uart, clock, nvm: new MemoryNvm(), simulation: false });
  device.start();
  return {
    port: pty.a,
    async close() {
      device.stop();
      clock.clearAll();
      await uart.close();
      await pty.close();
    },
  };
}

/** A pty with nothing behind it: the device that never answers. */
export async function silentPort(): Promise<PtyPair> {
  return createPtyPair();
}

/**
 * A minimal XML well-formedness check (tags nest and close, attributes quoted, entities known):
 * enough to know a CI parser will read the JUnit file, without an XML dependency.
 */
export function xmlProblems(xml: string): string | null {
  const body = xml.replace(/^<\?xml[^?]*\?>\s*/, '');
  const stack: string[] = [];
  const tag = /<(\/?)([A-Za-z][\w.-]*)((?:\s+[\w:.-]+="[^"<]*")*)\s*(\/?)>|([^<]+)|(<)/g;
  for (let m = tag.exec(body); m !== null; m = tag.exec(body)) {
    if (m[6] !== undefined) return `stray < at ${m.index}`;
    const text = m[5] ?? m[3] ?? '';
    if (/&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.test(text)) return `bad entity near ${m.index}`;
    if (m[5] !== undefined) continue;
    const name = m[2] ?? '';
    if (m[1] === '/') {
      if (stack.pop() !== name) return `</${name}> does not close the open tag`;
    } else if (m[4] !== '/') {
      stack.push(name);
    }
  }
  return stack.length === 0 ? null : `unclosed <${stack.join('><')}>`;
}
