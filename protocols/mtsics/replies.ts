import * as z from 'zod';
import { massUnitSchema } from './units.ts';

/** The first token of a reply. SI and SIR answer with `S ...`; `@` answers with `I4 ...`. */
export const REPLY_HEADS = ['S', 'Z', 'ZI', 'T', 'TI', 'TA', 'TAC', 'I0', 'I1', 'I2', 'I3', 'I4', 'I5', 'I10', 'I11'] as const;
export const replyHeadSchema = z.enum(REPLY_HEADS);
export type ReplyHead = z.infer<typeof replyHeadSchema>;

const INFO_HEADS = ['I0', 'I1', 'I2', 'I3', 'I5', 'I10', 'I11'] as const;
export const infoHeadSchema = z.enum(INFO_HEADS);

export const GENERAL_ERRORS = ['ES', 'ET', 'EL'] as const;
export const generalErrorSchema = z.enum(GENERAL_ERRORS);

const finite = z.number().refine(Number.isFinite, 'must be finite');

/** A mass as the balance wrote it (`value` in `unit`) and in grams (`valueG`) for the analysis. */
const massFields = { value: finite, unit: massUnitSchema, valueG: finite };

/**
 * Every reply line, typed. The schema is the contract: the host parser validates what it built
 * against it, so a reply object that type-checks also satisfies the runtime rules.
 */
export const replySchema = z.discriminatedUnion('kind', [
  /** `S S <value> <unit>` (stable) or `S D ...` (dynamic, SI/SIR only). */
  z.object({ kind: z.literal('weight'), stable: z.boolean(), ...massFields }),
  /** `T S ...`, `TI S|D ...`: the tare just taken. */
  z.object({ kind: z.literal('tare'), command: z.enum(['T', 'TI']), stable: z.boolean(), ...massFields }),
  /** `TA A <value> <unit>`: the tare in memory (query, or confirmation of a preset). */
  z.object({ kind: z.literal('tareValue'), ...massFields }),
  /** `Z A` (zeroed; Z only zeroes when stable, so stable is true) or `ZI S|D`. */
  z.object({ kind: z.literal('zeroed'), command: z.enum(['Z', 'ZI']), stable: z.boolean() }),
  /** `TAC A`. */
  z.object({ kind: z.literal('tareCleared') }),
  /** `<head> I`: not executable now (busy, or not stable within the time limit). */
  z.object({ kind: z.literal('notExecutable'), command: replyHeadSchema }),
  /** `<head> +`: over the weighing range. */
  z.object({ kind: z.literal('overload'), command: replyHeadSchema }),
  /** `<head> -`: under the weighing range (e.g. pan removed). */
  z.object({ kind: z.literal('underload'), command: replyHeadSchema }),
  /** `<head> L`: a parameter the balance cannot apply (e.g. `TA -1 g`). */
  z.object({ kind: z.literal('parameterError'), command: replyHeadSchema }),
  /** `I4 A "<serial>"`, also the answer to `@`. */
  z.object({ kind: z.literal('serialNumber'), serial: z.string() }),
  /** `I2 A "<type> <capacity> <unit>"`. */
  z.object({
    kind: z.literal('balanceData'),
    balanceType: z.string().min(1),
    capacity: finite,
    unit: massUnitSchema,
    capacityG: finite,
  }),
  /** Other identification lines; `more` is true for `B` lines (more lines follow, as in I0). */
  z.object({ kind: z.literal('info'), command: infoHeadSchema, more: z.boolean(), fields: z.array(z.string()) }),
  /** `ES` syntax error, `ET` transmission error, `EL` logical error. */
  z.object({ kind: z.literal('error'), code: generalErrorSchema }),
]);

export type Reply = z.infer<typeof replySchema>;
export type ReplyKind = Reply['kind'];
