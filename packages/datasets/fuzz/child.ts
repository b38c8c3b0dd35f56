// One fuzz worker process (run under an address-space limit by the harness): runs cases
// [from, to) of one format and prints a JSON line before each case ({"start": i}) and after it
// (the outcome and the peak RSS so far), then {"done": true}.
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createRng, isGantryError } from '@gantry/core';
import type { FuzzCase, FuzzFormat } from './format';

interface Job {
  /** The format's name (its file name) and the path of its bundle. */
  name: string;
  format: string;
  seed: string;
  from: number;
  to: number;
  workDir: string;
}

const job = JSON.parse(process.argv[2] as string) as Job;
const emit = (line: object) => process.stdout.write(`${JSON.stringify(line)}\n`);

async function outcome(format: FuzzFormat, c: FuzzCase) {
  try {
    const wrong = await format.run(c);
    return wrong === undefined ? { outcome: 'ok' } : { outcome: 'wrong', message: wrong };
  } catch (error) {
    if (!isGantryError(error)) {
      return { outcome: 'untyped', message: String((error as Error)?.stack ?? error) };
    }
    const named = c.names.some((n) => error.message.includes(n));
    return { outcome: named ? 'typed' : 'unnamed', code: error.code, message: error.message };
  }
}

const format = (await import(pathToFileURL(job.format).href)).default as FuzzFormat;
for (let i = job.from; i < job.to; i++) {
  emit({ start: i });
  const dir = join(job.workDir, `case-${i}`);
  await mkdir(dir, { recursive: true });
  let result: Record<string, unknown>;
  try {
    const c = await format.prepare(createRng(`${job.seed}:${job.name}:${i}`), dir);
    result = await outcome(format, c);
  } catch (error) {
    result = { outcome: 'harness', message: String((error as Error)?.stack ?? error) };
  }
  emit({ i, ...result, rssKiB: process.resourceUsage().maxRSS });
  await rm(dir, { recursive: true, force: true });
  await rm(`${dir}-outside`, { recursive: true, force: true });
}
emit({ done: true });
