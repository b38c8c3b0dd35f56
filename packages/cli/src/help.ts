import type { ArgDef, ArgsDef, CommandDef, CommandMeta } from 'citty';

/** Resolves citty's `Resolvable<T>` (a value, a promise, or a function of either). */
async function resolved<T>(value: T | Promise<T> | (() => T | Promise<T>) | undefined) {
  return (typeof value === 'function' ? await (value as () => T | Promise<T>)() : await value) as
    | T
    | undefined;
}

/** The width help wraps to: the terminal's `columns`, 80 when not a terminal (at least 40). */
export function helpWidth(columns: number | undefined): number {
  return Math.max(40, columns ?? 80);
}

/**
 * Breaks `text` into lines of at most `width` characters at spaces (a word longer than the
 * width is cut), with no trailing spaces.
 */
export function wrapText(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (let word of text.split(/\s+/).filter(Boolean)) {
    while (word.length > width) {
      if (line) lines.push(line);
      line = '';
      lines.push(word.slice(0, width));
      word = word.slice(width);
    }
    if (!line) line = word;
    else if (line.length + 1 + word.length <= width) line += ` ${word}`;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line) lines.push(line);
  return lines.length > 0 ? lines : [''];
}

/**
 * Two columns, `term` then `text`, indented by two spaces and wrapped to `width`: the second
 * column starts where the longest term fits (at most 40 % of the width); a longer term puts
 * its text on the next lines.
 */
export function formatColumns(rows: readonly [string, string][], width: number): string[] {
  const indent = 2;
  const gap = 2;
  const longest = Math.max(0, ...rows.map(([term]) => term.length));
  const column = Math.min(indent + longest + gap, Math.floor(width * 0.4));
  const textWidth = Math.max(10, width - column);
  const out: string[] = [];
  for (const [term, text] of rows) {
    const lines = wrapText(text, textWidth);
    const head = ' '.repeat(indent) + term;
    if (head.length + gap <= column) {
      out.push(`${head.padEnd(column)}${lines[0]}`.trimEnd());
    } else {
      out.push(...wrapText(term, width - indent).map((t) => ' '.repeat(indent) + t));
      out.push(`${' '.repeat(column)}${lines[0]}`.trimEnd());
    }
    for (const l of lines.slice(1)) out.push(`${' '.repeat(column)}${l}`.trimEnd());
  }
  return out;
}

/** How a flag is written in help: `--cache-dir DIR`, `--json`. */
function flagTerm(name: string, def: ArgDef): string {
  const aliases = 'alias' in def && def.alias ? [def.alias].flat().map((a) => `-${a}, `) : [];
  const value = def.type === 'string' || def.type === 'enum' ? ` ${def.valueHint ?? 'VALUE'}` : '';
  return `${aliases.join('')}--${name}${value}`;
}

/**
 * The help of a command, `path` naming it in full (`['gantry', 'data', 'download']`), wrapped to
 * `width` columns with no trailing spaces: description (with `version`, given for the root),
 * USAGE, ARGUMENTS, OPTIONS, COMMANDS.
 */
export async function renderHelp<T extends ArgsDef = ArgsDef>(
  cmd: CommandDef<T>,
  path: readonly string[],
  width: number,
  version?: string,
): Promise<string> {
  const meta = (await resolved<CommandMeta>(cmd.meta)) ?? {};
  const args = Object.entries((await resolved<Record<string, ArgDef>>(cmd.args)) ?? {});
  const subs = Object.entries((await resolved<Record<string, unknown>>(cmd.subCommands)) ?? {});
  const name = path.join(' ');
  const lines: string[] = [];
  const title = version
    ? `${meta.description ?? ''} (${name} v${version})`
    : (meta.description ?? '');
  lines.push(...wrapText(title, width), '');
  const positional = args.filter(([, d]) => d.type === 'positional');
  const options = args.filter(([, d]) => d.type !== 'positional');
  const usage = [name];
  if (options.length > 0) usage.push('[OPTIONS]');
  for (const [n, d] of positional)
    usage.push(d.required === false ? `[${n.toUpperCase()}]` : `<${n.toUpperCase()}>`);
  if (subs.length > 0) usage.push(subs.map(([n]) => n).join('|'));
  lines.push(...wrapText(`USAGE ${usage.join(' ')}`, width), '');
  if (positional.length > 0) {
    const rows = positional.map(([n, d]): [string, string] => [
      n.toUpperCase(),
      `${d.description ?? ''}${d.required === false ? '' : ' (required)'}`,
    ]);
    lines.push('ARGUMENTS', '', ...formatColumns(rows, width), '');
  }
  if (options.length > 0) {
    const rows = options.map(([n, d]): [string, string] => [flagTerm(n, d), d.description ?? '']);
    rows.push(['-h, --help', 'show this help']);
    lines.push('OPTIONS', '', ...formatColumns(rows, width), '');
  }
  if (subs.length > 0) {
    const rows: [string, string][] = [];
    for (const [n, sub] of subs) {
      const def = await resolved<CommandDef>(sub as CommandDef);
      const subMeta = (await resolved<CommandMeta>(def?.meta)) ?? {};
      rows.push([n, subMeta.description ?? '']);
    }
    lines.push('COMMANDS', '', ...formatColumns(rows, width), '');
    lines.push(...wrapText(`Use ${name} <command> --help for more about a command.`, width));
  }
  while (lines.at(-1) === '') lines.pop();
  return lines.join('\n');
}
