import { defaultServerConditions } from 'vite';
import { defineProject, type UserWorkspaceConfig } from 'vitest/config';

/**
 * A package's vitest project: resolves workspace packages to their sources through the
 * `@gantry/source` export condition, so tests run without a build.
 */
export function gantryProject(name: string, test: UserWorkspaceConfig['test'] = {}) {
  const conditions = ['@gantry/source', ...defaultServerConditions];
  return defineProject({
    resolve: { conditions },
    ssr: { resolve: { conditions } },
    test: {
      name,
      environment: 'node',
      include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
      testTimeout: 60_000,
      hookTimeout: 120_000,
      // `_mnistDigits.js` (datasets) imports the `mnist` package's 21 MB of digit JSON: Node loads
      // it natively in 0.25 s, Vite's transform takes 14 s, so every package loads it natively.
      server: { deps: { external: [/_mnistDigits\.js$/] } },
      ...test,
    },
  });
}
