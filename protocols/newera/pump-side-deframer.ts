// The pump's side of the NE-1000 link: host -> pump bytes to basic commands and safe packets.
import { bad, type NeBasicCommandEvent, type NePumpSideEvent } from './frame-events.ts';
import { NeDeframerBase } from './deframer.ts';
import { bytesToAscii } from './bytes.ts';
import { CR, STX } from './framing.ts';

function isBlankOrControl(bytes: readonly number[]): boolean {
  return bytes.every((b) => b <= 0x20 || b === 0x7f);
}

/**
 * Pump side: reads host -> pump bytes. A frame starting with STX is a safe packet checked by
 * LEN and CRC; anything else is a basic command ending in CR; both are accepted at any time
 * [M]. An STX always starts a new packet, dropping an unfinished basic command ([?]: the
 * manual does not say; this lets a safe packet through after line noise).
 */
export class NePumpSideDeframer extends NeDeframerBase<NeBasicCommandEvent> {
  private basic: number[] = [];
  private overflowed = false;

  get hasPartial(): boolean {
    return this.safe.active || !isBlankOrControl(this.basic);
  }

  reset(): void {
    this.safe.take();
    this.basic = [];
    this.overflowed = false;
  }

  protected feedOutsidePacket(b: number, out: NePumpSideEvent[]): number[] {
    if (b === STX) {
      if (!isBlankOrControl(this.basic)) out.push(bad('aborted', this.basic));
      this.basic = [];
      this.overflowed = false;
      this.safe.start();
      return [];
    }
    if (b === CR) {
      if (!this.overflowed) out.push({ type: 'basic', text: bytesToAscii(this.basic) });
      this.basic = [];
      this.overflowed = false;
      return [];
    }
    if (this.overflowed) return [];
    this.basic.push(b);
    if (this.basic.length > this.maxBasicBytes) {
      out.push(bad('overflow', this.basic));
      this.basic = [];
      this.overflowed = true;
    }
    return [];
  }
}
