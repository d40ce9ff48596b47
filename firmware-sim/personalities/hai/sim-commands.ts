import { ambientMmHgAtAltitude } from '../../../src/model/atmosphere.ts';
import { formatDecimal, formatFixed } from '../../../protocols/hai/numbers.ts';
import type { SimRequest } from '../../../protocols/hai/request-schema.ts';
import { LOG_EVENTS, SIM_FAULTS, type SimFault } from '../../../protocols/hai/vocabulary.ts';
import type { AppContext } from '../../app/personality.ts';
import { fail, ok, value, type Outcome } from './outcome.ts';
import type { HaiPlant } from './plant.ts';

const faultIndex = (fault: SimFault): number => SIM_FAULTS.indexOf(fault) + 1;

/** What the back door may touch: the world around the firmware, and two of the firmware's own steps. */
export interface SimTarget {
  readonly ctx: Pick<AppContext, 'nowMs' | 'sim' | 'log' | 'markDirty' | 'commit'>;
  readonly plant: HaiPlant;
  /** Integrates physics up to device time `nowMs`: alarms and telemetry crossed on the way go out. */
  advanceTo(nowMs: number): void;
  /** The conditions changed at `nowMs`: a new integration segment starts and alarms are re-evaluated. */
  conditionsChanged(nowMs: number): void;
}

/**
 * The `SIM:` back door: world time, environment and faults. It changes the world (plant, link,
 * world time), never the firmware's RAM directly; the firmware then sees the consequences
 * through its sensors and physics on the next integration, like a real device would.
 */
export function handleSimRequest(fw: SimTarget, request: SimRequest): Outcome {
  const sim = fw.ctx.sim;
  // A real device: the back door's headers are as unknown as any other.
  if (sim === undefined) return fail('undefinedHeader');
  const plant = fw.plant;
  const env = plant.environment;
  const now = fw.ctx.nowMs();

  /** A change of conditions: integrate up to now under the old ones, then start a new segment. */
  const changeWorld = (apply: () => void): Outcome => {
    fw.advanceTo(now);
    apply();
    fw.conditionsChanged(now);
    fw.ctx.markDirty();
    return ok;
  };

  switch (request.kind) {
    case 'simTimeQuery':
      return value(String(sim.world.nowMs()));
    case 'simTimeAdvance': {
      sim.world.advance(Math.round(request.seconds * 1000));
      // Everything crossed on the way (telemetry, alarms) goes out, in order, before the OK.
      fw.advanceTo(fw.ctx.nowMs());
      fw.ctx.markDirty();
      return ok;
    }
    case 'simSpeed':
      fw.advanceTo(now);
      sim.world.setSpeed(request.factor);
      return ok;
    case 'simSpeedQuery':
      return value(formatDecimal(sim.world.speed));
    case 'simTemperature':
      return changeWorld(() => (env.bodyTempC = request.temperatureC));
    case 'simAltitude':
      return changeWorld(() => {
        env.altitudeM = request.altitudeM;
        env.ambientMmHg = ambientMmHgAtAltitude(request.altitudeM);
      });
    case 'simAmbient':
      return changeWorld(() => (env.ambientMmHg = request.ambientMmHg));
    case 'simArterial':
      return changeWorld(() => (env.arterialMmHg = request.arterialMmHg));
    case 'simEnvQuery':
      switch (request.quantity) {
        case 'temperature':
          return value(formatFixed(env.bodyTempC, 2));
        case 'altitude':
          return value(formatFixed(env.altitudeM, 1));
        case 'ambient':
          return value(formatFixed(env.ambientMmHg, 2));
        case 'arterial':
          return value(formatFixed(env.arterialMmHg, 2));
      }
      break;
    case 'simFault': {
      const param = request.param;
      const inject = (apply: () => void): Outcome => {
        const result = changeWorld(apply);
        fw.ctx.log.append(now, LOG_EVENTS.faultInjected, faultIndex(request.fault));
        return result;
      };
      switch (request.fault) {
        case 'OCCLUSION':
          return inject(() => {
            plant.occlusionActive = true;
            plant.occlusionFraction = param ?? 1;
          });
        case 'LEAK':
          return inject(() => {
            plant.leakActive = true;
            plant.leakMlPerDay = param ?? 0.5;
          });
        case 'SENSOR':
          return inject(() => plant.sensors.fail('volume', 'injected'));
        case 'BROWNOUT':
          // The reset itself happens after the OK has been sent (HaiFirmware.afterReply).
          fw.ctx.log.append(now, LOG_EVENTS.faultInjected, faultIndex('BROWNOUT'));
          fw.ctx.commit();
          return ok;
        case 'NOISE':
          sim.link.noiseProbability = param ?? 0.01;
          fw.ctx.log.append(now, LOG_EVENTS.faultInjected, faultIndex('NOISE'));
          fw.ctx.markDirty();
          return ok;
        case 'MUTE':
          // Armed after the OK goes out (HaiFirmware.afterReply).
          fw.ctx.log.append(now, LOG_EVENTS.faultInjected, faultIndex('MUTE'));
          fw.ctx.markDirty();
          return ok;
        case 'SLOW':
          sim.link.slowMs = Math.round(param ?? 500);
          fw.ctx.log.append(now, LOG_EVENTS.faultInjected, faultIndex('SLOW'));
          fw.ctx.markDirty();
          return ok;
      }
      break;
    }
    case 'simFaultClear': {
      const targets: readonly SimFault[] = request.fault === 'ALL' ? SIM_FAULTS : [request.fault];
      return changeWorld(() => {
        for (const fault of targets) {
          if (clearFault(fw, fault)) fw.ctx.log.append(now, LOG_EVENTS.faultCleared, faultIndex(fault));
        }
      });
    }
    case 'simFaultQuery':
      return value(listFaults(fw));
    default:
      request satisfies never;
      return fail('undefinedHeader');
  }
}

/** Clears one fault; true if it was active. */
function clearFault(fw: SimTarget, fault: SimFault): boolean {
  const plant = fw.plant;
  const link = fw.ctx.sim?.link;
  switch (fault) {
    case 'OCCLUSION': {
      const was = plant.occlusionActive;
      plant.occlusionActive = false;
      plant.occlusionFraction = 0;
      return was;
    }
    case 'LEAK': {
      const was = plant.leakActive;
      plant.leakActive = false;
      plant.leakMlPerDay = 0;
      return was;
    }
    case 'SENSOR': {
      const was = !plant.sensors.volumeSensorOk();
      plant.sensors.repair('volume');
      return was;
    }
    case 'BROWNOUT':
      return false;
    case 'NOISE': {
      const was = (link?.noiseProbability ?? 0) > 0;
      if (link !== undefined) link.noiseProbability = 0;
      return was;
    }
    case 'MUTE': {
      const was = link?.muteUntilMs !== undefined;
      if (link !== undefined) link.muteUntilMs = undefined;
      return was;
    }
    case 'SLOW': {
      const was = (link?.slowMs ?? 0) > 0;
      if (link !== undefined) link.slowMs = 0;
      return was;
    }
  }
}

function listFaults(fw: SimTarget): string {
  const plant = fw.plant;
  const link = fw.ctx.sim?.link;
  const now = fw.ctx.nowMs();
  const items: string[] = [];
  if (plant.occlusionActive) items.push(`OCCLUSION:${formatDecimal(plant.occlusionFraction)}`);
  if (plant.leakActive) items.push(`LEAK:${formatDecimal(plant.leakMlPerDay)}`);
  if (!plant.sensors.volumeSensorOk()) items.push('SENSOR');
  if (link !== undefined && link.noiseProbability > 0) items.push(`NOISE:${formatDecimal(link.noiseProbability)}`);
  if (link?.muteUntilMs !== undefined && link.muteUntilMs > now) items.push(`MUTE:${formatDecimal((link.muteUntilMs - now) / 1000)}`);
  if (link !== undefined && link.slowMs > 0) items.push(`SLOW:${formatDecimal(link.slowMs)}`);
  return items.length === 0 ? 'NONE' : items.join(';');
}
