// The Pump 11 Elite application firmware (one boot's RAM), speaking the Harvard "Ultra"
// command set of shared/reference/benchtop-protocols.md: CR-terminated lower-case commands,
// replies of CR LF lines ending in a prompt (`:` `>` `<` `*` `T*`) with no line end after it.
import {
  HARVARD_TARGET_NOT_SET,
  HarvardCommandSplitter,
  formatHarvardRateLimitsLine,
  formatHarvardRateLine,
  formatHarvardReply,
  formatHarvardStatusLine,
  formatHarvardVolumeLine,
  harvardRateToMlPerMin,
  harvardVolumeToMl,
  parseHarvardCommand,
} from '../../../protocols/harvard/index.ts';
import type { HarvardCommand, HarvardErrorLine, HarvardPromptText, HarvardRate, HarvardRateUnits, HarvardVolumeUnits } from '../../../protocols/harvard/index.ts';
import { rateLimitsMlPerMin } from '../../../protocols/newera/index.ts';
import type { LinearSpeedLimits } from '../../../protocols/newera/index.ts';
import type { AppContext, BootInfo, PersonalityInstance } from '../../app/personality.ts';
import { NL_PER_ML, Plunger, type PlungerDirection } from '../ne1000/plunger.ts';
import { blankElite11State, type Elite11State } from './state.ts';

type Baud = Elite11State['baud'];

export interface Elite11FirmwareOptions {
  /** Raw bytes to the UART (a reply ends in a prompt with no line end). */
  tx(bytes: Uint8Array): void;
  /** Switches the UART's baud rate (`baud n`). */
  setBaud(baud: Baud): void;
  limits: LinearSpeedLimits & { readonly diameterRangeMm?: { readonly min: number; readonly max: number } };
  /** `ver` body line. */
  versionLine: string;
  /** Keypad setup at power-up, overriding NVM when given. */
  address?: number;
  baud?: Baud;
  diameterMm?: number;
  onBoot?(firmware: Elite11Firmware): void;
}

type Outcome = { lines?: string[]; error?: HarvardErrorLine; after?: () => void };

const VOLUME_STEPS: ReadonlyArray<[HarvardVolumeUnits, number]> = [['ml', 1e6], ['ul', 1e3], ['nl', 1]];
const RATE_STEPS: ReadonlyArray<[HarvardRateUnits, number]> = [['ml/min', 1], ['ul/min', 1e-3], ['nl/min', 1e-6], ['pl/min', 1e-9]];

/** A volume in nL printed in the largest unit that keeps the number >= 1 (as the pump's display). */
function volumeLine(nl: number): string {
  for (const [units, nlPerUnit] of VOLUME_STEPS) if (nl >= nlPerUnit) return formatHarvardVolumeLine(nl / nlPerUnit, units);
  return formatHarvardVolumeLine(0, 'ul');
}

function rateQuantity(mlPerMin: number): { value: number; units: HarvardRateUnits } {
  for (const [units, mlPerUnit] of RATE_STEPS) if (mlPerMin >= mlPerUnit) return { value: mlPerMin / mlPerUnit, units };
  return { value: mlPerMin / 1e-9, units: 'pl/min' };
}

export class Elite11Firmware implements PersonalityInstance<Elite11State> {
  readonly state: Elite11State;
  private readonly plunger: Plunger;
  private readonly splitter = new HarvardCommandSplitter();
  private stalled = false;
  private targetReached = false;
  private stallArmed = false;
  private runStartMs = 0;

  constructor(
    private readonly ctx: AppContext,
    restored: Elite11State | undefined,
    info: BootInfo,
    private readonly options: Elite11FirmwareOptions,
  ) {
    this.state = restored ?? blankElite11State();
    if (options.address !== undefined) this.state.address = options.address;
    if (options.baud !== undefined) this.state.baud = options.baud;
    if (options.diameterMm !== undefined) this.state.diameterMm = options.diameterMm;
    this.plunger = new Plunger(this.state);
    ctx.log.append(info.atMs, 1, 0);
    ctx.markDirty();
    options.onBoot?.(this);
  }

  // ---- loop interface -------------------------------------------------------------------

  receive(bytes: Uint8Array): void {
    for (const item of this.splitter.push(bytes)) {
      if ('overflow' in item) this.reply({ error: 'Command error' });
      else this.handle(item.line);
    }
  }

  advanceTo(nowMs: number): void {
    if (this.stallArmed && this.plunger.moving) {
      this.stallArmed = false;
      this.plunger.stop(nowMs);
      this.stalled = true;
      this.ctx.markDirty();
    }
    if (this.plunger.advanceTo(nowMs)) {
      this.targetReached = true;
      this.ctx.markDirty();
    }
  }

  nextWakeMs(): number | undefined {
    if (this.stallArmed && this.plunger.moving) return this.ctx.nowMs();
    return this.plunger.targetAtMs();
  }

  persistentState(): Elite11State {
    this.plunger.advanceTo(this.ctx.nowMs());
    return structuredClone(this.state);
  }

  digest(): string {
    return JSON.stringify({ state: this.state, stalled: this.stalled, target: this.targetReached, moving: this.plunger.direction ?? null });
  }

  /** The motor stalls (`*` prompt) as soon as it runs. */
  injectStall(): void {
    this.stallArmed = true;
  }

  // ---- protocol --------------------------------------------------------------------------

  private prompt(): HarvardPromptText {
    if (this.stalled) return '*';
    if (this.targetReached) return 'T*';
    if (this.plunger.direction === 'infuse') return '>';
    if (this.plunger.direction === 'withdraw') return '<';
    return ':';
  }

  private reply(outcome: Outcome): void {
    const lines = outcome.error === undefined ? (outcome.lines ?? []) : [outcome.error];
    const address = this.state.address === 0 ? undefined : this.state.address;
    const text = formatHarvardReply({ lines, prompt: this.prompt(), ...(address === undefined ? {} : { address }) });
    this.options.tx(Uint8Array.from(text, (c) => c.charCodeAt(0) & 0xff));
  }

  private handle(line: string): void {
    const now = this.ctx.nowMs();
    this.advanceTo(now);
    const parsed = parseHarvardCommand(line);
    const address = parsed.ok ? parsed.request.address : parsed.address;
    if (address !== this.state.address) return;
    if (this.ctx.sim !== undefined && /^(\d{1,2}:)?\s*sim:stall\s*$/i.test(line.trim())) {
      this.injectStall();
      this.reply({});
      return;
    }
    if (!parsed.ok) {
      const error: HarvardErrorLine = parsed.error === 'unknown' ? 'Unknown command' : parsed.error === 'argument' ? 'Argument error' : 'Out of range';
      this.reply({ error });
      return;
    }
    const outcome = this.execute(parsed.request.command, now);
    this.ctx.commit();
    this.reply(outcome);
    outcome.after?.();
  }

  private limits(): { minMlPerMin: number; maxMlPerMin: number } {
    return rateLimitsMlPerMin(this.state.diameterMm, this.options.limits);
  }

  private inRange(mlPerMin: number): boolean {
    const { minMlPerMin, maxMlPerMin } = this.limits();
    return mlPerMin >= minMlPerMin * (1 - 1e-6) && mlPerMin <= maxMlPerMin * (1 + 1e-6);
  }

  private rateOf(direction: PlungerDirection): HarvardRate {
    return direction === 'infuse' ? this.state.infuseRate : this.state.withdrawRate;
  }

  private setRate(direction: PlungerDirection, rate: HarvardRate, now: number): void {
    if (direction === 'infuse') this.state.infuseRate = rate;
    else this.state.withdrawRate = rate;
    if (this.plunger.direction === direction) this.plunger.setRate(harvardRateToMlPerMin(rate.value, rate.units) * NL_PER_ML, now);
    this.ctx.markDirty();
  }

  private rateCommand(direction: PlungerDirection, arg: Extract<HarvardCommand, { cmd: 'irate' }>['arg'], now: number): Outcome {
    if (arg === undefined) {
      const r = this.rateOf(direction);
      return { lines: [formatHarvardRateLine(r.value, r.units)] };
    }
    const { minMlPerMin, maxMlPerMin } = this.limits();
    switch (arg.kind) {
      case 'lim':
        return { lines: [formatHarvardRateLimitsLine(rateQuantity(minMlPerMin), rateQuantity(maxMlPerMin))] };
      case 'max':
        this.setRate(direction, rateQuantity(maxMlPerMin), now);
        return {};
      case 'min':
        this.setRate(direction, rateQuantity(minMlPerMin), now);
        return {};
      case 'rate':
        if (!this.inRange(harvardRateToMlPerMin(arg.value, arg.units))) return { error: 'Out of range' };
        this.setRate(direction, { value: arg.value, units: arg.units }, now);
        return {};
    }
  }

  private run(direction: PlungerDirection, now: number): Outcome {
    const rate = this.rateOf(direction);
    const mlPerMin = harvardRateToMlPerMin(rate.value, rate.units);
    if (!this.inRange(mlPerMin)) return { error: 'Out of range' };
    this.stalled = false;
    this.targetReached = false;
    this.state.direction = direction;
    const target = this.state.targetVolume;
    const stopAt = target === null ? undefined : Math.round(harvardVolumeToMl(target.value, target.units) * NL_PER_ML);
    if (stopAt !== undefined && this.plunger.total(direction) >= stopAt) {
      // [?] Already at the target: the pump does not move and says so.
      this.plunger.stop(now);
      this.targetReached = true;
      return {};
    }
    this.plunger.start(direction, mlPerMin * NL_PER_ML, now, stopAt);
    this.runStartMs = now;
    this.ctx.markDirty();
    return {};
  }

  private execute(c: HarvardCommand, now: number): Outcome {
    const s = this.state;
    switch (c.cmd) {
      case 'irate':
        return this.rateCommand('infuse', c.arg, now);
      case 'wrate':
        return this.rateCommand('withdraw', c.arg, now);
      case 'irun':
        return this.run('infuse', now);
      case 'wrun':
        return this.run('withdraw', now);
      case 'run':
        return this.run(s.direction, now);
      case 'rrun':
        return this.run(s.direction === 'infuse' ? 'withdraw' : 'infuse', now);
      case 'stp':
      case 'stop':
        this.plunger.stop(now);
        this.stalled = false;
        this.targetReached = false;
        this.ctx.markDirty();
        return {};
      case 'diameter': {
        // [?] print format: four decimals and the unit.
        if (c.diameterMm === undefined) return { lines: [`${s.diameterMm.toFixed(4)} mm`] };
        if (this.plunger.moving) return { error: 'Command error' };
        const range = this.options.limits.diameterRangeMm;
        if (range !== undefined && (c.diameterMm < range.min || c.diameterMm > range.max)) return { error: 'Out of range' };
        s.diameterMm = c.diameterMm;
        this.ctx.markDirty();
        return {};
      }
      case 'svolume':
        if (c.volume === undefined) return { lines: [formatHarvardVolumeLine(s.syringeVolume.value, s.syringeVolume.units)] };
        s.syringeVolume = c.volume;
        this.ctx.markDirty();
        return {};
      case 'tvolume':
        if (c.volume === undefined) {
          const t = s.targetVolume;
          return { lines: [t === null ? HARVARD_TARGET_NOT_SET : formatHarvardVolumeLine(t.value, t.units)] };
        }
        if (this.plunger.moving) return { error: 'Command error' };
        s.targetVolume = c.volume.value === 0 ? null : c.volume;
        this.ctx.markDirty();
        return {};
      case 'ivolume':
        return { lines: [volumeLine(s.infusedNl)] };
      case 'wvolume':
        return { lines: [volumeLine(s.withdrawnNl)] };
      case 'civolume':
        this.plunger.clear('infuse', now);
        this.ctx.markDirty();
        return {};
      case 'cwvolume':
        this.plunger.clear('withdraw', now);
        this.ctx.markDirty();
        return {};
      case 'cvolume':
        this.plunger.clear('infuse', now);
        this.plunger.clear('withdraw', now);
        this.ctx.markDirty();
        return {};
      case 'ctvolume':
        s.targetVolume = null;
        this.targetReached = false;
        this.ctx.markDirty();
        return {};
      case 'crate': {
        const dir = this.plunger.direction;
        if (dir === undefined) return { lines: [formatHarvardRateLine(0, 'ml/min')] };
        const r = this.rateOf(dir);
        return { lines: [formatHarvardRateLine(r.value, r.units)] };
      }
      case 'status': {
        const dir = this.plunger.direction ?? s.direction;
        const nlPerMin = this.plunger.nlPerMin;
        return {
          lines: [
            formatHarvardStatusLine({
              // fL/s = nL/min × 1e6 / 60
              rateFlPerS: (nlPerMin * 1e6) / 60,
              time: Math.floor((this.plunger.moving ? now - this.runStartMs : 0) / 1000),
              volumeFl: this.plunger.total(dir) * 1e6,
              direction: dir,
              limit: null,
              stalled: this.stalled,
              triggered: false,
              directionPin: 'infuse',
            }),
          ],
        };
      }
      case 'ver':
        return { lines: [this.options.versionLine] };
      case 'metrics': {
        const { minMlPerMin, maxMlPerMin } = this.limits();
        return { lines: [`Pump 11 Elite`, `rate ${formatHarvardRateLimitsLine(rateQuantity(minMlPerMin), rateQuantity(maxMlPerMin))}`] };
      }
      case 'address':
        if (c.address === undefined) return { lines: [String(s.address)] };
        {
          const next = c.address;
          // [?] Reply from the old address, then answer to the new one.
          return { after: () => this.setAddress(next) };
        }
      case 'baud':
        if (c.baud === undefined) return { lines: [String(s.baud)] };
        {
          const next = c.baud;
          // Reply at the old baud, then switch [?].
          return {
            after: () => {
              s.baud = next;
              this.ctx.commit();
              this.options.setBaud(next);
            },
          };
        }
      case 'force':
        if (c.percent === undefined) return { lines: [`${s.forcePercent}%`] };
        s.forcePercent = c.percent;
        this.ctx.markDirty();
        return {};
    }
  }

  private setAddress(address: number): void {
    this.state.address = address;
    this.ctx.commit();
  }
}
