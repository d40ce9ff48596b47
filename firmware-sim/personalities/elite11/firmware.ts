// The Pump 11 Elite application firmware (one boot's RAM), speaking the Harvard "Ultra" command
// set of protocols/harvard: CR-terminated commands with the address straight in front, replies
// of `<lf>[##:]line<cr>` lines ending in a prompt with no line end. What differs between the
// models of the family comes from the model row (protocols/harvard/models.ts), never from here.
//
// On a chain every pump hears every byte the host sends, so a pump answers only a line with its
// own address, and a line with no address only if it is the chain head: the pump wired to the
// host (by the manual, pump 0 on a chain; a lone pump is its own head, so a bare CR finds it
// whatever its address [C]). No two pumps ever answer the same line.
import {
  HarvardCommandSplitter,
  HARVARD_MESSAGES,
  commandError,
  formatHarvardReply,
  harvardErrorLines,
  parseHarvardCommand,
} from '../../../protocols/harvard/index.ts';
import type { HarvardBaud, HarvardBuiltInSyringe, HarvardModel, HarvardPromptText } from '../../../protocols/harvard/index.ts';
import { rateLimitsMlPerMin } from '../../../protocols/newera/index.ts';
import type { AppContext, BootInfo, PersonalityInstance } from '../../app/personality.ts';
import type { Elite11CommandTarget, Elite11Limits } from './command-target.ts';
import { executeElite11Command, type Outcome } from './commands.ts';
import { Elite11Motion } from './motion.ts';
import { blankElite11State, type Elite11State } from './state.ts';

export type { Elite11Limits } from './command-target.ts';

export interface Elite11FirmwareOptions {
  /** Raw bytes to the UART (a reply ends in a prompt with no line end). */
  tx(bytes: Uint8Array): void;
  /** Switches the UART's baud rate (`baud n`). */
  setBaud(baud: HarvardBaud): void;
  limits: Elite11Limits;
  model: HarvardModel;
  /** The built-in syringe table `syrm` chooses from. */
  syringes: readonly HarvardBuiltInSyringe[];
  /** Wired to the host: answers lines with no address (see the file comment). */
  chainHead: boolean;
  /** Keypad setup at power-up, overriding NVM when given. */
  address?: number;
  baud?: HarvardBaud;
  diameterMm?: number;
  onBoot?(firmware: Elite11Firmware): void;
}

export class Elite11Firmware implements PersonalityInstance<Elite11State>, Elite11CommandTarget {
  readonly state: Elite11State;
  readonly motion: Elite11Motion;
  private readonly splitter = new HarvardCommandSplitter();
  /** The motor stalled (`*` until the next run or stop). */
  stalled = false;
  /** A target stopped the last run (`T*` until the next run or stop). */
  targetReached = false;
  private stallArmed = false;

  constructor(
    readonly ctx: AppContext,
    restored: Elite11State | undefined,
    info: BootInfo,
    readonly options: Elite11FirmwareOptions,
  ) {
    this.state = restored ?? blankElite11State();
    if (options.address !== undefined) this.state.address = options.address;
    if (options.baud !== undefined) this.state.baud = options.baud;
    if (options.diameterMm !== undefined) this.state.diameterMm = options.diameterMm;
    this.motion = new Elite11Motion(this.state);
    ctx.log.append(info.atMs, 1, 0);
    ctx.markDirty();
    options.onBoot?.(this);
  }

  // ---- loop interface -------------------------------------------------------------------

  receive(bytes: Uint8Array): void {
    // [?] USB echo: the head (the pump on the host's port) echoes what it receives as it comes.
    if (this.state.echo && this.options.chainHead) this.options.tx(bytes);
    for (const item of this.splitter.push(bytes)) {
      if ('overflow' in item) {
        if (this.options.chainHead) this.reply({ error: commandError(HARVARD_MESSAGES.lineTooLong) });
      } else {
        this.handle(item.line);
      }
    }
  }

  advanceTo(nowMs: number): void {
    if (this.stallArmed && this.motion.moving) {
      this.stallArmed = false;
      this.motion.stop(nowMs);
      this.stalled = true;
      this.ctx.markDirty();
    }
    if (this.motion.advanceTo(nowMs)) {
      this.targetReached = true;
      this.ctx.markDirty();
    }
  }

  nextWakeMs(): number | undefined {
    if (this.stallArmed && this.motion.moving) return this.ctx.nowMs();
    return this.motion.targetAtMs();
  }

  persistentState(): Elite11State {
    // Physics only: a pending stall is the loop's to apply, not a side effect of a commit.
    if (this.motion.advanceTo(this.ctx.nowMs())) this.targetReached = true;
    return structuredClone(this.state);
  }

  digest(): string {
    return JSON.stringify({
      state: this.state,
      stalled: this.stalled,
      target: this.targetReached,
      moving: this.motion.direction ?? null,
      armed: this.stallArmed,
    });
  }

  /** The motor stalls (`*` prompt) as soon as it runs. */
  injectStall(): void {
    this.stallArmed = true;
  }

  // ---- what the command handlers share -----------------------------------------------------

  rateLimits(): { minMlPerMin: number; maxMlPerMin: number } {
    return rateLimitsMlPerMin(this.state.diameterMm, this.options.limits);
  }

  rateInRange(mlPerMin: number): boolean {
    const { minMlPerMin, maxMlPerMin } = this.rateLimits();
    return mlPerMin >= minMlPerMin * (1 - 1e-9) && mlPerMin <= maxMlPerMin * (1 + 1e-9);
  }

  /** Clears the run flags (`run`, `stop`). */
  clearRunFlags(): void {
    this.stalled = false;
    this.targetReached = false;
  }

  // ---- protocol --------------------------------------------------------------------------

  private isForMe(address: number | undefined): boolean {
    return address === undefined ? this.options.chainHead : address === this.state.address;
  }

  private prompt(): HarvardPromptText {
    if (this.stalled) return '*';
    if (this.targetReached) return 'T*';
    if (this.motion.direction === 'infuse') return '>';
    if (this.motion.direction === 'withdraw') return '<';
    return ':';
  }

  private reply(outcome: Outcome): void {
    const lines = outcome.error === undefined ? (outcome.lines ?? []) : harvardErrorLines(outcome.error);
    const text = formatHarvardReply({ lines, prompt: this.prompt(), address: this.state.address, xon: this.state.poll });
    this.options.tx(Uint8Array.from(text, (c) => c.charCodeAt(0) & 0xff));
  }

  private handle(line: string): void {
    const now = this.ctx.nowMs();
    this.advanceTo(now);
    const parsed = parseHarvardCommand(line, { addressSeparator: this.options.model.addressSeparator });
    const address = parsed.ok ? parsed.request.address : parsed.address;
    if (!this.isForMe(address)) return;
    if (!parsed.ok) return this.reply({ error: parsed.error });
    const request = parsed.request;
    if (request.kind === 'prompt') return this.reply({});
    const outcome = executeElite11Command(this, request.command, request.args, now);
    this.ctx.commit();
    this.reply(outcome);
    outcome.after?.();
  }
}
