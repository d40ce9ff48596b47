// The host's side of the NE-1000 link: pump -> host bytes to basic replies and safe packets.
import { bad, type NeBasicReplyEvent, type NeHostSideEvent } from './frame-events.ts';
import { NeDeframerBase, type NeDeframerOptions } from './deframer.ts';
import { bytesToAscii } from './bytes.ts';
import { ETX, STX } from './framing.ts';

export type NeReplyFraming = 'auto' | 'basic' | 'safe';

export interface NeHostDeframerOptions extends NeDeframerOptions {
  /** How to read the byte after STX. `auto` (default): an ASCII digit means a basic reply
   * (replies start with a two-digit address), anything else is a safe LEN. Ambiguous only
   * for safe replies of 44..53 data bytes, longer than any NE-1000 reply [?]. */
  readonly framing?: NeReplyFraming;
}

/** Host side: reads pump -> host bytes: basic replies STX…ETX and safe packets. */
export class NeHostSideDeframer extends NeDeframerBase<NeBasicReplyEvent> {
  private readonly framing: NeReplyFraming;
  private state: 'idle' | 'after-stx' | 'basic' = 'idle';
  private basic: number[] = [];
  private noise: number[] = [];

  constructor(options: NeHostDeframerOptions = {}) {
    super(options);
    this.framing = options.framing ?? 'auto';
  }

  get hasPartial(): boolean {
    return this.safe.active || this.state !== 'idle';
  }

  reset(): void {
    this.safe.take();
    this.state = 'idle';
    this.basic = [];
    this.noise = [];
  }

  protected override flushNoise(out: NeHostSideEvent[]): void {
    if (this.noise.length > 0) {
      out.push(bad('noise', this.noise));
      this.noise = [];
    }
  }

  protected feedOutsidePacket(b: number, out: NeHostSideEvent[]): number[] {
    switch (this.state) {
      case 'idle':
        if (b === STX) {
          this.flushNoise(out);
          this.state = 'after-stx';
        } else {
          this.noise.push(b);
        }
        return [];
      case 'after-stx': {
        const digit = b >= 0x30 && b <= 0x39;
        const basic = this.framing === 'basic' || (this.framing === 'auto' && (digit || b === ETX));
        if (basic) {
          this.state = 'basic';
          this.basic = [];
          return this.feed(b, out);
        }
        this.state = 'idle';
        this.safe.start();
        return this.feed(b, out);
      }
      case 'basic':
        if (b === ETX) {
          out.push({ type: 'basic-reply', text: bytesToAscii(this.basic) });
          this.basic = [];
          this.state = 'idle';
          return [];
        }
        if (b === STX) {
          out.push(bad('aborted', [STX, ...this.basic]));
          this.basic = [];
          this.state = 'after-stx';
          return [];
        }
        this.basic.push(b);
        if (this.basic.length > this.maxBasicBytes) {
          out.push(bad('overflow', [STX, ...this.basic]));
          this.basic = [];
          this.state = 'idle';
        }
        return [];
    }
  }
}
