/** Where the CLI writes: results on `stdout`, progress and messages on `stderr`. */
export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** True when stderr is a terminal (progress bars); false in CI and pipes. */
  isTTY: boolean;
  /** Colour on a terminal unless NO_COLOR or CI is set. */
  color: boolean;
  env: NodeJS.ProcessEnv;
  /** The stream progress bars draw on. */
  progressStream: NodeJS.WritableStream;
  /** Width that help wraps to: the terminal's columns when stdout is one, else 80. */
  columns?: number;
}

/** The process's real IO. */
export function processIO(): CliIO {
  const isTTY = Boolean(process.stderr.isTTY);
  return {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    isTTY,
    color: isTTY && !process.env['NO_COLOR'] && !process.env['CI'],
    env: process.env,
    progressStream: process.stderr,
    columns: process.stdout.isTTY ? process.stdout.columns : 80,
  };
}

/** Formats a number for humans: 1234567 → "1,234,567". */
export function formatInt(n: number): string {
  return n.toLocaleString('en-US');
}

/** Formats seconds as "1h02m", "3m05s" or "12.3s". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  if (seconds >= 3600)
    return `${Math.floor(seconds / 3600)}h${String(Math.floor((seconds % 3600) / 60)).padStart(2, '0')}m`;
  if (seconds >= 60)
    return `${Math.floor(seconds / 60)}m${String(Math.round(seconds % 60)).padStart(2, '0')}s`;
  return `${seconds.toFixed(1)}s`;
}

/** What every command gets: the IO and a slot for its exit code. */
export interface CliContext {
  io: CliIO;
  exit: { code: number };
}
