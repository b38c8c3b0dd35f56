import { join } from 'node:path';
import { makeDirectory } from '@gantry/core/node';
import { datasetNames, findDataset, listDatasets } from '@gantry/datasets';
import { cacheDir, downloadDataset, loadDataset } from '@gantry/datasets/node';
import { fileSystemError } from '@gantry/trainer/node';
import { defineCommand } from 'citty';
import { SingleBar } from 'cli-progress';
import { UsageError } from '../errors';
import { boundedFlag, checkFlags } from '../flags';
import { type CliContext, formatInt } from '../io';

/** The data sets `gantry data download` fetches. */
const DOWNLOADABLE = datasetNames((d) => d.download !== undefined);

const listArgs = { json: { type: 'boolean', description: 'print as JSON' } } as const;
const infoArgs = {
  name: { type: 'positional', description: 'data set name (see gantry data list)', required: true },
  'data-dir': { type: 'string', description: 'folder with the standard files', valueHint: 'DIR' },
} as const;
const downloadArgs = {
  name: {
    type: 'positional',
    description: `one of: ${DOWNLOADABLE.join(', ')}`,
    required: true,
  },
  'cache-dir': {
    type: 'string',
    description: 'where to store the files (default $GANTRY_CACHE_DIR or ~/.cache/gantry)',
    valueHint: 'DIR',
  },
  mirror: {
    type: 'string',
    description: 'base URL of a mirror (also $GANTRY_DATA_MIRROR)',
    valueHint: 'URL',
  },
  timeout: {
    type: 'string',
    description:
      'per attempt: seconds to wait for the response to start and longest stall of the body (default 15 and 30; $GANTRY_DOWNLOAD_TIMEOUT_MS sets both in ms)',
    valueHint: 'SECONDS',
  },
  retries: {
    type: 'string',
    description: 'retries per URL after a network error or timeout (default 3)',
    valueHint: 'N',
  },
} as const;

/** Download timeouts and retries the flags take: an hour per attempt, 10 retries at most. */
const TIMEOUT_SECONDS = { min: 0.001, max: 3600 };
const RETRIES = { min: 0, max: 10, integer: true };

/** `gantry data download NAME`: fetch, verify and cache a data set, with progress. */
async function download(
  io: CliContext['io'],
  args: { name: string; 'cache-dir'?: string; mirror?: string; timeout?: string; retries?: string },
): Promise<void> {
  const entry = findDataset(args.name);
  const name = entry.download;
  if (name === undefined) {
    throw new UsageError(
      'E_USAGE',
      `${entry.name} is not downloaded (${entry.needs}); gantry data download knows ${DOWNLOADABLE.join(', ')}`,
    );
  }
  const seconds = boundedFlag('timeout', args.timeout, TIMEOUT_SECONDS);
  const timeoutMs = seconds === undefined ? undefined : Math.round(seconds * 1000);
  const retries = boundedFlag('retries', args.retries, RETRIES);
  const cache = args['cache-dir'] ?? cacheDir(io.env);
  // Made here one level at a time: a recursive mkdir never settles inside /proc.
  const folder = join(cache, name);
  await makeDirectory(folder).catch((error: unknown) => {
    throw fileSystemError(error, folder, 'creating the download folder', 'cacheDir');
  });
  let bar: SingleBar | undefined;
  let lastLine = 0;
  let current = '';
  const dir = await downloadDataset(name, {
    cacheDir: cache,
    mirror: args.mirror,
    ...(timeoutMs === undefined ? {} : { connectTimeoutMs: timeoutMs, idleTimeoutMs: timeoutMs }),
    ...(retries === undefined ? {} : { retries }),
    onLog: (line: string) => {
      bar?.stop();
      bar = undefined;
      current = '';
      io.stderr(`${line}\n`);
    },
    onProgress: (file: string, received: number, total: number | undefined) => {
      if (io.isTTY && total) {
        if (current !== file) {
          bar?.stop();
          current = file;
          bar = new SingleBar({
            format: `${file} {bar} {percentage}% | {value}/{total} bytes`,
            stream: io.progressStream,
          });
          bar.start(total, 0);
        }
        bar?.update(received);
      } else if (current !== file || received - lastLine >= 8 * 1024 * 1024 || received === total) {
        current = file;
        lastLine = received;
        io.stderr(
          `${file}: ${formatInt(received)}${total ? ` of ${formatInt(total)}` : ''} bytes\n`,
        );
      }
    },
  }).finally(() => bar?.stop());
  io.stdout(`${dir}\n`);
  io.stderr(
    `train on it with: gantry train --data ${name}${args['cache-dir'] ? ` --data-dir ${dir}` : ''}\n`,
  );
}

/** `gantry data list|info|download`. */
export function dataCommand({ io }: CliContext) {
  return defineCommand({
    meta: { name: 'data', description: 'List, inspect and download data sets' },
    subCommands: {
      list: defineCommand({
        meta: { name: 'list', description: 'List the data sets gantry train accepts' },
        args: listArgs,
        run({ args, rawArgs }) {
          checkFlags('gantry data list', rawArgs, listArgs);
          const rows = listDatasets();
          if (args.json) {
            io.stdout(`${JSON.stringify(rows, null, 2)}\n`);
            return;
          }
          const width = Math.max(...rows.map((r) => r.name.length));
          for (const r of rows)
            io.stdout(
              `${r.name.padEnd(width)}  ${r.kind.padEnd(5)}  ${r.description} (${r.needs})\n`,
            );
        },
      }),
      info: defineCommand({
        meta: {
          name: 'info',
          description: 'Load a data set and print its size, shape and classes',
        },
        args: infoArgs,
        async run({ args, rawArgs }) {
          checkFlags('gantry data info', rawArgs, infoArgs);
          const data = await loadDataset(args.name, {
            ...(args['data-dir'] ? { dataDir: args['data-dir'] } : {}),
            env: io.env,
            // As `gantry train` does: an unreadable PNG of a folder is skipped, and said.
            onSkip: (file, reason) => io.stderr(`warning: skipped ${file}: ${reason}\n`),
          });
          const s = data.source;
          if ('images' in s) {
            const classes = s.classNames ? `; classes: ${s.classNames.join(', ')}` : '';
            io.stdout(
              `${s.name}: ${formatInt(s.count)} images of ${s.height}x${s.width}x${s.channels}${s.labels ? ', labelled' : ''}${classes}\n`,
            );
          } else {
            const modes = s.modes ? `; ${s.modes.length} modes (sigma ${s.modeStd})` : '';
            io.stdout(
              `${s.name}: toy distribution in ${s.dim}-D, sampled afresh every batch${s.density ? ', exact density' : ''}${modes}\n`,
            );
          }
        },
      }),
      download: defineCommand({
        meta: {
          name: 'download',
          description: 'Download a data set, verify its SHA-256 and store it in the cache',
        },
        args: downloadArgs,
        async run({ args, rawArgs }) {
          checkFlags('gantry data download', rawArgs, downloadArgs);
          await download(io, args);
        },
      }),
    },
  });
}
