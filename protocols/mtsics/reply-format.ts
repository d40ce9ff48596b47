import { CRLF } from './commands.ts';
import type { Reply } from './replies.ts';
import { quote } from './tokens.ts';
import type { MassUnit } from './units.ts';

export interface FormatReplyOptions {
  /** Decimals of weight values: the balance's readability (2 for 0.01 g, 5 for 0.01 mg). */
  decimals?: number;
}

/** MT-SICS right-aligns weight values in a 10-character field after one space. */
const VALUE_WIDTH = 10;

/** Balance side: the exact bytes of a reply line, CR LF included. */
export function formatReply(reply: Reply, options: FormatReplyOptions = {}): string {
  return `${replyBody(reply, options.decimals ?? 2)}${CRLF}`;
}

function replyBody(reply: Reply, decimals: number): string {
  switch (reply.kind) {
    case 'weight':
      return massLine('S', reply.stable ? 'S' : 'D', reply.value, reply.unit, decimals);
    case 'tare':
      return massLine(reply.command, reply.stable ? 'S' : 'D', reply.value, reply.unit, decimals);
    case 'tareValue':
      return massLine('TA', 'A', reply.value, reply.unit, decimals);
    case 'zeroed':
      return reply.command === 'Z' ? 'Z A' : `ZI ${reply.stable ? 'S' : 'D'}`;
    case 'tareCleared':
      return 'TAC A';
    case 'notExecutable':
      return `${reply.command} I`;
    case 'overload':
      return `${reply.command} +`;
    case 'underload':
      return `${reply.command} -`;
    case 'parameterError':
      return `${reply.command} L`;
    case 'serialNumber':
      return `I4 A ${quote(reply.serial)}`;
    case 'balanceData':
      return `I2 A ${quote(`${reply.balanceType} ${reply.capacity.toFixed(decimals)} ${reply.unit}`)}`;
    case 'info':
      return [reply.command, reply.more ? 'B' : 'A', ...reply.fields.map((field, i) => infoField(reply.command, i, field))].join(' ');
    case 'error':
      return reply.code;
  }
}

function massLine(head: string, status: string, value: number, unit: MassUnit, decimals: number): string {
  const text = value.toFixed(decimals);
  return `${head} ${status} ${(text === `-${(0).toFixed(decimals)}` ? text.slice(1) : text).padStart(VALUE_WIDTH)} ${unit}`;
}

/** I0 lines carry the command level unquoted before the quoted command (`I0 B 0 "I0"`); all other fields are strings. */
function infoField(command: string, index: number, field: string): string {
  return command === 'I0' && index === 0 && /^\d+$/.test(field) ? field : quote(field);
}
