import * as tf from '@tensorflow/tfjs';
import { PlaygroundApp, type PlaygroundState } from './app';
import { activateBackend } from './backend';
import { decodeSettings } from './settings';
import './style.css';

/** The hook the end-to-end test drives (`window.__playground`). */
export interface PlaygroundHook {
  app: PlaygroundApp;
  state(): PlaygroundState;
  stepMany(n: number, renderEvery?: number): Promise<PlaygroundState>;
  stepDiscriminator(): PlaygroundState;
  stepGenerator(): PlaygroundState;
}

declare global {
  interface Window {
    __playground?: PlaygroundHook;
  }
}

async function main(): Promise<void> {
  const root = document.getElementById('app');
  if (!root) throw new Error('index.html has no #app element');
  const { settings, warnings } = decodeSettings(location.search);
  const backend = await activateBackend(settings.backend);
  const app = new PlaygroundApp(root, settings, backend, warnings);
  window.__playground = {
    app,
    state: () => app.state(),
    stepMany: async (n, renderEvery) => {
      await app.stepMany(n, renderEvery);
      return app.state();
    },
    stepDiscriminator: () => {
      app.stepDiscriminator();
      return app.state();
    },
    stepGenerator: () => {
      app.stepGenerator();
      return app.state();
    },
  };
  document.body.dataset.ready = 'true';
  document.body.dataset.backend = tf.getBackend();
}

main().catch((e: unknown) => {
  const root = document.getElementById('app');
  if (root)
    root.textContent = `The playground failed to start: ${e instanceof Error ? e.message : String(e)}`;
  throw e;
});
