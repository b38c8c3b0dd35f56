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
      ...test,
    },
  });
}
