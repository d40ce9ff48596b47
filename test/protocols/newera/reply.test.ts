import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatNeDispensedData,
  formatNeRateData,
  formatNeReply,
  parseNeDiameterData,
  parseNeDirectionData,
  parseNeDispensedData,
  parseNeRateData,
  parseNeReply,
  parseNeSafData,
  parseNeVersionData,
  parseNeVolumeData,
} from '../../../protocols/newera/index.ts';
import { neReply } from './arbitraries.ts';

describe('parseNeReply [M]', () => {
  it.each([
    ['00S', { kind: 'status', address: 0, status: 'S', data: '' }],
    ['01I', { kind: 'status', address: 1, status: 'I', data: '' }],
    ['00S?OOR', { kind: 'status', status: 'S', error: '?OOR', data: '' }],
    ['00S?', { kind: 'status', status: 'S', error: '?', data: '' }],
    ['00S?NA', { error: '?NA' }],
    ['00S?COM', { error: '?COM' }],
    ['00S?IGN', { error: '?IGN' }],
    ['00A?R', { kind: 'alarm', address: 0, alarm: 'R' }],
    ['42A?T', { kind: 'alarm', address: 42, alarm: 'T' }],
    ['00S26.59', { status: 'S', data: '26.59' }],
    ['00S1.500MM', { data: '1.500MM' }],
    ['00SI0.500W0.000ML', { data: 'I0.500W0.000ML' }],
    ['00SNE1000V3.928', { data: 'NE1000V3.928' }],
    ['00X', { status: 'X' }],
  ])('%s', (text, reply) => {
    expect(parseNeReply(text)).toMatchObject(reply);
  });

  it.each([['0S'], ['00'], ['00Z'], ['00A?Q'], ['00S?XX'], ['AAS'], ['00S\x01'], ['']])('%j is not a reply', (text) => {
    expect(parseNeReply(text)).toBeNull();
  });

  it('format -> parse round trip (fast-check)', () => {
    fc.assert(
      fc.property(neReply, (reply) => {
        expect(parseNeReply(formatNeReply(reply))).toEqual(reply);
      }),
      { numRuns: 2000 },
    );
  });

  it('formats like the manual', () => {
    expect(formatNeReply({ kind: 'status', address: 0, status: 'S', error: '?OOR', data: '' })).toBe('00S?OOR');
    expect(formatNeReply({ kind: 'alarm', address: 0, alarm: 'R' })).toBe('00A?R');
  });
});

describe('query data', () => {
  it('DIA', () => expect(parseNeDiameterData('26.59')).toBe(26.59));
  it('RAT', () => {
    expect(parseNeRateData('1.500MM')).toEqual({ rate: 1.5, units: 'MM', mlPerMin: 1.5 });
    expect(parseNeRateData('90.00MH')).toMatchObject({ mlPerMin: 1.5 });
    expect(parseNeRateData('1.500XX')).toBeNull();
    expect(formatNeRateData(1.5, 'MM')).toBe('1.500MM');
  });
  it('reply numbers always carry a decimal point [M p.33 <float>; C]: 1000 prints 1000.', () => {
    expect(formatNeRateData(1000, 'UM')).toBe('1000.UM');
    expect(formatNeRateData(9999, 'UH')).toBe('9999.UH');
    expect(parseNeRateData('1000.UM')).toEqual({ rate: 1000, units: 'UM', mlPerMin: 1 });
    expect(formatNeDispensedData(1234, 0, 'UL')).toBe('I1234.W0.000UL');
  });
  it('VOL', () => {
    expect(parseNeVolumeData('0.500ML')).toEqual({ volume: 0.5, units: 'ML', ml: 0.5 });
    expect(parseNeVolumeData('500.0UL')).toMatchObject({ ml: 0.5 });
  });
  it('DIS', () => {
    expect(parseNeDispensedData('I0.500W0.000ML')).toEqual({ infused: 0.5, withdrawn: 0, units: 'ML', infusedMl: 0.5, withdrawnMl: 0 });
    expect(formatNeDispensedData(0.5, 0, 'ML')).toBe('I0.500W0.000ML');
    expect(parseNeDispensedData('I0.500ML')).toBeNull();
  });
  it('DIR, SAF, VER', () => {
    expect(parseNeDirectionData('INF')).toBe('INF');
    expect(parseNeDirectionData('UP')).toBeNull();
    expect(parseNeSafData('0')).toBe(0);
    expect(parseNeSafData('256')).toBeNull();
    expect(parseNeVersionData('NE1000V3.928')).toEqual({ model: 'NE1000', firmware: '3.928' });
  });
});
