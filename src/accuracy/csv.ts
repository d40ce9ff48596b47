import { readBoundedTextFile } from '../files/read-bounded.ts';
import { HaipumpError } from '../model/errors.ts';
import type { MassSample } from './types.ts';

/** A recorded file the analysis cannot use; `line` is 1-based so a person can find it in an editor. */
export class CsvError extends HaipumpError {
  constructor(
    readonly line: number,
    readonly reason: string,
    readonly file?: string,
  ) {
    super(`${file === undefined ? '' : `${file}: `}line ${line}: ${reason}`, 'usage');
  }
}

/**
 * Reads and parses a CSV file; its size is checked before it is read (INPUT_FILE_LIMITS.csv), and
 * every error names the file.
 */
export function readSamplesCsvFile(file: string): MassSample[] {
  const text = readBoundedTextFile(file, 'csv');
  try {
    return parseSamplesCsv(text);
  } catch (error) {
    if (error instanceof CsvError) throw new CsvError(error.line, error.reason, file);
    throw error;
  }
}

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Reads a recorded gravimetric run: column 1 time (s), column 2 mass (g).
 * - comma or semicolon separated; with semicolons a decimal comma is accepted (European exports);
 * - one header row allowed (the first non-blank line, if it does not start with a number);
 * - blank lines and `#` comments skipped; further columns (e.g. a temperature) are ignored;
 * - time must increase strictly, checked here so the error can name the line.
 */
export function parseSamplesCsv(text: string): MassSample[] {
  const samples: MassSample[] = [];
  const lines = text.split(/\r?\n/);
  let seenContent = false;
  let previousLine = 0;
  lines.forEach((raw, index) => {
    const lineNo = index + 1;
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const first = !seenContent;
    seenContent = true;
    const semicolon = line.includes(';');
    const fields = line.split(semicolon ? ';' : ',').map((field) => unquote(field.trim()));
    const [timeText = '', massText = ''] = fields;
    if (first && !NUMBER.test(decimal(timeText, semicolon))) return; // the header row
    if (fields.length < 2) throw new CsvError(lineNo, `expected 2 columns (time s, mass g), got ${fields.length}`);
    const atS = parseNumber(timeText, semicolon, lineNo, 'time');
    const massG = parseNumber(massText, semicolon, lineNo, 'mass');
    const previous = samples.at(-1);
    if (previous !== undefined && atS <= previous.atS) {
      throw new CsvError(lineNo, `time ${atS} s does not increase (line ${previousLine} has ${previous.atS} s)`);
    }
    samples.push({ atS, massG });
    previousLine = lineNo;
  });
  if (samples.length === 0) throw new CsvError(Math.max(lines.length, 1), 'no data rows (expected time s, mass g)');
  return samples;
}

function parseNumber(text: string, decimalComma: boolean, lineNo: number, what: string): number {
  const normalised = decimal(text, decimalComma);
  if (!NUMBER.test(normalised)) throw new CsvError(lineNo, `${what} ${JSON.stringify(text)} is not a number`);
  const value = Number(normalised);
  if (!Number.isFinite(value)) throw new CsvError(lineNo, `${what} ${JSON.stringify(text)} is not finite`);
  return value;
}

function decimal(text: string, decimalComma: boolean): string {
  return decimalComma ? text.replace(',', '.') : text;
}

function unquote(field: string): string {
  return field.length >= 2 && field.startsWith('"') && field.endsWith('"') ? field.slice(1, -1) : field;
}

/** Writes samples as `time_s,mass_g` CSV; String() keeps every digit, so parse(export(x)) = x. */
export function samplesToCsv(samples: readonly MassSample[]): string {
  return `time_s,mass_g\n${samples.map((s) => `${String(s.atS)},${String(s.massG)}`).join('\n')}${samples.length > 0 ? '\n' : ''}`;
}
