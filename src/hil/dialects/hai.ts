/** The HAI pump protocol (protocols/hai/PROTOCOL.md) for the harness. */
import {
  HAI_FACTORY_BAUD,
  LIMITS,
  SIM_FAULT_KEYWORDS,
  parseAlarmList,
  parseNumber,
  parseUnsolicited,
  shortForm,
  splitCrc,
  type ValueParse,
} from '../../../protocols/hai/index.ts';
import type { DeviceEnvironment } from '../../devices/pump-device.ts';
import { SIM_FAULT_OF } from '../../devices/hai/sim-faults.ts';
import { lfLineFramer } from '../../transport/line-transport.ts';
import { HilDeviceError } from '../errors.ts';
import type { Dialect, HilEvent, RequestFn } from './types.ts';

/** Longest `SIM:TIME:ADVance` in ms; longer advances are chunked. */
const MAX_ADVANCE_MS = LIMITS.simAdvanceS.max * 1000;

function need<T>(parsed: ValueParse<T>, what: string): T {
  if (!parsed.ok) throw new HilDeviceError(`${what}: ${parsed.message}`);
  return parsed.value;
}

async function ok(request: RequestFn, line: string): Promise<void> {
  const reply = await request(line);
  if (reply !== 'OK') throw new HilDeviceError(`${line} → ${reply}`);
}

async function value(request: RequestFn, line: string): Promise<string> {
  const reply = await request(line);
  if (reply.startsWith('ERR ')) throw new HilDeviceError(`${line} → ${reply}`);
  return reply;
}

function toEvent(text: string): HilEvent | undefined {
  const parsed = parseUnsolicited(text);
  if (!parsed.ok) return undefined;
  const m = parsed.message;
  switch (m.kind) {
    case 'alarm':
      return { type: 'alarm', code: String(m.code), line: text, detail: { severity: m.severity, text: m.text } };
    case 'telemetry':
      return {
        type: 'telemetry',
        atMs: m.atMs,
        line: text,
        detail: { volMl: m.volMl, deliveredMl: m.deliveredMl, flowMlPerDay: m.flowMlPerDay, state: m.state },
      };
    case 'boot':
      return { type: 'boot', atMs: m.atMs, line: text, detail: { firmware: m.firmware, reset: m.reset, nvm: m.nvm } };
    case 'done':
      return { type: 'done', code: m.procedure, atMs: m.atMs, line: text, detail: { volMl: m.volMl } };
    case 'other':
      return { type: m.name.toLowerCase(), line: text, detail: { rest: m.rest } };
  }
}

export const haiDialect: Dialect = {
  personality: 'hai',
  factoryBaud: HAI_FACTORY_BAUD,
  encode: (line) => `${line}\n`,
  createFramer: lfLineFramer,
  decode(raw) {
    const split = splitCrc(raw);
    if (split.crc === undefined) return { text: raw, intact: true };
    return split.crc.ok ? { text: split.body, intact: true } : { text: raw, intact: false };
  },
  isUnsolicited: (text) => text.startsWith('!'),
  // PROTOCOL.md 1.5: a blank line is ignored, with no reply.
  expectsReply: (line) => line.trim() !== '',
  // A bare LF flushes a half-sent line left by whoever had the port before (PROTOCOL.md 1.5).
  flush: '',
  handshake: '*IDN?',
  handshakeOk: (reply) => !reply.startsWith('ERR '),
  isError: (reply) => reply.startsWith('ERR '),
  parseEvent: toEvent,
  async readDeliveredMl(request) {
    return need(parseNumber(await value(request, 'PUMP:DEL?')), 'PUMP:DEL?');
  },
  async readReservoirMl(request) {
    return need(parseNumber(await value(request, 'PUMP:VOL?')), 'PUMP:VOL?');
  },
  async readState(request) {
    return value(request, 'PUMP:STAT?');
  },
  async readAlarms(request) {
    const alarms = need(parseAlarmList(await value(request, 'ALARM:LIST?')), 'ALARM:LIST?');
    return alarms.map((a) => ({ code: String(a.code), severity: a.severity, acknowledged: a.acknowledged }));
  },
  sim: {
    async readTimeMs(request) {
      return need(parseNumber(await value(request, 'SIM:TIME?')), 'SIM:TIME?');
    },
    async advanceMs(request, ms) {
      let left = Math.max(0, Math.round(ms));
      while (left > 0) {
        const chunk = Math.min(left, MAX_ADVANCE_MS);
        await ok(request, `SIM:TIME:ADV ${chunk / 1000}`);
        left -= chunk;
      }
    },
    async setEnvironment(request, env: DeviceEnvironment) {
      if (env.tempC !== undefined) await ok(request, `SIM:ENV:TEMP ${env.tempC}`);
      if (env.altitudeM !== undefined) await ok(request, `SIM:ENV:ALT ${env.altitudeM}`);
      if (env.ambientMmHg !== undefined) await ok(request, `SIM:ENV:AMB ${env.ambientMmHg}`);
      if (env.arterialMmHg !== undefined) await ok(request, `SIM:ENV:ART ${env.arterialMmHg}`);
    },
    async injectFault(request, fault, param) {
      const simFault = SIM_FAULT_OF[fault];
      if (simFault === undefined) throw new HilDeviceError(`the HAI emulator has no ${fault} fault`);
      const keyword = shortForm(SIM_FAULT_KEYWORDS[simFault]);
      await ok(request, param === undefined ? `SIM:FAULT ${keyword}` : `SIM:FAULT ${keyword},${param}`);
    },
    async clearFaults(request) {
      await ok(request, 'SIM:FAULT:CLE ALL');
    },
  },
};
