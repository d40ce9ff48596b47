/**
 * `haipump dashboard` as a user starts it: the real bin in its own process. It prints one JSON
 * line with its URL and token, answers 401 without the token, listens on the loopback only, and
 * stops on SIGTERM with exit 0; a port it cannot bind is a usage error (exit 2).
 */
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { BIN, REPO, runCli } from '../support/cli.ts';
import { EXIT_CODES } from '../../src/cli/exit-codes.ts';

describe('haipump dashboard', () => {
  it('prints {"url"} with the token, refuses requests without it, listens on 127.0.0.1 only, stops on SIGTERM', async () => {
    const child = spawn(process.execPath, [BIN, 'dashboard', '--db', '/nonexistent/haipump.db', '--json'], {
      cwd: REPO,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const [line] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
      const { url } = JSON.parse(line) as { url: string };
      const parsed = new URL(url);
      expect(parsed.hostname).toBe('127.0.0.1');
      expect(parsed.searchParams.get('token')).toMatch(/^[A-Za-z0-9_-]{43}$/);
      const bare = `${parsed.origin}/`;
      expect((await fetch(bare)).status).toBe(401);
      expect((await fetch(`${parsed.origin}/api/status`)).status).toBe(401);
      const page = await fetch(url);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<title>haipump dashboard</title>');
      // Every listening socket of this process, as `ss -ltnp` shows it: one, on the loopback.
      const ss = spawnSync('ss', ['-ltnpH'], { encoding: 'utf8' });
      if (ss.status === 0) {
        const ours = ss.stdout.split('\n').filter((l) => l.includes(`pid=${child.pid},`));
        expect(ours).toHaveLength(1);
        expect(ours[0]).toContain(`127.0.0.1:${parsed.port}`);
      }
    } finally {
      child.kill('SIGTERM');
    }
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(EXIT_CODES.ok);
  });

  it('a port already taken is a usage error that names the flag', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const address = blocker.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    try {
      const run = runCli(['dashboard', '--port', String(port), '--db', '/nonexistent/haipump.db']);
      expect(run.status).toBe(EXIT_CODES.usage);
      expect(run.stderr).toContain(`--port ${port}: cannot listen`);
      expect(runCli(['dashboard', '--port', '70000']).status).toBe(EXIT_CODES.usage);
    } finally {
      blocker.close();
    }
  });
});
