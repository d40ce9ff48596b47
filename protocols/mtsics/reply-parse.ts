import type * as z from 'zod';
import { decimalTextSchema, massUnitSchema, toGrams } from './units.ts';
import { GENERAL_ERRORS, infoHeadSchema, replyHeadSchema, replySchema, type Reply, type ReplyHead } from './replies.ts';
import { tokenize, type Token } from './tokens.ts';

export type ParsedReply = { ok: true; reply: Reply } | { ok: false; error: string };

/**
 * Host side: reads one reply line (CR LF optional). Never throws; anything that is not a valid
 * MT-SICS reply comes back as `{ ok: false, error }` naming what was wrong, so serial noise can
 * be logged and skipped.
 */
export function parseReply(line: string): ParsedReply {
  const body = line.replace(/\r?\n$/, '').replace(/\r$/, '');
  const tokens = tokenize(body);
  if (tokens === undefined) return fail('unterminated quoted string', body);
  const candidate = build(tokens);
  if (typeof candidate === 'string') return fail(candidate, body);
  const checked = replySchema.safeParse(candidate);
  if (!checked.success) return fail(checked.error.issues[0]?.message ?? 'invalid reply', body);
  return { ok: true, reply: checked.data };
}

/** Like parseReply but throws; for tests and callers that already know the line is good. */
export function parseReplyOrThrow(line: string): Reply {
  const parsed = parseReply(line);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.reply;
}

function fail(reason: string, body: string): ParsedReply {
  // JSON.stringify shows control characters readably and keeps the error on one line.
  return { ok: false, error: `MT-SICS: ${reason}: ${JSON.stringify(body.slice(0, 80))}` };
}

type Candidate = Reply | string;

function build(tokens: Token[]): Candidate {
  const [first, second, ...rest] = tokens;
  if (first === undefined) return 'empty line';
  if (first.quoted) return 'reply starts with a quoted string';
  if (second === undefined) return generalError(first.text);
  const head = replyHeadSchema.safeParse(first.text);
  if (!head.success) return `unknown reply ${first.text}`;
  if (second.quoted) return 'status must not be quoted';
  const status = second.text;
  if (rest.length === 0) {
    const simple = simpleStatus(head.data, status);
    if (simple !== undefined) return simple;
  }
  return detailed(head.data, status, rest);
}

function generalError(text: string): Candidate {
  const code = GENERAL_ERRORS.find((c) => c === text);
  return code === undefined ? `unknown reply ${text}` : { kind: 'error', code };
}

/** Two-token replies whose meaning does not depend on the head. */
function simpleStatus(command: ReplyHead, status: string): Reply | undefined {
  switch (status) {
    case 'I':
      return { kind: 'notExecutable', command };
    case '+':
      return { kind: 'overload', command };
    case '-':
      return { kind: 'underload', command };
    case 'L':
      return { kind: 'parameterError', command };
  }
  if (command === 'Z' && status === 'A') return { kind: 'zeroed', command, stable: true };
  if (command === 'ZI' && (status === 'S' || status === 'D')) return { kind: 'zeroed', command, stable: status === 'S' };
  if (command === 'TAC' && status === 'A') return { kind: 'tareCleared' };
  return undefined;
}

function detailed(head: ReplyHead, status: string, rest: Token[]): Candidate {
  switch (head) {
    case 'S':
      if (status !== 'S' && status !== 'D') return `unknown weight status ${status}`;
      return withMass(rest, (mass) => ({ kind: 'weight', stable: status === 'S', ...mass }));
    case 'T':
    case 'TI':
      if (status !== 'S' && !(head === 'TI' && status === 'D')) return `unknown ${head} status ${status}`;
      return withMass(rest, (mass) => ({ kind: 'tare', command: head, stable: status === 'S', ...mass }));
    case 'TA':
      if (status !== 'A') return `unknown TA status ${status}`;
      return withMass(rest, (mass) => ({ kind: 'tareValue', ...mass }));
    case 'I4':
      if (status !== 'A' || rest.length !== 1 || rest[0] === undefined) return 'I4 expects A "<serial>"';
      return { kind: 'serialNumber', serial: rest[0].text };
    default:
      return info(head, status, rest);
  }
}

interface Mass {
  value: number;
  unit: z.infer<typeof massUnitSchema>;
  valueG: number;
}

function withMass(rest: Token[], make: (mass: Mass) => Reply): Candidate {
  const [valueToken, unitToken, ...extra] = rest;
  if (valueToken === undefined || unitToken === undefined || extra.length > 0) return 'expected <value> <unit>';
  const value = decimalTextSchema.safeParse(valueToken.text);
  if (!value.success) return `bad value ${valueToken.text}`;
  const unit = massUnitSchema.safeParse(unitToken.text);
  if (!unit.success) return `unsupported unit ${unitToken.text}`;
  return make({ value: value.data, unit: unit.data, valueG: toGrams(value.data, unit.data) });
}

function info(head: ReplyHead, status: string, rest: Token[]): Candidate {
  const command = infoHeadSchema.safeParse(head);
  if (!command.success) return `unexpected ${head} reply`;
  if (status !== 'A' && status !== 'B') return `unknown ${head} status ${status}`;
  const fields = rest.map((token) => token.text);
  if (command.data === 'I2' && status === 'A' && fields.length === 1 && fields[0] !== undefined) {
    const data = balanceData(fields[0]);
    if (data !== undefined) return data;
  }
  return { kind: 'info', command: command.data, more: status === 'B', fields };
}

/** `I2` text is "<type> <capacity> <unit>"; the type may itself contain spaces, so read from the end. */
function balanceData(text: string): Reply | undefined {
  const words = text.trim().split(/\s+/);
  const unit = massUnitSchema.safeParse(words.at(-1));
  const capacity = decimalTextSchema.safeParse(words.at(-2));
  const balanceType = words.slice(0, -2).join(' ');
  if (!unit.success || !capacity.success || balanceType === '') return undefined;
  return { kind: 'balanceData', balanceType, capacity: capacity.data, unit: unit.data, capacityG: toGrams(capacity.data, unit.data) };
}
