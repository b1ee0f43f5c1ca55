import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = `${ROOT}bin/reactivate.mjs`;

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Children still running: a test that fails or times out before it stops one must not leave a
 * service running after the test process is gone. */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** Runs `reactivate …` in its own process with exactly the environment given (plus PATH). */
export function runCli(
  args: string[],
  env: Record<string, string> = {},
  options: { cwd?: string; timeoutMs?: number } = {},
): Promise<CliResult> {
  const child = startCli(args, env, options);
  return finished(child, options.timeoutMs ?? 60_000);
}

/** Starts `reactivate …` and returns the child; its output is collected on `child.output`. */
export function startCli(
  args: string[],
  env: Record<string, string> = {},
  options: { cwd?: string } = {},
): ChildProcess & { output: { stdout: string; stderr: string } } {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      NODE_ENV: 'test',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  }) as ChildProcess & { output: { stdout: string; stderr: string } };
  child.output = { stdout: '', stderr: '' };
  running.add(child);
  child.once('exit', () => running.delete(child));
  child.stdout!.on('data', (d) => (child.output.stdout += d));
  child.stderr!.on('data', (d) => (child.output.stderr += d));
  return child;
}

export function finished(
  child: ChildProcess & { output: { stdout: string; stderr: string } },
  timeoutMs = 60_000,
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`reactivate did not finish in ${timeoutMs} ms:\n${child.output.stderr}`));
    }, timeoutMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      // Let the pipes drain.
      setImmediate(() => resolve({ code, signal, ...child.output }));
    });
  });
}

/** The first line a running `reactivate …` prints on stdout (it exiting first is an error). */
export function firstLine(
  child: ChildProcess & { output: { stdout: string; stderr: string } },
  timeoutMs = 60_000,
): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(child.output.stderr)), timeoutMs);
    const check = () => {
      const newline = child.output.stdout.indexOf('\n');
      if (newline < 0) return;
      clearTimeout(timer);
      child.stdout!.off('data', check);
      resolve(child.output.stdout.slice(0, newline));
    };
    child.stdout!.on('data', check);
    child.on('exit', () => {
      clearTimeout(timer);
      reject(new Error(`exited early:\n${child.output.stderr}`));
    });
    check();
  });
}

/** The JSON log lines of a process's stderr. */
export function logLines(stderr: string): Record<string, unknown>[] {
  return stderr
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}
