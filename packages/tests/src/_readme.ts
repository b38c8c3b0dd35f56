import { readFile } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { join } from 'node:path';

/** A package README's front example: its install line and its first JavaScript block. */
export interface ReadmeExample {
  /** Folder name under packages/. */
  folder: string;
  /** Packages named by the first `npm install` line (without flags such as `-g`). */
  install: string[];
  /** The first fenced `js` block. */
  code: string;
}

/** The package name of an import specifier (`@scope/name/sub` → `@scope/name`, `x/y` → `x`). */
export function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}

/** Every package an ES module imports, statically or by a literal dynamic import. */
export function importedPackages(code: string): string[] {
  const found = new Set<string>();
  const withoutComments = code.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|\s)\/\/.*$/gm, '$1');
  const patterns = [
    /\bimport\s+(?:[^'"()]*?\sfrom\s+)?['"]([^'"]+)['"]/g,
    /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const pattern of patterns) {
    for (const match of withoutComments.matchAll(pattern)) {
      const specifier = match[1] as string;
      if (specifier.startsWith('.') || specifier.startsWith('node:')) continue;
      if (builtinModules.includes(specifier)) continue;
      found.add(packageOf(specifier));
    }
  }
  return [...found].sort();
}

function fencedBlocks(markdown: string, languages: string[]): string[] {
  const blocks: string[] = [];
  const fence = /^```(\w*)\n([\s\S]*?)^```/gm;
  for (const match of markdown.matchAll(fence)) {
    if (languages.includes(match[1] as string)) blocks.push(match[2] as string);
  }
  return blocks;
}

/** Reads packages/FOLDER/README.md and returns its install line and first `js` example. */
export async function readReadmeExample(root: string, folder: string): Promise<ReadmeExample> {
  const markdown = await readFile(join(root, 'packages', folder, 'README.md'), 'utf8');
  const shell = fencedBlocks(markdown, ['sh', 'bash']).join('\n');
  // Join continued lines, then take the first `npm install` command.
  const line = shell
    .replace(/\\\n\s*/g, ' ')
    .split('\n')
    .find((l) => /^\s*npm install\b/.test(l));
  if (!line) throw new Error(`packages/${folder}/README.md has no \`npm install\` line`);
  const install = line
    .replace(/#.*$/, '')
    .trim()
    .split(/\s+/)
    .slice(2)
    .filter((word) => !word.startsWith('-'));
  const code = fencedBlocks(markdown, ['js'])[0];
  if (!code) throw new Error(`packages/${folder}/README.md has no \`js\` example`);
  return { folder, install, code };
}
