import { spawnSync } from 'node:child_process';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Rng } from '@gantry/core';
import { pick } from './mutate';

/** Kinds of file-system entries that are not a regular file inside the folder. */
export const SPECIAL_KINDS = ['fifo', 'folder', 'dev-zero', 'outside', 'dangling'] as const;
export type SpecialKind = (typeof SPECIAL_KINDS)[number];

/**
 * Creates a hostile entry at `path`: a FIFO (mkfifo: nothing ever writes to it), a folder, a
 * symlink to /dev/zero, a symlink to a regular file outside the folder (`outsideBytes`), or a
 * dangling symlink. Returns the kind made.
 */
export async function makeSpecial(
  rng: Rng,
  path: string,
  outsideBytes: Uint8Array,
): Promise<SpecialKind> {
  const kind = pick(rng, SPECIAL_KINDS);
  if (kind === 'fifo') {
    const r = spawnSync('mkfifo', [path]);
    if (r.status !== 0) throw new Error(`mkfifo ${path} failed: ${r.stderr}`);
  } else if (kind === 'folder') {
    await mkdir(path);
  } else if (kind === 'dev-zero') {
    await symlink('/dev/zero', path);
  } else if (kind === 'outside') {
    const elsewhere = join(dirname(dirname(path)), `${dirname(path).split('/').pop()}-outside`);
    await mkdir(elsewhere, { recursive: true });
    await writeFile(join(elsewhere, 'target'), outsideBytes);
    await symlink(join(elsewhere, 'target'), path);
  } else {
    await symlink(join(dirname(path), 'does-not-exist'), path);
  }
  return kind;
}
