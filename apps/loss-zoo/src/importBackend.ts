// The umbrella package registers the cpu backend (and all gradients) on import.
import '@tensorflow/tfjs';

/**
 * Resolves a backend package for `selectBackend` from the zoo's own install. `@tensorflow/tfjs`
 * (imported here) registers the cpu backend itself; its tfjs-backend-cpu is not the zoo's own
 * dependency, so it cannot be imported by name.
 */
export function importBackend(id: string): Promise<Record<string, unknown>> {
  if (id === '@tensorflow/tfjs-backend-cpu') return Promise.resolve({});
  return import(/* @vite-ignore */ id) as Promise<Record<string, unknown>>;
}
