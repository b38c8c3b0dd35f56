import { defaultClientConditions, defineConfig } from 'vite';

/**
 * The playground builds the workspace packages from their sources (the `@gantry/source` export
 * condition), so `vite dev` and `vite build` need no prior `tsup` build of the packages.
 */
export default defineConfig({
  base: './',
  resolve: {
    conditions: ['@gantry/source', ...defaultClientConditions],
    // One tfjs instance for the app and every package (two copies split the kernel registry).
    dedupe: ['@tensorflow/tfjs-core', '@tensorflow/tfjs-layers'],
  },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 2000,
  },
  preview: { host: '127.0.0.1' },
  server: { host: '127.0.0.1' },
});
