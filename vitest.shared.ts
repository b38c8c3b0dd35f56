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
      // datasets' `data/mnist-sample.js` (2.1 MB of base64 digits): Node loads it natively in
      // 0.15 s, Vite's transform takes 1.4 s, so every package loads it natively.
      server: { deps: { external: [/mnist-sample\.js$/] } },
      ...test,
    },
  });
}
