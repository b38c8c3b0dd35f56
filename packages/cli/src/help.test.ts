import { describe, expect, it } from 'vitest';
import { cliWith } from './__tests__/runCli';
import { formatColumns, wrapText } from './help';

/** Every command and subcommand, by its words after `gantry`. */
const COMMANDS = [
  [],
  ['train'],
  ['sample'],
  ['eval'],
  ['data'],
  ['data', 'list'],
  ['data', 'info'],
  ['data', 'download'],
  ['losses'],
  ['theory'],
];

describe('help that fits the terminal', () => {
  it('wraps every command to 80 and 160 columns, with no trailing spaces', async () => {
    for (const words of COMMANDS) {
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
