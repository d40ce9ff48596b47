/**
 * One scenario step, played on the lifecycle machine AND mirrored on the device. A command that
 * changes delivery goes to the device only when the machine will take it (`snapshot.can`), so a
 * refused fill is refused in both places; a drain's returned volume comes from the device and is
 * fed to the machine, which reconciles its model with it.
 */
import { getNextSnapshot, type Actor } from 'xstate';
import type { ExternalEvent, FaultEvent, LifecycleMachine } from '../lifecycle/index.ts';
import { activeAlarms } from '../lifecycle/index.ts';
import { DeviceError, type DeviceEnvironment, type DeviceFault, type PumpDevice } from '../devices/pump-device.ts';
import type { LinkGuard } from './link-guard.ts';

/** Scenario faults that exist on an emulator; the others (link-lost, ...) are host-side. */
const INJECTABLE: Partial<Record<FaultEvent['cause'], { fault: DeviceFault; alarm: string }>> = {
  occlusion: { fault: 'occlusion', alarm: 'OCCLUSION' },
  leak: { fault: 'leak', alarm: 'LEAK' },
  sensor: { fault: 'sensor', alarm: 'SENSOR' },
};

export interface MirrorContext {
  actor: Actor<LifecycleMachine>;
  device: PumpDevice;
  guard: LinkGuard;
  note: (text: string) => void;
  /** Rate-settable devices: follow the model's flow after the step (start/stop/set rate). */
  afterStep?: (event: ExternalEvent) => Promise<void>;
}

export class StepMirror {
  /** Alarm codes of faults we injected on the device, cleared there once acknowledged here. */
  private readonly injected = new Set<string>();

  constructor(private readonly ctx: MirrorContext) {}

  /**
   * Whether the machine will take `event`, from a pure dry run. (`snapshot.can` does not tell:
   * the machine's root takes every refused command to log why, so `can` is always true.)
   */
  private willAccept(event: ExternalEvent): boolean {
    const snapshot = this.ctx.actor.getSnapshot();
    const next = getNextSnapshot(this.ctx.actor.logic, snapshot, event);
    return !next.context.log.slice(snapshot.context.log.length).some((entry) => entry.type === 'refused');
  }

  async apply(event: ExternalEvent): Promise<void> {
    const { actor, device } = this.ctx;
    const accepted = this.willAccept(event);
    const reservoir = device.capabilities.reservoir;
    switch (event.type) {
      case 'FILL': {
        const fill = device.fill?.bind(device);
        if (accepted && reservoir && fill !== undefined)
          await this.deviceCommand('fill', () => this.guardedFill(fill, event.infusate, event.volumeMl));
        actor.send(event);
        break;
      }
      case 'DRAIN': {
        const drain = device.drain?.bind(device);
        if (accepted && reservoir && drain !== undefined) {
          const outcome = await this.deviceCommand('drain', () => this.guardedDrain(drain));
          const returned = outcome.ok ? outcome.value : undefined;
          if (returned !== undefined && event.returnedMl !== undefined) {
            this.ctx.note(`drain: the scenario's returnedMl ${event.returnedMl} replaced by the device's ${returned.toFixed(4)} mL`);
          }
          actor.send(returned === undefined ? event : { type: 'DRAIN', returnedMl: returned });
        } else {
          actor.send(event);
        }
        break;
      }
      case 'BOLUS': {
        const bolus = device.bolus?.bind(device);
        if (accepted && reservoir && bolus !== undefined) {
          // Not repeated after a link loss: a second bolus is worse than a missing one.
          await this.deviceCommand('bolus', () =>
            this.ctx.guard.run({
              label: 'bolus',
              run: () => bolus(event.volumeMl),
              verify: async () => ({ done: true, value: undefined }),
            }),
          );
        } else if (accepted && !reservoir) {
          this.ctx.note('bolus: a syringe pump has no side port; played on the model only');
        }
        actor.send(event);
        break;
      }
      case 'ENV': {
        actor.send(event);
        const setEnvironment = device.setEnvironment?.bind(device);
        if (device.capabilities.environment && setEnvironment !== undefined) {
          const { type: _type, ...env } = event;
          await this.deviceCommand('environment', () =>
            this.ctx.guard.run({ label: 'environment', run: () => setEnvironment(env as DeviceEnvironment) }),
          );
        }
        break;
      }
      case 'FAULT': {
        actor.send(event);
        const target = INJECTABLE[event.cause];
        const inject = device.injectFault?.bind(device);
        if (target !== undefined && device.capabilities.faults && inject !== undefined) {
          const done = await this.deviceCommand('fault', () =>
            this.ctx.guard.run({ label: `inject ${target.fault}`, run: () => inject(target.fault) }),
          );
          if (done.ok) this.injected.add(target.alarm);
        }
        break;
      }
      case 'ACK': {
        actor.send(event);
        await this.deviceCommand('acknowledge', () => this.ctx.guard.run({ label: 'acknowledge', run: () => device.acknowledge() }));
        await this.clearAcknowledgedFaults();
        break;
      }
    }
    await this.ctx.afterStep?.(event);
  }

  /** A fault acknowledged on the machine was found and fixed: remove it from the emulated world. */
  private async clearAcknowledgedFaults(): Promise<void> {
    if (this.injected.size === 0) return;
    const active = new Set(activeAlarms(this.ctx.actor.getSnapshot().context).map((a) => a.code as string));
    if ([...this.injected].some((code) => active.has(code))) return;
    const clear = this.ctx.device.clearFaults?.bind(this.ctx.device);
    if (clear === undefined) return;
    await this.deviceCommand('clear faults', () => this.ctx.guard.run({ label: 'clear faults', run: clear }));
    this.injected.clear();
  }

  private guardedFill(
    fill: (infusate: Extract<ExternalEvent, { type: 'FILL' }>['infusate'], volumeMl: number) => Promise<void>,
    infusate: Extract<ExternalEvent, { type: 'FILL' }>['infusate'],
    volumeMl: number,
  ): Promise<void> {
    const { device, guard } = this.ctx;
    let stateBefore: string | undefined;
    return guard.run({
      label: 'fill',
      run: async () => {
        stateBefore ??= (await device.status()).raw;
        await fill(infusate, volumeMl);
      },
      // After a lost reply: a pump that is no longer empty took the fill.
      verify: async () => {
        const now = (await device.status()).state;
        return stateBefore !== undefined && now !== 'empty' ? { done: true, value: undefined } : { done: false };
      },
    });
  }

  private guardedDrain(drain: () => Promise<number>): Promise<number> {
    const { device, guard } = this.ctx;
    let before: number | null | undefined;
    return guard.run<number>({
      label: 'drain',
      run: async () => {
        before ??= (await device.readReservoirMl?.()) ?? null;
        return drain();
      },
      // After a lost reply: an emptied pump was drained; what came back is what left the reservoir.
      verify: async () => {
        const status = await device.status();
        const start = before;
        if (status.state !== 'empty' || start === null || start === undefined || status.reservoirMl === null) return { done: false };
        return { done: true, value: start - status.reservoirMl };
      },
    });
  }

  /** A device refusal is noted, not fatal: the comparison then shows what it cost. */
  private async deviceCommand<T>(what: string, run: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false }> {
    try {
      return { ok: true, value: await run() };
    } catch (error) {
      if (error instanceof DeviceError && error.code === 'silent') throw error;
      if (error instanceof DeviceError || error instanceof RangeError) {
        this.ctx.note(`${what}: the device did not take it (${error.message})`);
        return { ok: false };
      }
      throw error;
    }
  }
}
