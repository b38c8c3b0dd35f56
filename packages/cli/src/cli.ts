import { stripVTControlCharacters } from 'node:util';
import { isGantryError } from '@gantry/core';
import { type CommandDef, defineCommand, runCommand } from 'citty';
import { dataCommand } from './commands/data';
import { evalCommand } from './commands/eval';
import { lossesCommand } from './commands/losses';
import { reportCommand } from './commands/report';
import { sampleCommand } from './commands/sample';
import { sweepCommand } from './commands/sweep';
import { theoryCommand } from './commands/theory';
import { trainCommand } from './commands/train';
import { workerCommand } from './commands/worker';
import { EXIT, exitCodeFor } from './errors';
import { helpWidth, renderHelp } from './help';
import { type CliContext, type CliIO, processIO } from './io';
import { flagWords, keyWords } from './optionFlags';
import { version } from './version';

/** Builds the `gantry` command tree for the given IO (tests pass their own). */
export function createCli(ctx: CliContext): CommandDef {
  return defineCommand({
    meta: {
      name: 'gantry',
      version,
      description: 'Train, compare and understand GANs on TensorFlow.js',
    },
    subCommands: {
      train: () => trainCommand(ctx),
      sample: () => sampleCommand(ctx),
      eval: () => evalCommand(ctx),
      report: () => reportCommand(ctx),
      sweep: () => sweepCommand(ctx),
      worker: () => workerCommand(ctx),
      data: () => dataCommand(ctx),
      losses: () => lossesCommand(ctx),
      theory: () => theoryCommand(ctx),
    },
  });
}

/** The (sub)command named by the leading words of argv, with its full name, for `--help`. */
async function resolveCommand(
  root: CommandDef,
  argv: readonly string[],
): Promise<{ cmd: CommandDef; path: string[] }> {
  let cmd = root;
  const path = ['gantry'];
  for (const word of argv) {
    if (word.startsWith('-')) break;
    const subs =
      typeof cmd.subCommands === 'function' ? await cmd.subCommands() : await cmd.subCommands;
    const next = subs?.[word];
    if (!next) break;
    path.push(word);
    cmd = (
      typeof next === 'function' ? await (next as () => Promise<CommandDef>)() : await next
    ) as CommandDef;
  }
  return { cmd, path };
}

/**
 * Runs `gantry` with `argv` (without node and script) and returns the exit code: 0 success,
 * 1 runtime failure, 2 usage error, 130 interrupted. Messages go to `io.stderr`.
 *
 * @example
 * process.exitCode = await runCli(process.argv.slice(2));
 */
export async function runCli(argv: readonly string[], io: CliIO = processIO()): Promise<number> {
  const ctx: CliContext = { io, exit: { code: EXIT.ok } };
  const root = createCli(ctx);
  const plain = (s: string) => (io.color ? s : stripVTControlCharacters(s));
  try {
    if (argv.includes('--help') || argv.includes('-h')) {
      const { cmd, path } = await resolveCommand(root, argv);
      const rootVersion = path.length === 1 ? version : undefined;
      io.stdout(`${await renderHelp(cmd, path, helpWidth(io.columns), rootVersion)}\n`);
      return EXIT.ok;
    }
    if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-v')) {
      io.stdout(`${version}\n`);
      return EXIT.ok;
    }
    if (argv.length === 0) {
      io.stderr(`${await renderHelp(root, ['gantry'], helpWidth(io.columns), version)}\n`);
      return EXIT.usage;
    }
    await runCommand(root, { rawArgs: [...argv] });
    return ctx.exit.code;
  } catch (error) {
    const code = exitCodeFor(error);
    // Library errors name options in backquotes (`out`); the CLI says which flag sets each,
    // except in errors about a sweep file, whose options are the file's keys.
    const words = isGantryError(error, 'E_BAD_SWEEP') ? keyWords : flagWords;
    const message = words(plain(error instanceof Error ? error.message : String(error)));
    const label = isGantryError(error) ? `error [${error.code}]` : 'error';
    io.stderr(`gantry: ${label}: ${message}\n`);
    if (code === EXIT.usage) io.stderr('Run with --help for usage.\n');
    else if (
      !isGantryError(error) &&
      error instanceof Error &&
      error.stack &&
      io.env['GANTRY_DEBUG']
    ) {
      io.stderr(`${error.stack}\n`);
    }
    return code;
  }
}
