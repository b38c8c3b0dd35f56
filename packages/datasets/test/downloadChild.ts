// A child process for the download tests: installs the CLI's temp-file cleanup, runs one
// download given as JSON in argv[2], and prints one JSON line with the outcome and the entries
// left in the cache folder.
import { readdirSync } from 'node:fs';
import { installTempFileCleanup } from '@gantry/core/node';
import { type DownloadOptions, download } from '../src/download';

const { url, ...opts } = JSON.parse(process.argv[2] as string) as DownloadOptions & { url: string };
installTempFileCleanup();
process.stdout.write('started\n');
try {
  const path = await download(url, opts);
  process.stdout.write(
    `${JSON.stringify({ ok: true, path, entries: readdirSync(opts.cacheDir) })}\n`,
  );
} catch (error) {
  const { code, message } = error as { code?: string; message: string };
  process.stdout.write(
    `${JSON.stringify({ ok: false, code, message, entries: readdirSync(opts.cacheDir) })}\n`,
  );
}
