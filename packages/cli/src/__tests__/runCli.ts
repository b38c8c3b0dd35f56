import { PassThrough } from 'node:stream';
import { runCli } from '../cli';
import type { CliIO } from '../io';

/** Runs `gantry argv…` in-process with `io` over a non-TTY, colourless default. */
export async function cliWith(
  io: Partial<CliIO>,
  ...argv: string[]
): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const full: CliIO = {
    stdout: (t) => {
      out += t;
    },
    stderr: (t) => {
      err += t;
    },
    isTTY: false,
    color: false,
    env: {},
    progressStream: new PassThrough(),
    ...io,
  };
  const code = await runCli(argv, full);
  return { code, out, err };
}

/** Runs `gantry argv…` in-process (non-TTY, no colour) and returns its exit code and output. */
export function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  return cliWith({}, ...argv);
}
