import { describe, expect, it } from 'vitest';
import { ErrorQueue, formatErrorEntry, haiError } from '../../../protocols/hai/index.ts';

describe('ErrorQueue', () => {
  it('is FIFO and answers 0,"No error" when empty', () => {
    const q = new ErrorQueue();
    expect(formatErrorEntry(q.pop())).toBe('0,"No error"');
    q.push(haiError('undefinedHeader'));
    q.push(haiError('crcMismatch'));
    expect(q.pop().code).toBe(-113);
    expect(q.pop().code).toBe(-361);
    expect(q.pop().code).toBe(0);
  });

  it('holds 16; the 17th error turns the newest into -350 and later ones are dropped', () => {
    const q = new ErrorQueue();
    for (let i = 0; i < 20; i++) q.push({ code: 100 + i, message: `e${i}` });
    expect(q.size).toBe(16);
    const codes = Array.from({ length: 16 }, () => q.pop().code);
    expect(codes.slice(0, 15)).toEqual(Array.from({ length: 15 }, (_, i) => 100 + i));
    expect(codes[15]).toBe(-350);
    expect(formatErrorEntry({ code: -350, message: 'Queue overflow' })).toBe('-350,"Queue overflow"');
  });

  it('makes room after a read and clears on *CLS', () => {
    const q = new ErrorQueue(2);
    q.push(haiError('syntaxError'));
    q.push(haiError('missingParameter'));
    q.push(haiError('dataOutOfRange'));
    expect(q.pop().code).toBe(-102);
    q.push(haiError('overCapacity'));
    expect(q.pop().code).toBe(-350);
    expect(q.pop().code).toBe(101);
    q.push(haiError('syntaxError'));
    q.clear();
    expect(q.size).toBe(0);
  });
});
