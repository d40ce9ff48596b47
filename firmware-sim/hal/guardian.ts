/**
 * Guardians: tiny POSIX-sh processes that clean up after this process however it ends.
 *
 * SIGKILL runs no exit handler, and neither does a parent that dies without forwarding a signal
 * (npx, a shell, a killed test runner), so the cleanup must run on the other side. Each guardian's
 * stdin is a pipe from this process and nothing else holds its write end (node opens pipes
 * close-on-exec). When this process dies for any reason the kernel closes that pipe, the guardian's
 * `read` returns EOF and it does its one job: stop the process it guards, or remove the temp dir
 * it made. A line on the pipe instead of EOF is the normal, orderly stop.
 *
 * Guardians run in their own session (`detached`), so a signal to our process group (Ctrl-C, a
 * runner killing the group) cannot take them down with us. Each one is the parent of what it
 * guards and reaps it: on a host whose init does not reap orphans (containers), an orphaned socat
 * would stay in the process table as a zombie, which `pgrep socat` still counts.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { tmpdir } from 'node:os';

/**
 * Runs `"$@"` (socat) as its child and prints its pid. A watcher subshell reads stdin: a line
 * means "stop it" (SIGTERM); EOF means "this process is gone" (SIGTERM, SIGKILL after 1 s). The
 * main shell reaps the command, ends the watcher and exits with the command's status (127: not
 * found). It ends the watcher with SIGKILL: a SIGTERM that lands while the subshell is still
 * resetting the traps it inherited is lost, and the guardian would wait for it for ever; once the
 * command is reaped, nothing the watcher still had to do matters. SIGTERM/SIGHUP to the guardian stop the command too; SIGINT is ignored, as it is by a
 * background command, so only an orderly stop ends the line.
 */
const COMMAND_GUARDIAN = `
trap '' INT
exec 3<&0 </dev/null
"$@" 3<&- >/dev/null &
pid=$!
echo "$pid"
trap 'kill -TERM "$pid" 2>/dev/null' TERM HUP
(
  if read -r _ <&3; then kill -TERM "$pid" 2>/dev/null; exit 0; fi
  kill -TERM "$pid" 2>/dev/null
  i=0
  while kill -0 "$pid" 2>/dev/null; do
    if [ "$i" -ge 50 ]; then kill -KILL "$pid" 2>/dev/null; exit 0; fi
    sleep 0.02
    i=$((i + 1))
  done
) &
watcher=$!
exec 3<&-
while :; do
  wait "$pid"
  status=$?
  kill -0 "$pid" 2>/dev/null || break
done
kill -KILL "$watcher" 2>/dev/null
wait "$watcher"
exit "$status"
`;

/**
 * Makes the temp dir itself (so no instant exists where the dir is there and nobody guards it),
 * prints its path, and removes it on a line or on EOF.
 */
const DIR_GUARDIAN = `
trap '' INT
dir=$(mktemp -d "$1/$2XXXXXX") || exit 1
echo "$dir"
read -r _ || :
rm -rf -- "$dir"
`;

/** The shell's exit status when the guarded command cannot be found or run. */
export const COMMAND_NOT_RUNNABLE = [126, 127] as const;

function spawnGuardian(name: string, script: string, args: readonly string[]): ChildProcess {
  const child = spawn('/bin/sh', ['-c', script, name, ...args], { stdio: ['pipe', 'pipe', 'pipe'], detached: true });
  // The guardian may be gone when we write its stop line; that is what we wanted anyway.
  child.stdin?.on('error', () => undefined);
  return child;
}

/** Resolves with the guardian's first stdout line; rejects if it exits (or fails to spawn) first. */
function firstLine(child: ChildProcess, what: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    const onData = (chunk: string): void => {
      out += chunk;
      const lf = out.indexOf('\n');
      if (lf === -1) return;
      cleanup();
      resolve(out.slice(0, lf));
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null): void => {
      cleanup();
      reject(new Error(`${what} guardian exited (${signal ?? `code ${code ?? '?'}`}) before it started`));
    };
    const onError = (error: Error): void => {
      cleanup();
      reject(new Error(`cannot start the ${what} guardian (/bin/sh): ${error.message}`));
    };
    function cleanup(): void {
      child.stdout?.off('data', onData);
      child.off('exit', onExit);
      child.off('error', onError);
    }
    child.stdout?.setEncoding('utf8').on('data', onData);
    child.once('exit', onExit);
    child.once('error', onError);
  });
}

export function hasExited(child: ChildProcess): boolean {
  return child.pid === undefined || child.exitCode !== null || child.signalCode !== null;
}

const exitOf = (child: ChildProcess): Promise<void> =>
  hasExited(child) ? Promise.resolve() : new Promise((resolve) => child.once('exit', () => resolve()));

export interface GuardedCommand {
  /** The guardian (`/bin/sh`); its 'exit' comes once the command has exited and been reaped. */
  readonly guardian: ChildProcess;
  /** The command's own pid (socat's, not the shell's); rejects if the guardian never started it. */
  readonly pid: Promise<number>;
  /** True once the guardian (hence the command) has exited. */
  readonly exited: boolean;
  /** Asks the guardian to SIGTERM the command; SIGKILLs it after `killAfterMs`; resolves once reaped. */
  stop(killAfterMs: number): Promise<void>;
  /** SIGKILL now, synchronously (process 'exit' hooks cannot wait). */
  killNow(): void;
}

/** Starts `argv` under a command guardian. Its stderr is the guardian's stderr (`guardian.stderr`). */
export function spawnGuarded(argv: readonly string[]): GuardedCommand {
  const guardian = spawnGuardian('haipump-guard', COMMAND_GUARDIAN, argv);
  const pid = firstLine(guardian, 'command').then((line) => {
    const parsed = Number(line);
    if (!Number.isInteger(parsed) || parsed <= 0) throw new Error(`command guardian printed ${JSON.stringify(line)}, not a pid`);
    return parsed;
  });
  let knownPid: number | undefined;
  // Rejections are reported through `pid` to whoever awaits it; none must go unhandled meanwhile.
  pid.then((p) => (knownPid = p)).catch(() => undefined);
  const killNow = (): void => {
    // While the guardian lives it has not reaped the command, so the pid cannot have been reused.
    if (hasExited(guardian)) return;
    if (knownPid === undefined) {
      // Not started yet: EOF makes the guardian stop it as soon as it has, and still reap it.
      guardian.stdin?.destroy();
      return;
    }
    try {
      process.kill(knownPid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  };
  return {
    guardian,
    pid,
    get exited() {
      return hasExited(guardian);
    },
    stop(killAfterMs) {
      if (hasExited(guardian)) return Promise.resolve();
      const hard = setTimeout(killNow, killAfterMs);
      const done = exitOf(guardian).then(() => clearTimeout(hard));
      if (killAfterMs <= 0) killNow();
      else guardian.stdin?.end('stop\n');
      return done;
    },
    killNow,
  };
}

export interface GuardedDir {
  readonly dir: string;
  /** Removes the dir (the guardian does, and we make sure); resolves once the guardian has exited. */
  remove(): Promise<void>;
}

/** A fresh temp dir `<tmpdir>/<prefix>XXXXXX`, removed by its guardian if this process dies. */
export async function createGuardedDir(prefix: string, parent: string = tmpdir()): Promise<GuardedDir> {
  const guardian = spawnGuardian('haipump-dir-guard', DIR_GUARDIAN, [parent, prefix]);
  let stderr = '';
  guardian.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-2000)));
  const dir = await firstLine(guardian, 'temp dir').catch((error: unknown) => {
    const reason = stderr.trim().split('\n').pop();
    throw new Error(`cannot make a temp dir in ${parent}${reason === undefined || reason === '' ? '' : `: ${reason}`}`, { cause: error });
  });
  if (!dir.startsWith(`${parent}/${prefix}`)) {
    guardian.kill('SIGKILL');
    throw new Error(`temp dir guardian printed ${JSON.stringify(dir)}, not a dir under ${parent}`);
  }
  return {
    dir,
    async remove() {
      guardian.stdin?.end('remove\n');
      await exitOf(guardian);
    },
  };
}
