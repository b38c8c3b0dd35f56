import { TRAIN_FLAG_KEYS } from './commands/trainFlags';

/**
 * The flag that sets each option a library error may name: every config key `gantry train`
 * has a flag for, and the options of sampling, evaluation and downloads.
 */
export const OPTION_FLAGS: Readonly<Record<string, string>> = Object.freeze({
  ...Object.fromEntries(Object.entries(TRAIN_FLAG_KEYS).map(([flag, [key]]) => [key, flag])),
  resume: 'resume',
  run: 'run',
  metrics: 'metric',
  n: 'n',
  cacheDir: 'cache-dir',
  mirror: 'mirror',
});

/**
 * A library message in the CLI's words: every option quoted in backquotes (`out`, `lrD`) that a
 * flag sets becomes that flag (--out, --lr-d); other quoted names stay as they are.
 *
 * @example
 * flagWords('choose another `out`'); // 'choose another --out'
 */
export function flagWords(message: string): string {
  return message.replace(/`([A-Za-z][A-Za-z0-9]*)`/g, (quoted, name: string) =>
    Object.hasOwn(OPTION_FLAGS, name) ? `--${OPTION_FLAGS[name]}` : quoted,
  );
}

/**
 * A library message about a settings file (a sweep file): options stay the file's keys, only
 * without their backquotes, since no flag is involved.
 *
 * @example
 * keyWords('`model` "dcgan" needs image data'); // 'model "dcgan" needs image data'
 */
export function keyWords(message: string): string {
  return message.replace(/`([A-Za-z][A-Za-z0-9]*)`/g, '$1');
}
