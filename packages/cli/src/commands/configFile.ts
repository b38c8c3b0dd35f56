import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { extname } from 'node:path';
import { parseTrainConfig, type TrainConfigInput } from '@gantry/trainer';
import { parseDocument } from 'yaml';
import { UsageError } from '../errors';

/**
 * Limits of a `--config` file, checked before it is parsed: the `yaml` library takes time
 * quadratic in the number of keys (40,000 keys: 9 s), and a config holds a few dozen settings
 * (the study configs are under 1 KB). 64 KiB and 1,000 `:` separators keep parsing under 0.1 s.
 */
export const CONFIG_LIMITS = Object.freeze({ bytes: 64 * 1024, separators: 1_000, aliases: 100 });

const fail = (path: string, problem: string) =>
  new UsageError('E_USAGE', `--config ${path}: ${problem}`, { option: 'config', file: path });

/** The file's text, read only when it is a regular file within the size limit. */
async function readBounded(path: string): Promise<string> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    // Non-blocking, so that a FIFO named like a config is refused instead of waited on.
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw fail(path, `cannot read it (${code})`);
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw fail(path, 'not a regular file');
    if (info.size > CONFIG_LIMITS.bytes) {
      throw fail(
        path,
        `${info.size.toLocaleString('en-US')} bytes is more than a config may hold (${CONFIG_LIMITS.bytes.toLocaleString('en-US')})`,
      );
    }
    const buffer = Buffer.alloc(CONFIG_LIMITS.bytes + 1);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    if (bytesRead > CONFIG_LIMITS.bytes) throw fail(path, 'it grew past the size limit while read');
    return buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
}

/** YAML in the core schema: unknown tags (`!!js/regexp`) and alias bombs are refused. */
function parseYamlConfig(path: string, text: string): unknown {
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false });
  const first = doc.errors[0];
  if (first) throw fail(path, `not valid YAML: ${first.message.split('\n')[0]}`);
  const tag = doc.warnings.find((w) => w.code === 'TAG_RESOLVE_FAILED');
  if (tag) {
    // Refused, not read as a string (yaml's fallback): `out: !!js/regexp /a/b/` is no folder.
    const line = text.slice(0, tag.pos[0]).split('\n').length;
    const name = (/tag: (\S+)/.exec(tag.message)?.[1] ?? '?').replace('tag:yaml.org,2002:', '!!');
    throw fail(
      path,
      `line ${line}: unknown tag ${name}; a config holds plain numbers, strings, lists and mappings`,
    );
  }
  try {
    return doc.toJS({ maxAliasCount: CONFIG_LIMITS.aliases });
  } catch (error) {
    throw fail(path, `not valid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
}

/**
 * Reads a `--config` file (JSON when it ends in `.json`, else YAML) within {@link CONFIG_LIMITS}:
 * a mapping at the top level (train's settings, a sweep's base and grid); every problem is a
 * usage error naming the file.
 */
export async function readSettingsFile(path: string): Promise<Record<string, unknown>> {
  const text = await readBounded(path);
  const separators = text.split(':').length - 1;
  if (separators > CONFIG_LIMITS.separators) {
    throw fail(
      path,
      `${separators.toLocaleString('en-US')} ":" separators is more keys than a config may hold (${CONFIG_LIMITS.separators.toLocaleString('en-US')})`,
    );
  }
  const json = extname(path) === '.json';
  let value: unknown;
  if (json) {
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw fail(path, `not valid JSON: ${(error as Error).message.split('\n')[0]}`);
    }
  } else {
    value = parseYamlConfig(path, text);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw fail(path, 'expected a mapping of settings at the top level');
  }
  return value as Record<string, unknown>;
}

/** {@link readSettingsFile}, validated with the trainer's schema (`gantry train --config`). */
export async function readConfigFile(path: string): Promise<TrainConfigInput> {
  return parseTrainConfig(await readSettingsFile(path), `--config ${path}`);
}
