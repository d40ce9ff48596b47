/**
 * Harvard Apparatus "Ultra" command set (Pump 11 Elite; protocols/harvard): commands end in CR,
 * a reply is `<lf>[##:]line<cr>` body lines then the prompt with no line end (`:` idle, `>`
 * infusing, `<` withdrawing, `*` stalled, `T*` target reached). The harness treats one whole
 * reply as one line: its body lines then the prompt, joined by LF (`14.4300 mm\n:`; a set
 * command gives just `:`). A bare CR is answered with a prompt, which is how the state is read.
 * The emulator's back door: `sim:stall`, and device time (`sim:time?` in world ms,
 * `sim:time:adv <ms>`), so the harness drives its clock like the HAI emulator's.
 */
import {
  HARVARD_FACTORY_BAUD,
  HARVARD_SIM_MAX_ADVANCE_MS,
  parseHarvardError,
  parseHarvardVolumeLine,
} from '../../../protocols/harvard/index.ts';
import type { HarvardReply } from '../../../protocols/harvard/index.ts';
import { harvardFramer } from '../../devices/harvard/framer.ts';
import { HilDeviceError, HilUnsupportedError } from '../errors.ts';
import type { Clock } from '../../model/clock.ts';
import type { Framer } from '../../transport/request-channel.ts';
import type { Dialect, RequestFn } from './types.ts';

const text = (reply: HarvardReply): string =>
  [...reply.lines, `${reply.address === undefined ? '' : String(reply.address).padStart(2, '0')}${reply.prompt}`].join('\n');

/** One whole reply is one line to the harness (src/devices/harvard/framer.ts cuts it). */
const replyFramer = (onLine: (raw: string) => void, clock: Clock): Framer => harvardFramer(clock)((reply) => onLine(text(reply)));

const bodyOf = (reply: string): string[] => reply.split('\n').slice(0, -1);
const promptOf = (reply: string): string => (reply.split('\n').at(-1) ?? '').replace(/^\d\d/, '');
const refused = (reply: string): boolean => parseHarvardError(bodyOf(reply)) !== undefined;

async function body(request: RequestFn, line: string): Promise<string[]> {
  const reply = await request(line);
  if (refused(reply)) throw new HilDeviceError(`${line} → ${reply}`);
  return bodyOf(reply);
}

export const elite11Dialect: Dialect = {
  // The address goes straight before the command; replies then carry it before the prompt
  // (`03>`), which is dropped so scenarios read the same at any address.
  atAddress: (address) => ({
    ...elite11Dialect,
    encode: (line) => elite11Dialect.encode(`${address}${line}`),
    decode: (raw) => elite11Dialect.decode(raw.replace(/(^|\n)\d\d(T\*|[:<>*])$/, '$1$2')),
  }),
  personality: 'elite11',
  factoryBaud: HARVARD_FACTORY_BAUD,
  encode: (line) => `${line}\r`,
  createFramer: replyFramer,
  decode: (raw) => ({ text: raw, intact: true }),
  isUnsolicited: () => false,
  // Every line is answered, a bare CR with a prompt [M].
  expectsReply: () => true,
  // A bare CR "re-establishes communication" [M] and clears a half-sent line.
  flush: '',
  handshake: 'ver',
  handshakeOk: (reply) => !refused(reply),
  isError: refused,
  parseEvent: () => undefined,
  async readDeliveredMl(request) {
    const lines = await body(request, 'ivolume');
    const volume = parseHarvardVolumeLine(lines[0] ?? '');
    if (volume === null) throw new HilDeviceError(`ivolume → ${lines.join(' | ')}`);
    return volume.ml;
  },
  readReservoirMl: async () => null,
  readState: async (request) => promptOf(await request('')),
  async readAlarms(request) {
    return promptOf(await request('')) === '*' ? [{ code: 'stall', severity: 'alarm', acknowledged: false }] : [];
  },
  sim: {
    async readTimeMs(request) {
      const [line = ''] = await body(request, 'sim:time?');
      if (!/^\d+$/.test(line.trim())) throw new HilDeviceError(`sim:time? → ${line}`);
      return Number(line.trim());
    },
    async advanceMs(request, ms) {
      let left = Math.max(0, Math.round(ms));
      while (left > 0) {
        const step = Math.min(left, HARVARD_SIM_MAX_ADVANCE_MS);
        await body(request, `sim:time:adv ${step}`);
        left -= step;
      }
    },
    async injectFault(request, fault) {
      if (fault !== 'stall') throw new HilUnsupportedError(`the elite11 emulator has only the stall fault, not ${fault}`);
      await body(request, 'sim:stall');
    },
  },
};
