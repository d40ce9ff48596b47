/**
 * Unsolicited `!` lines (PROTOCOL.md section 6): alarms, telemetry, boot, procedure done. Never a reply. The
 * device always appends a CRC; the parser verifies one when present and accepts lines without.
 */
import * as z from 'zod';
import { appendCrc, splitCrc } from './crc.ts';
import { formatFlowMlPerDay, formatVolumeMl, parseDecimal } from './numbers.ts';
import { ALARM_SEVERITIES, NVM_STATUSES, PUMP_STATES, RESET_CAUSES } from './vocabulary.ts';

const count = z.number().int().nonnegative();
/** z.number() refuses NaN and ±Infinity in zod 4. */
const decimal4 = z.number();

export const AlarmEventSchema = z.object({
  kind: z.literal('alarm'),
  code: z.number().int().min(1).max(999),
  severity: z.enum(ALARM_SEVERITIES),
  text: z.string(),
});
export const TelemetrySchema = z.object({
  kind: z.literal('telemetry'),
  atMs: count,
  volMl: decimal4,
  deliveredMl: decimal4,
  flowMlPerDay: decimal4,
  state: z.enum(PUMP_STATES),
});
export const BootSchema = z.object({
  kind: z.literal('boot'),
  firmware: z
    .string()
    .regex(/^[\x21-\x7E]+$/)
    .refine((s) => !/[,*=]/.test(s), 'no , * ='),
  reset: z.enum(RESET_CAUSES),
  nvm: z.enum(NVM_STATUSES),
  atMs: count,
});

/** A procedure ended: the fill or drain needle procedure, or a side-port bolus. */
export const PROCEDURES = ['FILL', 'DRAIN', 'BOLUS'] as const;
export const DoneSchema = z.object({
  kind: z.literal('done'),
  procedure: z.enum(PROCEDURES),
  atMs: count,
  volMl: decimal4.nonnegative(),
});

export type HaiAlarmEvent = z.infer<typeof AlarmEventSchema>;
export type HaiTelemetry = z.infer<typeof TelemetrySchema>;
export type HaiBoot = z.infer<typeof BootSchema>;
export type HaiDone = z.infer<typeof DoneSchema>;
export type HaiUnsolicited =
  | HaiAlarmEvent
  | HaiTelemetry
  | HaiBoot
  | HaiDone
  /** A name this codec does not know: hosts ignore it (forward compatibility). */
  | { readonly kind: 'other'; readonly name: string; readonly rest: string };

export function isUnsolicited(text: string): boolean {
  return text.startsWith('!');
}

const quote = (text: string): string => `"${text.replace(/[^\x20-\x7E]|\*/g, '?').replace(/"/g, '""')}"`;

/** The line without terminator; `crc` defaults to true, as the device always sends one. */
export function formatUnsolicited(message: HaiUnsolicited, options: { readonly crc?: boolean } = {}): string {
  let line: string;
  switch (message.kind) {
    case 'alarm': {
      const m = AlarmEventSchema.parse(message);
      line = `!ALARM ${m.code},${m.severity},${quote(m.text)}`;
      break;
    }
    case 'telemetry': {
      const m = TelemetrySchema.parse(message);
      line =
        `!TEL atMs=${m.atMs},volMl=${formatVolumeMl(m.volMl)},deliveredMl=${formatVolumeMl(m.deliveredMl)},` +
        `flowMlPerDay=${formatFlowMlPerDay(m.flowMlPerDay)},state=${m.state}`;
      break;
    }
    case 'boot': {
      const m = BootSchema.parse(message);
      line = `!BOOT fw=${m.firmware},reset=${m.reset},nvm=${m.nvm},atMs=${m.atMs}`;
      break;
    }
    case 'done': {
      const m = DoneSchema.parse(message);
      line = `!DONE proc=${m.procedure},atMs=${m.atMs},volMl=${formatVolumeMl(m.volMl)}`;
      break;
    }
    case 'other':
      line = message.rest === '' ? `!${message.name}` : `!${message.name} ${message.rest}`;
      break;
  }
  return options.crc === false ? line : appendCrc(line);
}

export type UnsolicitedParse =
  | { readonly ok: true; readonly message: HaiUnsolicited; readonly crc: boolean }
  | { readonly ok: false; readonly reason: 'not-unsolicited' | 'crc-mismatch' | 'malformed'; readonly detail: string };

/** `key=value,...` with keys in any order; unknown keys ignored, duplicates refused. */
function keyValues(rest: string): Map<string, string> | null {
  const map = new Map<string, string>();
  for (const item of rest.split(',')) {
    const eq = item.indexOf('=');
    if (eq <= 0) return null;
    const key = item.slice(0, eq);
    if (map.has(key)) return null;
    map.set(key, item.slice(eq + 1));
  }
  return map;
}

const num = (text: string | undefined): number | undefined => {
  if (text === undefined) return undefined;
  const parsed = parseDecimal(text);
  return parsed.ok ? parsed.value : undefined;
};

function decode(name: string, rest: string): { ok: true; message: HaiUnsolicited } | { ok: false; detail: string } {
  const checked = (schema: z.ZodType<HaiUnsolicited>, input: unknown) => {
    const result = schema.safeParse(input);
    return result.success
      ? { ok: true as const, message: result.data }
      : { ok: false as const, detail: `${name}: ${result.error.issues[0]?.message ?? 'invalid'}` };
  };
  switch (name) {
    case 'ALARM': {
      const match = /^(\d{1,3}),([A-Z]+),"((?:[^"]|"")*)"$/.exec(rest);
      if (match === null) return { ok: false, detail: 'ALARM fields' };
      return checked(AlarmEventSchema, {
        kind: 'alarm',
        code: Number(match[1]),
        severity: match[2],
        text: (match[3] ?? '').replace(/""/g, '"'),
      });
    }
    case 'TEL': {
      const kv = keyValues(rest);
      if (kv === null) return { ok: false, detail: 'TEL fields' };
      return checked(TelemetrySchema, {
        kind: 'telemetry',
        atMs: num(kv.get('atMs')),
        volMl: num(kv.get('volMl')),
        deliveredMl: num(kv.get('deliveredMl')),
        flowMlPerDay: num(kv.get('flowMlPerDay')),
        state: kv.get('state'),
      });
    }
    case 'BOOT': {
      const kv = keyValues(rest);
      if (kv === null) return { ok: false, detail: 'BOOT fields' };
      return checked(BootSchema, {
        kind: 'boot',
        firmware: kv.get('fw'),
        reset: kv.get('reset'),
        nvm: kv.get('nvm'),
        atMs: num(kv.get('atMs')),
      });
    }
    case 'DONE': {
      const kv = keyValues(rest);
      if (kv === null) return { ok: false, detail: 'DONE fields' };
      return checked(DoneSchema, { kind: 'done', procedure: kv.get('proc'), atMs: num(kv.get('atMs')), volMl: num(kv.get('volMl')) });
    }
    default:
      return { ok: true, message: { kind: 'other', name, rest } };
  }
}

/** Never throws. */
export function parseUnsolicited(text: string): UnsolicitedParse {
  if (!isUnsolicited(text)) return { ok: false, reason: 'not-unsolicited', detail: text };
  if (!/^[\x20-\x7E]*$/.test(text)) return { ok: false, reason: 'malformed', detail: 'non-printable character' };
  const split = splitCrc(text);
  if (split.crc !== undefined && !split.crc.ok) return { ok: false, reason: 'crc-mismatch', detail: text };
  const match = /^!([A-Z][A-Z0-9_]*)(?: (.*))?$/.exec(split.body);
  if (match === null) return { ok: false, reason: 'malformed', detail: split.body };
  const decoded = decode(match[1] ?? '', match[2] ?? '');
  return decoded.ok
    ? { ok: true, message: decoded.message, crc: split.crc !== undefined }
    : { ok: false, reason: 'malformed', detail: decoded.detail };
}
