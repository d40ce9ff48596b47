/**
 * JUnit XML as CI systems read it (Jenkins, GitLab, GitHub test reporters): one <testsuite>
 * per scenario file, one <testcase> per scenario; <failure> for a failed step, <error> for a
 * device that did not answer or a file that did not validate, <skipped> for emulator-only
 * scenarios on a real device. Times in seconds.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface JunitCase {
  name: string;
  classname: string;
  timeS: number;
  outcome:
    | { kind: 'passed' }
    | { kind: 'failure' | 'error'; type: string; message: string; detail: string }
    | { kind: 'skipped'; message: string };
  systemOut: string;
}

export interface JunitSuite {
  name: string;
  file: string;
  timestamp: string;
  /** `<properties>`: e.g. the device the suite ran on, so a report says what was tested. */
  properties?: Readonly<Record<string, string>>;
  cases: JunitCase[];
}

/** XML 1.0 text/attribute escaping; characters XML 1.0 cannot carry at all become U+FFFD. */
export function escapeXml(text: string): string {
  return text
    .replace(/[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

const attr = (name: string, value: string | number): string => ` ${name}="${escapeXml(String(value))}"`;
const seconds = (s: number): string => s.toFixed(3);

function count(cases: readonly JunitCase[], kind: JunitCase['outcome']['kind']): number {
  return cases.filter((c) => c.outcome.kind === kind).length;
}

export function formatJunit(suites: readonly JunitSuite[], name = 'haipump hil'): string {
  const all = suites.flatMap((s) => s.cases);
  const totalS = all.reduce((sum, c) => sum + c.timeS, 0);
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  out.push(
    `<testsuites${attr('name', name)}${attr('tests', all.length)}${attr('failures', count(all, 'failure'))}${attr('errors', count(all, 'error'))}${attr('skipped', count(all, 'skipped'))}${attr('time', seconds(totalS))}>`,
  );
  for (const suite of suites) {
    const timeS = suite.cases.reduce((sum, c) => sum + c.timeS, 0);
    out.push(
      `  <testsuite${attr('name', suite.name)}${attr('tests', suite.cases.length)}${attr('failures', count(suite.cases, 'failure'))}${attr('errors', count(suite.cases, 'error'))}${attr('skipped', count(suite.cases, 'skipped'))}${attr('time', seconds(timeS))}${attr('timestamp', suite.timestamp)}${attr('file', suite.file)}>`,
    );
    const properties = Object.entries(suite.properties ?? {});
    if (properties.length > 0) {
      out.push('    <properties>');
      for (const [key, value] of properties) out.push(`      <property${attr('name', key)}${attr('value', value)}/>`);
      out.push('    </properties>');
    }
    for (const c of suite.cases) {
      const open = `    <testcase${attr('name', c.name)}${attr('classname', c.classname)}${attr('time', seconds(c.timeS))}${attr('file', suite.file)}>`;
      out.push(open);
      const o = c.outcome;
      if (o.kind === 'failure' || o.kind === 'error')
        out.push(`      <${o.kind}${attr('message', o.message)}${attr('type', o.type)}>${escapeXml(o.detail)}</${o.kind}>`);
      if (o.kind === 'skipped') out.push(`      <skipped${attr('message', o.message)}/>`);
      if (c.systemOut !== '') out.push(`      <system-out>${escapeXml(c.systemOut)}</system-out>`);
      out.push('    </testcase>');
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return `${out.join('\n')}\n`;
}

export function writeJunit(file: string, suites: readonly JunitSuite[]): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, formatJunit(suites));
}
