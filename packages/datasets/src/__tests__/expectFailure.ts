// Test helper (not part of the package's entries).
import { isGantryError } from '@gantry/core';
import { expect } from 'vitest';

/** Awaits `p`, expects a GantryError with `code` whose message matches, and returns it. */
export async function expectFailure(
  p: Promise<unknown>,
  code: string,
  match: RegExp,
): Promise<Error & { details: Record<string, unknown> }> {
  try {
    await p;
  } catch (e) {
    expect(isGantryError(e, code), String(e)).toBe(true);
    expect((e as Error).message).toMatch(match);
    return e as Error & { details: Record<string, unknown> };
  }
  throw new Error('expected a failure');
}
