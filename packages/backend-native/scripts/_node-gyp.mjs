// Shared by build-addon.mjs (source build at install) and prebuild.mjs (the package's build):
// where node-gyp and Node's headers are, without any download.
import { existsSync, readFileSync } from 'node:fs';
import { delimiter, dirname, join, resolve } from 'node:path';

/** node-gyp as [command, ...args]: the package manager's, then PATH, then npm's or pnpm's bundled one. */
export function findNodeGyp() {
  const fromEnv = process.env.npm_config_node_gyp;
  if (fromEnv && existsSync(fromEnv)) {
    return fromEnv.endsWith('.js') ? [process.execPath, fromEnv] : [fromEnv];
  }
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, 'node-gyp');
    if (dir && existsSync(candidate)) return [candidate];
  }
  const prefix = resolve(dirname(process.execPath), '..');
  for (const candidate of [
    join(prefix, 'lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js'),
    join(prefix, 'lib/node_modules/pnpm/dist/node_modules/node-gyp/bin/node-gyp.js'),
  ]) {
    if (existsSync(candidate)) return [process.execPath, candidate];
  }
  return undefined;
}

/**
 * Node's own headers, offline: distributions (Debian, NodeSource, the nodejs.org tarballs,
 * Homebrew) install them at <prefix>/include/node next to <prefix>/bin/node. node-gyp would
 * otherwise download them from nodejs.org, which fails on machines without internet access.
 */
export function localNodeDir() {
  const prefix = resolve(dirname(process.execPath), '..');
  const header = join(prefix, 'include/node/node_version.h');
  if (!existsSync(header) || !existsSync(join(prefix, 'include/node/common.gypi'))) return;
  const text = readFileSync(header, 'utf8');
  const part = (name) => text.match(new RegExp(`#define NODE_${name}_VERSION (\\d+)`))?.[1];
  const version = `v${part('MAJOR')}.${part('MINOR')}.${part('PATCH')}`;
  return version === process.version ? prefix : undefined;
}
