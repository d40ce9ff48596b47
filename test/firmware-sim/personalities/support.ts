/**
 * A conversation with an emulator, written as a transcript in the notation the protocol documents
 * use (`request` → `reply`), so a test reads like the spec's examples. One line a request:
 *
 * - `REQUEST → REPLY` sends REQUEST and expects exactly the one line REPLY back;
 * - a line that starts with `→` expects one more line, in order, for the request above it;
 * - `REQUEST →` expects nothing back at all;
 * - `REQUEST → …` sends REQUEST and does not look at what comes back.
 *
 * Each line is trimmed at both ends (spaces inside it count, as in a right-aligned weight); blank
 * lines and `//` comment lines are skipped. The requests go out one by one, each checked before the next is sent.
 */
import { expect } from 'vitest';

/** Anything with a line-in, lines-out `send`: the in-process HAI pump and MT-SICS balance. */
interface LineDevice {
  send(text: string): string[];
}

interface Step {
  request: string;
  /** undefined: not checked (`…`). */
  replies: string[] | undefined;
  line: number;
}

function parseTranscript(transcript: string): Step[] {
  const steps: Step[] = [];
  transcript.split('\n').forEach((raw, index) => {
    const text = raw.trim();
    if (text === '' || text.startsWith('//')) return;
    const arrow = text.indexOf('→');
    if (arrow < 0) throw new Error(`transcript line ${index}: no → in "${text}"`);
    const request = text.slice(0, arrow).trim();
    const reply = text.slice(arrow + 1).trim();
    const previous = steps[steps.length - 1];
    if (request !== '') steps.push({ request, replies: reply === '…' ? undefined : reply === '' ? [] : [reply], line: index });
    else if (previous?.replies !== undefined && reply !== '' && reply !== '…') previous.replies.push(reply);
    else throw new Error(`transcript line ${index}: "${text}" continues no checked request`);
  });
  return steps;
}

/**
 * A template tag that plays its transcript (see above) against `device`:
 * converse(d)`PUMP:CAP? → 30.0000`. Interpolated values are put in as text.
 */
export function converse(device: LineDevice): (strings: TemplateStringsArray, ...values: unknown[]) => void {
  return (strings, ...values) => {
    const transcript = strings.reduce((text, part, i) => `${text}${i > 0 ? String(values[i - 1]) : ''}${part}`, '');
    for (const { request, replies, line } of parseTranscript(transcript)) {
      const received = device.send(request);
      if (replies !== undefined) expect(received, `${request} (transcript line ${line})`).toEqual(replies);
    }
  };
}
