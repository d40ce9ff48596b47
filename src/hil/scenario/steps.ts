/** Runs one scenario step on a device; a failed check throws `StepFailure` naming the step. */
import type { HilDevice } from '../device.ts';
import { HilError } from '../errors.ts';
import { checkNumber, checkText, describeTextCheck } from './checks.ts';
import { formatDurationMs } from './duration.ts';
import type { ExpectStep, Step } from './schema.ts';
import { describeError } from '../../model/errors.ts';

export class StepFailure extends HilError {
  constructor(
    readonly stepPath: string,
    readonly detail: string,
  ) {
    super(`${stepPath}: ${detail}`);
  }
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Alarm codes from an `ALARm:LIST?`-style reply: `201:MEDIUM:0;202:HIGH:1` or `NONE`. */
function alarmCodes(text: string): string[] {
  return text === 'NONE' || text === '' ? [] : text.split(';').map((item) => item.split(':')[0] ?? item);
}

async function runQuery(device: HilDevice, expect: Extract<ExpectStep, { kind: 'query' }>['value']): Promise<string> {
  const reply = await device.request(expect.query);
  const fail = (why: string): never => {
    throw new Error(`${expect.query} → ${why}`);
  };
  switch (expect.field) {
    case 'number':
    case 'integer': {
      if (!NUMBER.test(reply)) fail(`${JSON.stringify(reply)}, not a number`);
      const value = Number(reply);
      if (expect.field === 'integer' && !Number.isInteger(value)) fail(`${reply}, not an integer`);
      if (expect.equals !== undefined && value !== Number(expect.equals)) fail(`${reply}, expected ${expect.equals}`);
      if (expect.approx !== undefined) {
        const problem = checkNumber(value, { approx: expect.approx, tol: expect.tol ?? 0.0001 });
        if (problem !== null) fail(problem);
      }
      const range = checkNumber(value, { min: expect.min, max: expect.max });
      if ((expect.min !== undefined || expect.max !== undefined) && range !== null) fail(range);
      break;
    }
    case 'alarms': {
      const codes = alarmCodes(reply);
      for (const code of expect.includes ?? [])
        if (!codes.includes(String(code))) fail(`${JSON.stringify(reply)}, expected alarm ${code} in the list`);
      if (expect.equals !== undefined && reply !== String(expect.equals))
        fail(`${JSON.stringify(reply)}, expected ${JSON.stringify(String(expect.equals))}`);
      break;
    }
    case 'state':
    case 'text':
      if (expect.equals !== undefined && reply !== String(expect.equals))
        fail(`${JSON.stringify(reply)}, expected ${JSON.stringify(String(expect.equals))}`);
      break;
  }
  if (expect.match !== undefined && !new RegExp(expect.match).test(reply))
    fail(`${JSON.stringify(reply)}, expected to match /${expect.match}/`);
  return `${expect.query} → ${reply}`;
}

async function runExpect(device: HilDevice, expect: ExpectStep): Promise<string> {
  switch (expect.kind) {
    case 'line': {
      const line = await device.expectLine(expect.value.line, { timeoutDeviceMs: expect.value.within, stepDeviceMs: expect.value.step });
      return `got ${JSON.stringify(line)}`;
    }
    case 'match': {
      const line = await device.expectLine(new RegExp(expect.value.match), {
        timeoutDeviceMs: expect.value.within,
        stepDeviceMs: expect.value.step,
      });
      return `got ${JSON.stringify(line)}`;
    }
    case 'event': {
      const event = await device.waitForEvent(expect.value.event, {
        timeoutDeviceMs: expect.value.within,
        stepDeviceMs: expect.value.step,
        code: expect.value.code,
      });
      return `got ${JSON.stringify(event.line)}`;
    }
    case 'query':
      return runQuery(device, expect.value);
  }
}

async function runAssert(device: HilDevice, assert: Extract<Step, { action: 'assert' }>['assert']): Promise<string> {
  const seen: string[] = [];
  const fail = (why: string): never => {
    throw new Error(why);
  };
  if (assert.volumeMl !== undefined) {
    const volumeMl = await device.readReservoirMl();
    if (volumeMl === null) fail('this device has no reservoir volume');
    else {
      const problem = checkNumber(volumeMl, assert.volumeMl);
      if (problem !== null) fail(`reservoir volume ${problem} mL`);
      seen.push(`volume ${volumeMl} mL`);
    }
  }
  if (assert.deliveredMl !== undefined) {
    const deliveredMl = await device.readDeliveredMl();
    const problem = checkNumber(deliveredMl, assert.deliveredMl);
    if (problem !== null) fail(`delivered ${problem} mL`);
    seen.push(`delivered ${deliveredMl} mL`);
  }
  if (assert.state !== undefined) {
    const state = await device.readState();
    const problem = checkText(state, assert.state);
    if (problem !== null) fail(`state ${problem}`);
    seen.push(`state ${state}`);
  }
  if (assert.alarms !== undefined || assert.alarm !== undefined) {
    const alarms = await device.readAlarms();
    const codes = alarms.map((a) => a.code);
    if (assert.alarms !== undefined) {
      const want = assert.alarms.map(String).sort();
      if (JSON.stringify([...codes].sort()) !== JSON.stringify(want)) fail(`alarms [${codes.join(', ')}], expected [${want.join(', ')}]`);
    }
    if (assert.alarm !== undefined) {
      const code = String(assert.alarm.code);
      const found = alarms.find((a) => a.code === code);
      if (assert.alarm.active && found === undefined) fail(`alarm ${code} not active (active: [${codes.join(', ')}])`);
      if (!assert.alarm.active && found !== undefined) fail(`alarm ${code} is active, expected it cleared`);
      if (found !== undefined && assert.alarm.acknowledged !== undefined && found.acknowledged !== assert.alarm.acknowledged) {
        fail(`alarm ${code} acknowledged=${found.acknowledged}, expected ${assert.alarm.acknowledged}`);
      }
    }
    seen.push(`alarms [${codes.join(', ')}]`);
  }
  return seen.join(', ');
}

/** Runs the step; resolves with a one-line account for the log, or throws StepFailure. */
export async function runStep(device: HilDevice, step: Step): Promise<string> {
  try {
    switch (step.action) {
      case 'send': {
        const reply = await device.request(step.line);
        if (step.reply !== undefined) {
          const problem = checkText(reply, step.reply);
          if (problem !== null) throw new Error(`${step.line} → ${problem}`);
        }
        return `${step.line} → ${/[\r\n]/.test(reply) ? JSON.stringify(reply) : reply}${step.reply === undefined ? '' : ` (expected ${describeTextCheck(step.reply)})`}`;
      }
      case 'expect':
        return await runExpect(device, step.expect);
      case 'wait':
        await device.wait(step.ms);
        return `waited ${formatDurationMs(step.ms)} of device time`;
      case 'advance':
        await device.advance(step.ms);
        return `advanced ${formatDurationMs(step.ms)}`;
      case 'env':
        await device.setEnvironment(step.env);
        return `environment ${JSON.stringify(step.env)}`;
      case 'fault':
        if (typeof step.fault === 'string') await device.injectFault(step.fault);
        else if ('clear' in step.fault) await device.clearFaults();
        else await device.injectFault(step.fault.name, step.fault.param);
        return `fault ${JSON.stringify(step.fault)}`;
      case 'assert':
        return await runAssert(device, step.assert);
      case 'unplug':
        await device.unplug({ downMs: step.downMs });
        return `unplugged ${step.downMs} ms and reconnected`;
    }
  } catch (error) {
    if (error instanceof StepFailure) throw error;
    throw new StepFailure(step.path, describeError(error));
  }
}
