import { parseReply, type Reply } from '../../../protocols/mtsics/index.ts';
import { BalanceError } from './errors.ts';

/** A mass reading, in grams whatever unit the balance displayed. */
export interface WeightReading {
  massG: number;
  stable: boolean;
  /** As the balance wrote it, for logs. */
  value: number;
  unit: string;
}

/**
 * Turns one reply line into a typed reply, or the BalanceError it means. Error replies of every
 * command (`+`, `-`, `I`, `L`, ES/ET/EL) become errors here, so each method only handles success.
 */
export function interpret(line: string, command: string, capacityG: number | undefined): Reply {
  const parsed = parseReply(line);
  if (!parsed.ok) {
    const unit = /unsupported unit (\S+)/.exec(parsed.error);
    if (unit !== null) {
      throw new BalanceError('unit', `the balance reports in ${unit[1] ?? '?'}; set its display unit to g, mg or kg`);
    }
    throw new BalanceError('protocol', `unexpected reply to ${command}: ${parsed.error}`);
  }
  const reply = parsed.reply;
  switch (reply.kind) {
    // `+`/`-` mean the range of the command that answered: zero setting for Z/ZI, taring for T/TI
    // (MT-SICS 11781363 pp. 225, 230, 244, 246), the weighing range for the S family.
    case 'overload':
      if (reply.command === 'Z' || reply.command === 'ZI') {
        return fail(
          'zero-range',
          `the balance cannot zero here (${reply.command} +): the load is above its zero setting range; take it off the pan, or tare instead`,
        );
      }
      if (reply.command === 'T' || reply.command === 'TI')
        return fail('tare-range', `the balance cannot tare this load (${reply.command} +): above its taring range`);
      return fail('overload', `balance overload (${reply.command} +): the load is above the weighing range${capacityText(capacityG)}`);
    case 'underload':
      if (reply.command === 'Z' || reply.command === 'ZI') {
        return fail(
          'zero-range',
          `the balance cannot zero here (${reply.command} -): the load is below its zero setting range; is the pan in place?`,
        );
      }
      if (reply.command === 'T' || reply.command === 'TI') {
        return fail(
          'tare-range',
          `the balance cannot tare this load (${reply.command} -): below its taring range (a negative gross weight?)`,
        );
      }
      return fail('underload', `balance underload (${reply.command} -): the load is below the weighing range; is the pan in place?`);
    case 'notExecutable':
      return fail(
        'unstable',
        `balance not stable in time (${reply.command} I): draft, vibration or dripping liquid; or the balance is busy`,
      );
    case 'parameterError':
      return fail('parameter', `the balance refused the parameter of ${command} (${reply.command} L)`);
    case 'error':
      if (reply.code === 'ES') return fail('syntax', `the balance did not understand ${JSON.stringify(command)} (ES)`);
      if (reply.code === 'ET')
        return fail('transmission', `transmission error on ${JSON.stringify(command)} (ET): check baud rate and parity`);
      return fail('logic', `the balance cannot execute ${JSON.stringify(command)} now (EL)`);
    default:
      return reply;
  }
}

function capacityText(capacityG: number | undefined): string {
  return capacityG === undefined ? '' : ` (capacity ${capacityG} g)`;
}

function fail(code: ConstructorParameters<typeof BalanceError>[0], message: string): never {
  throw new BalanceError(code, message);
}

export function expectWeight(reply: Reply, command: string): WeightReading {
  if (reply.kind !== 'weight') throw new BalanceError('protocol', `expected a weight in reply to ${command}, got ${reply.kind}`);
  return { massG: reply.valueG, stable: reply.stable, value: reply.value, unit: reply.unit };
}
