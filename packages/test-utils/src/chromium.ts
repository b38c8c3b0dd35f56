import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

export type { Browser, Page } from 'playwright-core';

/** Debian's Chromium, or `$CHROMIUM_PATH`. */
export const chromiumPath = process.env['CHROMIUM_PATH'] || '/usr/bin/chromium';

/** Flags for headless Chromium in a container (DESIGN.md, "Environment facts"). */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];

/**
 * Starts headless Chromium through playwright-core (no browser download); without a Chromium
 * binary it throws, saying how to get one.
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(chromiumPath)) {
    throw new Error(
      `Chromium not found at ${chromiumPath}: this test needs a Chromium binary. Install Debian's "chromium" package (apt-get install chromium) or set CHROMIUM_PATH to a Chromium or Chrome executable.`,
    );
  }
  return chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_ARGS });
}
