import type { Stats } from 'node:fs';
import { lstat, realpath, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { fileKind, listDir } from './_files';
import { fileFailure } from './_png';
import type { DatasetError } from './errors';

/** Which symbolic links an image folder follows: inside the folder (default), any, none. */
export type SymlinkPolicy = 'inside' | 'any' | 'none';

/** One `.png` entry of a folder: where to read it, or why it cannot be read. */
export interface ImageEntry {
  /** The name in the folder. */
  name: string;
  /** The path to open. */
  path: string;
  /** For a followed symlink: the target it had when listed (device and inode). */
  same?: { dev: number; ino: number };
  /** Set when the entry is refused before opening (a FIFO, a device, a folder…). */
  refused?: DatasetError;
}

/** The entries to read, those left out by the symlink policy, and a line saying so. */
export interface ImageListing {
  entries: ImageEntry[];
  /** Names of symlinks skipped by the policy. */
  skippedLinks: string[];
  /** One sentence about symlinks leading outside the folder (or not followed), if any. */
  warning?: string;
}

/** An entry to read; `info` (lstat, or stat of a link's target) pins the file that is opened. */
function entryFor(
  name: string,
  path: string,
  info: Stats | undefined,
  kind: (info: Stats) => string,
): ImageEntry {
  if (info === undefined) return { name, path }; // gone or unreadable: opening it says why
  const same = { dev: info.dev, ino: info.ino };
  if (info.isFile()) return { name, path, same };
  const refused = fileFailure('E_NOT_A_FILE', path, `${kind(info)}, not a regular file: refused`, {
    kind: kind(info),
  });
  return { name, path, same, refused };
}

async function resolveLink(
  path: string,
  root: string,
): Promise<{ target?: string; inside: boolean }> {
  try {
    const target = await realpath(path);
    const rel = relative(root, target);
    return { target, inside: rel !== '' && !rel.startsWith(`..${sep}`) && rel !== '..' };
  } catch {
    return { inside: true }; // a broken link: opening it fails with a message naming it
  }
}

/**
 * Lists the `.png` files of `dir` (not hidden ones, sorted by name) and decides before opening
 * anything what each one is: a regular file is read; a FIFO, device, socket or folder is
 * refused (lstat, so nothing blocks); a symbolic link is followed when `policy` allows it
 * (`inside`: only to a target inside `dir`; `any`; `none`) and its target is checked the same way.
 * Links leading outside `dir` (or, with `none`, any link) are summed up in one warning.
 */
export async function listImageEntries(dir: string, policy: SymlinkPolicy): Promise<ImageListing> {
  const names = (await listDir(dir, 'loadImageFolder'))
    .filter((f) => /\.png$/i.test(f) && !f.startsWith('.'))
    .sort();
  const root = await realpath(dir);
  const entries: ImageEntry[] = [];
  const skippedLinks: string[] = [];
  const outside: string[] = [];
  for (const name of names) {
    const path = join(dir, name);
    const info = await lstat(path).catch(() => undefined);
    if (info === undefined || !info.isSymbolicLink()) {
      entries.push(entryFor(name, path, info, fileKind));
      continue;
    }
    const { target, inside } =
      policy === 'none' ? { inside: false } : await resolveLink(path, root);
    if (!inside) outside.push(target ? `${name} → ${target}` : name);
    if (policy === 'none' || (!inside && policy === 'inside')) {
      skippedLinks.push(name);
      continue;
    }
    const targetInfo = target ? await stat(target).catch(() => undefined) : undefined;
    entries.push(
      entryFor(name, path, targetInfo, (i) => `a symbolic link to ${fileKind(i)} (${target})`),
    );
  }
  return { entries, skippedLinks, ...linkWarning(dir, policy, outside) };
}

function linkWarning(dir: string, policy: SymlinkPolicy, links: string[]): { warning?: string } {
  if (links.length === 0) return {};
  const n = links.length;
  const list = `${links.slice(0, 3).join(', ')}${n > 3 ? `, and ${n - 3} more` : ''}`;
  const what = n === 1 ? 'symbolic link' : 'symbolic links';
  if (policy === 'none') {
    return { warning: `${dir}: skipped ${n} ${what} (${list}): followSymlinks is 'none'` };
  }
  if (policy === 'any') {
    return { warning: `${dir}: following ${n} ${what} outside the folder (${list})` };
  }
  return {
    warning: `${dir}: skipped ${n} ${what} leading outside the folder (${list}); pass followSymlinks: 'any' to follow ${n === 1 ? 'it' : 'them'}`,
  };
}
