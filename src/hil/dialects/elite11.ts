/**
 * Harvard Apparatus "Ultra" command set (Pump 11 Elite; protocols/harvard): commands end in CR,
 * a reply is CR LF body lines then a prompt with no line end (`:` idle, `>` infusing, `<`
 * withdrawing, `*` stalled, `T*` target reached). The harness treats one whole reply as one
 * line: its body lines then the prompt, joined by LF (`26.5900 mm\n:`; a set command gives
 * just `:`). A bare CR gets no answer, so the state is read from the prompt of `ver`. The emulator's
 * back door is `sim:stall` only; its clock runs in real time × --speed.
 */
import { HARVARD_ERRORS, HarvardReplyAssembler, parseHarvardVolumeLine } from '../../../protocols/harvard/index.ts';
import { HilDeviceError, HilUnsupportedError } from '../errors.ts';
import type { Dialect, LineFramer, RequestFn } from './types.ts';

const ERRORS: readonly string[] = HARVARD_ERRORS;

function replyFramer(onLine: (raw: string) => void): LineFramer {
  let assembler = new HarvardReplyAssembler();
  return {
    push(chunk) {
      for (const reply of assembler.push(chunk)) onLine([...reply.lines, reply.prompt].join('\n'));
    },
    reset() {
      assembler = new HarvardReplyAssembler();
    },
  };
}

const refused = (reply: string): boolean => reply.split('\n').some((line) => ERRORS.includes(line.trim()));

async function body(request: RequestFn, line: string): Promise<string> {
  const reply = await request(line);
  if (refused(reply)) throw new HilDeviceError(`${line} → ${reply}`);
  return reply;
}

/** The prompt ends every reply; `ver` is a harmless command to get one. */
async function prompt(request: RequestFn): Promise<string> {
  const reply = await body(request, 'ver');
  return reply.split('\n').at(-1) ?? '';
}

export const elite11Dialect: Dialect = {
  personality: 'elite11',
  encode: (line) => `${line}\r`,
  createFramer: replyFramer,
  decode: (raw) => ({ text: raw, intact: true }),
  isUnsolicited: () => false,
  // A bare CR is not answered.
  expectsReply: (line) => line.trim() !== '',
  flush: undefined,
  handshake: 'ver',
  handshakeOk: (reply) => !refused(reply),
  isError: refused,
  parseEvent: () => undefined,
  async readDeliveredMl(request) {
    const text = await body(request, 'ivolume');
    const volume = parseHarvardVolumeLine(text.split('\n')[0] ?? '');
    if (volume === null) throw new HilDeviceError(`ivolume → ${text}`);
    return volume.ml;
  },
  readReservoirMl: async () => null,
  readState: (request) => prompt(request),
  async readAlarms(request) {
    return (await prompt(request)) === '*' ? [{ code: 'stall', severity: 'alarm', acknowledged: false }] : [];
  },
  sim: {
    async injectFault(request, fault) {
      if (fault !== 'stall') throw new HilUnsupportedError(`the elite11 emulator has only the stall fault, not ${fault}`);
      await body(request, 'sim:stall');
    },
  },
};
