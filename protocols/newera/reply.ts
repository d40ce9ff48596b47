// NE-1000 reply model [M]: `<addr:2 digits><status letter>[<error> | <query data>]`, or
// `<addr>A?<alarm letter>`. Pure parse/format of the reply text (the bytes between STX and
// ETX, or a safe packet's data); typed parsers for each query's data follow.
import { formatNeReplyNumber, parseNeNumber } from './number.ts';
import { NE_RATE_UNITS, NE_VOLUME_UNITS, rateToMlPerMin, volumeToMl } from './units.ts';
import type { NeRateUnits, NeVolumeUnits } from './units.ts';

/** I infusing, W withdrawing, S stopped, P paused, T timed pause, U waiting for trigger,
 * X purging [M]. */
export const NE_STATUSES = ['I', 'W', 'S', 'P', 'T', 'U', 'X'] as const;
export type NeStatus = (typeof NE_STATUSES)[number];

/** R reset / power lost, S stall, T safe-mode timeout, E program error, O phase out of
 * range [M p.35]. */
export const NE_ALARMS = ['R', 'S', 'T', 'E', 'O'] as const;
export type NeAlarm = (typeof NE_ALARMS)[number];

/** Error suffixes, as on the wire [M]: `?` unrecognised command, `?NA` not applicable now,
 * `?OOR` out of range, `?COM` bad packet, `?IGN` ignored. */
export const NE_REPLY_ERRORS = ['?', '?NA', '?OOR', '?COM', '?IGN'] as const;
export type NeReplyError = (typeof NE_REPLY_ERRORS)[number];

export type NeReply =
  | {
      readonly kind: 'status';
      readonly address: number;
      readonly status: NeStatus;
      /** Present on a refused command. */
      readonly error?: NeReplyError;
      /** Query data after the status letter ('' for a plain status / successful set). */
      readonly data: string;
    }
  | { readonly kind: 'alarm'; readonly address: number; readonly alarm: NeAlarm };

const REPLY = /^(\d{2})(?:A\?(.)|(.)(.*))$/s;

/** Parse reply text. Null when it is not a well-formed reply. Never throws. */
export function parseNeReply(text: string): NeReply | null {
  const m = REPLY.exec(text);
  if (m === null) return null;
  const address = Number(m[1]);
  if (m[2] !== undefined) {
    const alarm = NE_ALARMS.find((a) => a === m[2]);
    return alarm === undefined ? null : { kind: 'alarm', address, alarm };
  }
  const status = NE_STATUSES.find((s) => s === m[3]);
  if (status === undefined) return null;
  const rest = m[4] ?? '';
  if (rest.startsWith('?')) {
    const error = NE_REPLY_ERRORS.find((e) => e === rest);
    return error === undefined ? null : { kind: 'status', address, status, error, data: '' };
  }
  // Data is printable ASCII; anything else is a garbled reply.
  if (!/^[\x20-\x7e]*$/.test(rest)) return null;
  return { kind: 'status', address, status, data: rest };
}

/** Reply text as the pump sends it. Throws RangeError on an impossible reply. */
export function formatNeReply(reply: NeReply): string {
  if (!Number.isInteger(reply.address) || reply.address < 0 || reply.address > 99) {
    throw new RangeError(`reply address ${reply.address} is not 0..99`);
  }
  const addr = String(reply.address).padStart(2, '0');
  if (reply.kind === 'alarm') return `${addr}A?${reply.alarm}`;
  if (reply.error !== undefined && reply.data !== '') throw new RangeError('a reply carries an error or data, not both');
  if (reply.data.startsWith('?')) throw new RangeError('reply data may not start with ?');
  return `${addr}${reply.status}${reply.error ?? reply.data}`;
}

// ---- query data ------------------------------------------------------------------------

function need(text: string | null, what: string): string {
  if (text === null) throw new RangeError(`${what} cannot be written in the pump's 4-digit format`);
  return text;
}

/** `26.59` (DIA query) -> 26.59 mm. Reply numbers always carry a decimal point (`1000.`). */
export function parseNeDiameterData(data: string): number | null {
  return parseNeNumber(data);
}

export function formatNeDiameterData(diameterMm: number): string {
  return need(formatNeReplyNumber(diameterMm, { allowUnderflowToZero: true }), 'diameter');
}

export interface NeRateData {
  readonly rate: number;
  readonly units: NeRateUnits;
  readonly mlPerMin: number;
}

export interface NeVolumeData {
  readonly volume: number;
  readonly units: NeVolumeUnits;
  readonly ml: number;
}

/** `<number><two-letter units>`, the form of the RAT and VOL answers; null when either part is off. */
function quantityData<U extends string>(data: string, allUnits: readonly U[]): { value: number; units: U } | null {
  const m = /^([0-9.]+)([A-Z]{2})$/.exec(data);
  if (m === null) return null;
  const value = parseNeNumber(m[1] ?? '');
  const units = allUnits.find((u) => u === m[2]);
  return value === null || units === undefined ? null : { value, units };
}

function quantityDataText(value: number, units: string, what: string): string {
  return `${need(formatNeReplyNumber(value, { allowUnderflowToZero: true }), what)}${units}`;
}

/** `1.500MM` (RAT query) -> 1.5 mL/min. */
export function parseNeRateData(data: string): NeRateData | null {
  const q = quantityData(data, NE_RATE_UNITS);
  return q === null ? null : { rate: q.value, units: q.units, mlPerMin: rateToMlPerMin(q.value, q.units) };
}

export function formatNeRateData(rate: number, units: NeRateUnits): string {
  return quantityDataText(rate, units, 'rate');
}

/** `0.500ML` (VOL query) -> 0.5 mL. */
export function parseNeVolumeData(data: string): NeVolumeData | null {
  const q = quantityData(data, NE_VOLUME_UNITS);
  return q === null ? null : { volume: q.value, units: q.units, ml: volumeToMl(q.value, q.units) };
}

export function formatNeVolumeData(volume: number, units: NeVolumeUnits): string {
  return quantityDataText(volume, units, 'volume');
}

export interface NeDispensedData {
  readonly infused: number;
  readonly withdrawn: number;
  readonly units: NeVolumeUnits;
  readonly infusedMl: number;
  readonly withdrawnMl: number;
}

/** `I0.500W0.000ML` (DIS query) -> infused 0.5 mL, withdrawn 0 mL. */
export function parseNeDispensedData(data: string): NeDispensedData | null {
  const m = /^I([0-9.]+)W([0-9.]+)([A-Z]{2})$/.exec(data);
  if (m === null) return null;
  const infused = parseNeNumber(m[1] ?? '');
  const withdrawn = parseNeNumber(m[2] ?? '');
  const units = NE_VOLUME_UNITS.find((u) => u === m[3]);
  if (infused === null || withdrawn === null || units === undefined) return null;
  return { infused, withdrawn, units, infusedMl: volumeToMl(infused, units), withdrawnMl: volumeToMl(withdrawn, units) };
}

export function formatNeDispensedData(infused: number, withdrawn: number, units: NeVolumeUnits): string {
  const opts = { allowUnderflowToZero: true };
  return `I${need(formatNeReplyNumber(infused, opts), 'infused volume')}W${need(formatNeReplyNumber(withdrawn, opts), 'withdrawn volume')}${units}`;
}

/** `INF` / `WDR` (DIR query). STK is accepted too: a sticky phase may report it [?]. */
export function parseNeDirectionData(data: string): 'INF' | 'WDR' | 'STK' | null {
  return data === 'INF' || data === 'WDR' || data === 'STK' ? data : null;
}

/** `0` (SAF query): an integer, printed without a decimal point [M]. */
export function parseNeSafData(data: string): number | null {
  if (!/^\d{1,3}$/.test(data)) return null;
  const n = Number(data);
  return n <= 255 ? n : null;
}

export interface NeVersionData {
  /** e.g. `NE1000` */
  readonly model: string;
  /** e.g. `3.928` */
  readonly firmware: string;
}

/** `NE1000V3.928` (VER query). The model is everything before the last `V` followed by a
 * version number, so a model name containing V still parses. */
export function parseNeVersionData(data: string): NeVersionData | null {
  const m = /^([\x21-\x7e]+)V(\d+(?:\.\d+)*)$/.exec(data);
  if (m === null) return null;
  return { model: m[1] ?? '', firmware: m[2] ?? '' };
}

export function formatNeVersionData(v: NeVersionData): string {
  return `${v.model}V${v.firmware}`;
}

/** `05` (PHN query) -> phase 5 [? two digits, as the display shows the phase]. */
export function parseNePhaseData(data: string): number | null {
  if (!/^\d{1,2}$/.test(data)) return null;
  const n = Number(data);
  return n >= 1 && n <= 41 ? n : null;
}
