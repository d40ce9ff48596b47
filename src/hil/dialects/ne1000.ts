/**
 * New Era NE-1000 family, basic mode (protocols/newera): commands end in CR, replies come as
 * STX <addr><status>[data|error] ETX. No unsolicited lines in basic mode: alarms are replies
 * (`00A?R`). The emulator's back door: `SIM:STALL`, `SIM:TIME?` (world ms) and
 * `SIM:TIME:ADV<ms>`, so at --speed max device time moves only by the scenario's steps and
 * transcripts repeat byte for byte. A real pump answers them `?`, which tells it from an emulator.
 */
import { NE_FACTORY_BAUD, NE_SIM_MAX_ADVANCE_MS, parseNeDispensedData, parseNeReply } from '../../../protocols/newera/index.ts';
import { neFramer } from '../../devices/newera/framer.ts';
import { HilDeviceError, HilUnsupportedError } from '../errors.ts';
import type { Dialect, RequestFn } from './types.ts';

/** The driver's deframer: a reply's text between STX and ETX; bytes outside a frame are line noise and dropped. */
const replyFramer = neFramer();

const refused = (reply: string): boolean => {
  const parsed = parseNeReply(reply);
  return parsed === null || parsed.kind === 'alarm' || parsed.error !== undefined;
};

async function data(request: RequestFn, line: string): Promise<string> {
  const reply = await request(line);
  const parsed = parseNeReply(reply);
  if (parsed === null || parsed.kind === 'alarm' || parsed.error !== undefined) throw new HilDeviceError(`${line} → ${reply}`);
  return parsed.data;
}

export const ne1000Dialect: Dialect = {
  // Replies always carry the pump's two-digit address, so only requests change.
  atAddress: (address) => ({ ...ne1000Dialect, encode: (line) => ne1000Dialect.encode(`${address}${line}`) }),
  personality: 'ne1000',
  factoryBaud: NE_FACTORY_BAUD,
  encode: (line) => `${line}\r`,
  createFramer: (onLine) => replyFramer((frame) => onLine(frame.text)),
  decode: (raw) => ({ text: raw, intact: true }),
  isUnsolicited: () => false,
  expectsReply: () => true,
  flush: undefined,
  handshake: 'VER',
  // The power-up alarm (`00A?R`) answers the first command instead of running it: still an answer.
  handshakeOk: (reply) => parseNeReply(reply) !== null,
  isError: refused,
  parseEvent: () => undefined,
  async readDeliveredMl(request) {
    const dispensed = parseNeDispensedData(await data(request, 'DIS'));
    if (dispensed === null) throw new HilDeviceError('DIS: unreadable reply');
    return dispensed.infusedMl;
  },
  readReservoirMl: async () => null,
  async readState(request) {
    // The empty command is the status query; the status letter is the state (I W S P T U X).
    const reply = await request('');
    const parsed = parseNeReply(reply);
    if (parsed === null) throw new HilDeviceError(`status → ${reply}`);
    return parsed.kind === 'alarm' ? `A?${parsed.alarm}` : parsed.status;
  },
  async readAlarms(request) {
    const reply = await request('');
    const parsed = parseNeReply(reply);
    if (parsed === null) throw new HilDeviceError(`status → ${reply}`);
    return parsed.kind === 'alarm' ? [{ code: parsed.alarm, severity: 'alarm', acknowledged: false }] : [];
  },
  sim: {
    async readTimeMs(request) {
      const text = await data(request, 'SIM:TIME?');
      if (!/^\d+$/.test(text)) throw new HilDeviceError(`SIM:TIME? → ${JSON.stringify(text)}: not a time in ms`);
      return Number(text);
    },
    async advanceMs(request, ms) {
      let left = Math.max(0, Math.round(ms));
      while (left > 0) {
        const chunk = Math.min(left, NE_SIM_MAX_ADVANCE_MS);
        const reply = await request(`SIM:TIME:ADV${chunk}`);
        // The back door never answers with (and so never acknowledges) a pending alarm.
        const parsed = parseNeReply(reply);
        if (parsed === null || (parsed.kind === 'status' && parsed.error !== undefined))
          throw new HilDeviceError(`SIM:TIME:ADV${chunk} → ${reply}`);
        left -= chunk;
      }
    },
    async injectFault(request, fault) {
      if (fault !== 'stall') throw new HilUnsupportedError(`the ne1000 emulator has only the stall fault, not ${fault}`);
      const reply = await request('SIM:STALL');
      if (refused(reply)) throw new HilDeviceError(`SIM:STALL → ${reply}`);
    },
  },
};
