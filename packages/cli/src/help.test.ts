import type { CommandDef } from 'citty';
import { describe, expect, it } from 'vitest';
import { cliWith } from './__tests__/runCli';
import { createCli } from './cli';
import { formatColumns, wrapText } from './help';
import { processIO } from './io';

/** Every command and subcommand of the tree, by its words after `gantry` (new ones included). */
async function allCommands(): Promise<string[][]> {
  const out: string[][] = [];
  const resolve = async <T>(v: T | (() => T | Promise<T>) | Promise<T>): Promise<T> =>
    typeof v === 'function' ? (v as () => T | Promise<T>)() : v;
  const walk = async (cmd: CommandDef, words: string[]): Promise<void> => {
    out.push(words);
    const subs = (await resolve(cmd.subCommands)) ?? {};
    for (const [name, sub] of Object.entries(subs)) {
      await walk((await resolve(sub)) as CommandDef, [...words, name]);
    }
  };
  await walk(createCli({ io: processIO(), exit: { code: 0 } }), []);
  return out;
}

describe('help that fits the terminal', () => {
  it('wraps every command to 80 and 160 columns, with no trailing spaces', async () => {
    const commands = await allCommands();
    for (const words of [['train'], ['sample'], ['eval'], ['data', 'download'], ['theory']]) {
      expect(commands).toContainEqual(words);
    }
    for (const words of commands) {
      const byWidth: Record<number, string[]> = {};
      for (const columns of [80, 160]) {
        const r = await cliWith({ columns }, ...words, '--help');
        expect(r.code).toBe(0);
        const lines = r.out.replace(/\n$/, '').split('\n');
        byWidth[columns] = lines;
        for (const line of lines) {
          expect(line.length, `${words.join(' ')} at ${columns}: "${line}"`).toBeLessThanOrEqual(
            columns,
          );
          expect(line, `${words.join(' ')} at ${columns}`).toBe(line.trimEnd());
        }
        // The full command path, as typed.
        expect(r.out).toMatch(new RegExp(`^USAGE ${['gantry', ...words].join(' ')}\\b`, 'm'));
      }
      const [at80, at160] = [byWidth[80] as string[], byWidth[160] as string[]];
      expect(at160.length, words.join(' ')).toBeLessThanOrEqual(at80.length);
      // No line of the wide help would have fitted together with the next one at 80 columns.
      expect(at160.filter((l) => l === '').length).toBe(at80.filter((l) => l === '').length);
    }
  });

  it('puts each option of train on one line at 160 columns and wraps it at 80', async () => {
    const wide = (await cliWith({ columns: 160 }, 'train', '--help')).out.split('\n');
    const narrow = (await cliWith({ columns: 80 }, 'train', '--help')).out.split('\n');
    const option = (lines: string[], flag: string) => {
      const at = lines.findIndex((l) => l.startsWith(`  ${flag} `));
      let end = at + 1;
      while (end < lines.length && /^ {6,}\S/.test(lines[end] as string)) end++;
      return lines.slice(at, end);
    };
    // --data-dir's description is 94 characters: one line at 160, two at 80.
    expect(option(wide, '--data-dir')).toHaveLength(1);
    expect(option(narrow, '--data-dir')).toHaveLength(2);
    expect(option(wide, '--steps N')[0]).toMatch(/^ {2}--steps N {2,}generator steps to train/);
    // Not a terminal: 80 columns.
    const plain = (await cliWith({}, 'train', '--help')).out;
    expect(plain).toBe(narrow.join('\n'));
  });

  it('wraps at spaces, cuts words longer than the line, and aligns the second column', () => {
    expect(wrapText('aa bb cc dd', 5)).toEqual(['aa bb', 'cc dd']);
    expect(wrapText('abcdefgh ij', 3)).toEqual(['abc', 'def', 'gh', 'ij']);
    expect(formatColumns([['--a', 'one two three four']], 20)).toEqual([
      '  --a  one two three', // exactly 20 columns
      '       four',
    ]);
    // A term longer than 40 % of the width puts its text below it.
    expect(formatColumns([['--a-very-long-flag', 'text']], 30)).toEqual([
      '  --a-very-long-flag',
      '            text',
    ]);
  });
});
