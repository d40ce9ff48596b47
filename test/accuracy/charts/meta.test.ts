import { describe, expect, it } from 'vitest';
import { subtitleOf } from '../../../src/accuracy/charts/meta.ts';

describe('chart subtitle', () => {
  it('a stored run: run id, device, syringe, date in UTC to the minute', () => {
    expect(subtitleOf({ runId: 7, device: 'ne1000:/dev/ttyUSB0', syringe: 'bd-plastipak-60ml', dateIso: '2026-12-05T14:03:27.500Z' })).toBe(
      'run 7 · ne1000:/dev/ttyUSB0 · syringe bd-plastipak-60ml · 2026-12-05 14:03 UTC',
    );
  });
  it('a time with an offset is shown in UTC; a label follows the run id', () => {
    expect(subtitleOf({ runId: 3, label: 'bench A', device: 'sim', syringe: null, dateIso: '2026-12-05T15:03:00+01:00' })).toBe(
      'run 3 · bench A · sim · 2026-12-05 14:03 UTC',
    );
  });
  it('a recorded file: its name, the device as given, a date alone kept as a date', () => {
    expect(subtitleOf({ runId: null, source: 'run.csv', device: 'recorded file', syringe: null, dateIso: '2026-12-05' })).toBe(
      'run.csv · recorded file · 2026-12-05',
    );
  });
  it('leaves out what is not known, and shows an unparsable date as given', () => {
    expect(subtitleOf({ runId: null, label: null, device: 'elite11:/dev/ttyACM0', syringe: '', dateIso: 'yesterday' })).toBe(
      'elite11:/dev/ttyACM0 · yesterday',
    );
  });
});
