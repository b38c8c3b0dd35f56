import { PassThrough } from 'node:stream';
import { runCli } from '../cli';
import type { CliIO } from '../io';

/** Runs `gantry argv…` in-process (non-TTY, no colour) and returns its exit code and output. */
export async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIO = {
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
  };
  const code = await runCli(argv, io);
  return { code, out, err };
}
