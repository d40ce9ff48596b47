// `haipump check` end to end: the real bin as a child process against `haipump sim --pty`
// children (ne1000, elite11), success and the one-line failures.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { openNewEraDevice } from '../../../src/devices/newera/index.ts';

const BIN = fileURLToPath(new URL('../../../bin/haipump.js', import.meta.url));
const children = new Set<ChildProcess>();

function run(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('exit', (status) => {
      children.delete(child);
      resolve({ status, stdout, stderr });
    });
  });
}

/** Starts `haipump sim ... --pty --json` and resolves with the host end once it is printed. */
function startSim(args: string[]): Promise<{ port: string; stop(): Promise<void> }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'sim', '--pty', '--json', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(child);
    let out = '';
    let err = '';
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('exit', (code) => {
      children.delete(child);
      reject(new Error(`sim exited ${code}: ${err}`));
    });
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      const line = out.split('\n')[0];
      if (!out.includes('\n') || line === undefined) return;
      const { port } = JSON.parse(line) as { port: string };
      resolve({
        port,
        stop: () =>
          new Promise<void>((done) => {
            child.removeAllListeners('exit');
            child.once('exit', () => {
              children.delete(child);
              done();
            });
            child.kill('SIGTERM');
          }),
      });
    });
  });
}

afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
});

describe('haipump check against haipump sim --pty', () => {
  it('ne1000: ok, model NE1000, delivered volume > 0', async () => {
    const sim = await startSim(['--personality', 'ne1000']);
    try {
      const r = await run(['check', `ne1000:${sim.port}@19200`, '--json']);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      const json = JSON.parse(r.stdout) as Record<string, unknown>;
      expect(json).toMatchObject({ ok: true, model: 'NE1000', firmware: '3.928', port: sim.port, baudRate: 19200 });
      expect(json.deliveredMl).toBeGreaterThan(0);
    } finally {
      await sim.stop();
    }
  });

  it('ne1000 --safe-mode: the A?R re-send, then every packet framed STX LEN data CRC ETX in the traffic log', async () => {
    const sim = await startSim(['--personality', 'ne1000']);
    const dir = mkdtempSync(join(tmpdir(), 'haipump-check-'));
    try {
      const log = join(dir, 'traffic.jsonl');
      const r = await run(['check', `ne1000:${sim.port}@19200`, '--safe-mode', '2', '--traffic-log', log, '--json']);
      expect(r.status).toBe(0);
      const lines = readFileSync(log, 'utf8')
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => JSON.parse(l) as { dir: string; hex?: string });
      const hex = lines.filter((l) => l.dir === 'tx' || l.dir === 'rx').map((l) => `${l.dir} ${l.hex ?? ''}`);
      // Power-up: the first command is answered 00A?R and not executed, so it is sent again.
      expect(hex.slice(0, 4)).toEqual(['tx 300d', 'rx 023030413f5203', 'tx 300d', 'rx 0230305303']);
      // The reference's worked packets: `0RUN` and the safe reply `00S`.
      expect(hex).toContain('tx 02083052554e440703');
      expect(hex).toContain('rx 0207303053aaa603');
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await sim.stop();
    }
  });

  it('elite11: ok, model Pump 11 Elite, delivered volume > 0', async () => {
    const sim = await startSim(['--personality', 'elite11', '--syringe', 'bd-plastipak-10ml']);
    try {
      const r = await run(['check', `elite11:${sim.port}`, '--json', '--syringe', 'bd-plastipak-10ml']);
      expect(r.status).toBe(0);
      const json = JSON.parse(r.stdout) as Record<string, unknown>;
      expect(json).toMatchObject({ ok: true, model: 'Pump 11 Elite', baudRate: 115200 });
      expect(json.deliveredMl).toBeGreaterThan(0);
    } finally {
      await sim.stop();
    }
  });

  it('fails in one line when nothing answers, when the baud is wrong, and when an alarm is pending', async () => {
    const sim = await startSim(['--personality', 'ne1000', '--address', '5', '--line-baud', '9600']);
    try {
      const silent = await run(['check', `ne1000:${sim.port}@19200`, '--timeout-ms', '300']);
      expect(silent.status).toBe(3);
      expect(silent.stderr).toMatch(/^haipump: .*@19200.*check (cable|the baud)/);
      expect(silent.stderr.trim().split('\n')).toHaveLength(1);
    } finally {
      await sim.stop();
    }
    const stalled = await startSim(['--personality', 'ne1000']);
    try {
      const pump = await openNewEraDevice({ path: stalled.port });
      await pump.injectFault('stall');
      await pump.start();
      await pump.close();
      const r = await run(['check', `ne1000:${stalled.port}`, '--json']);
      expect(r.status).toBe(1);
      expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, code: 'alarm' });
      expect(r.stderr).toMatch(/alarm pending: S \(motor stall\)/);
    } finally {
      await stalled.stop();
    }
    const noHai = await run(['check', 'hai:/dev/null']);
    expect(noHai.status).not.toBe(0);
    expect(noHai.stderr.trim().split('\n')).toHaveLength(1);
  });
});
