// The bundler moved to @gantry/test-utils (the trainer's sweep tests use it too).
export { bundleForNode } from '@gantry/test-utils/bundle';
