#!/usr/bin/env node
// The `gantry` binary. This file is committed (not built) so that package managers can link the
// bin at install time, before `pnpm build` has produced dist/; it only loads the built CLI.
import { existsSync } from 'node:fs';

const entry = new URL('../dist/bin.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write(
    'gantry: the CLI is not built yet (no dist/bin.js); run `npx pnpm@10 build` in the workspace first\n',
  );
  process.exit(1);
}
await import(entry.href);
