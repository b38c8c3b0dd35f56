import { createLogger, defaultClientConditions, defineConfig } from 'vite';

// @gantry/eval's index also exports its Node-side classifier loader (dynamic `node:` imports and
// a `new URL('../classifiers/', import.meta.url)`). The playground uses only its mode metrics and
// D diagnostics, so the loader is tree-shaken away (test/browser.test.ts checks that the bundle holds
// no trace of it); these two build warnings about it are dropped, every other one is kept.
const isEvalClassifierNoise = (message: string) =>
  message.includes('classifier') &&
  (message.includes('externalized for browser compatibility') || message.includes('classifiers/'));
const logger = createLogger();
const warn = logger.warn.bind(logger);
const warnOnce = logger.warnOnce.bind(logger);
logger.warn = (message, options) => {
  if (!isEvalClassifierNoise(message)) warn(message, options);
};
logger.warnOnce = (message, options) => {
  if (!isEvalClassifierNoise(message)) warnOnce(message, options);
};

/**
 * The playground builds the workspace packages from their sources (the `@gantry/source` export
 * condition), so `vite dev` and `vite build` need no prior `tsup` build of the packages.
 */
export default defineConfig({
  base: './',
  customLogger: logger,
  resolve: {
    conditions: ['@gantry/source', ...defaultClientConditions],
    // One tfjs instance for the app and every package (two copies split the kernel registry).
    dedupe: ['@tensorflow/tfjs-core', '@tensorflow/tfjs-layers'],
  },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 2000,
    rolldownOptions: {
      onwarn(warning, defaultHandler) {
        if (!isEvalClassifierNoise(String(warning.message))) defaultHandler(warning);
      },
    },
  },
  preview: { host: '127.0.0.1' },
  server: { host: '127.0.0.1' },
});
