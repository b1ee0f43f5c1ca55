import type { Writable } from 'node:stream';
import type { Clock } from '../lib/clock.ts';

/** What a command needs from its surroundings, passed in so tests can run commands in-process. */
export interface CliContext {
  env: NodeJS.ProcessEnv;
  stdout: Writable & { isTTY?: boolean };
  stderr: Writable & { isTTY?: boolean };
  clock: Clock;
  cwd: string;
}
