import type { StepMetrics } from '@gantry/trainer';
import type { TrainEvent } from '@gantry/trainer/node';
import { SingleBar } from 'cli-progress';
import { type CliIO, formatDuration, formatInt } from './io';

/** Draws training events: a progress bar on a terminal, periodic lines otherwise, or JSON lines. */
export interface Reporter {
  onEvent: (event: TrainEvent) => void;
  close: () => void;
}

const fmt = (v: number, digits = 4) => (Number.isFinite(v) ? v.toFixed(digits) : String(v));

function metricsText(m: StepMetrics): string {
  const penalty = m.penalty !== 0 ? ` penalty ${fmt(m.penalty)}` : '';
  return `lossD ${fmt(m.lossD)} lossG ${fmt(m.lossG)} D(x) ${fmt(m.dReal, 3)} D(G(z)) ${fmt(m.dFake, 3)}${penalty}`;
}

/**
 * Creates the reporter for `gantry train`: `json` prints every event as one JSON line on stdout;
 * on a terminal a bar with ETA and the current losses is drawn on stderr; otherwise (CI, pipes)
 * one plain line every `logEvery` steps.
 */
export function createReporter(io: CliIO, { json }: { json: boolean }): Reporter {
  let bar: SingleBar | undefined;
  let total = 0;
  let first = 0;
  let startedAt = 0;
  let logEvery = 50;
  const onEvent = (event: TrainEvent) => {
    if (json) {
      io.stdout(`${JSON.stringify(event)}\n`);
      return;
    }
    switch (event.type) {
      case 'start': {
        total = event.totalSteps;
        first = event.startStep;
        logEvery = event.config.logEvery;
        startedAt = performance.now();
        const c = event.config;
        io.stderr(
          `gantry train: ${c.data}, model ${c.model} (G ${formatInt(event.parameters.generator)}, D ${formatInt(event.parameters.discriminator)} parameters), loss ${c.loss}, ${c.optimizer} lr ${c.lrD}/${c.lrG}, batch ${c.batchSize}, k ${c.k}\n` +
            `${event.backend}\n` +
            `run folder: ${event.runDir}${first > 0 ? ` (resuming at step ${first})` : ''}\n` +
            `watch it:   tensorboard --logdir ${event.runDir}\n`,
        );
        if (io.isTTY) {
          bar = new SingleBar({
            format: 'step {value}/{total} {bar} {percentage}% | ETA {eta_formatted} | {metrics}',
            stream: io.progressStream,
            hideCursor: true,
            etaBuffer: 50,
            fps: 5,
          });
          bar.start(total, first, { metrics: '' });
        }
        break;
      }
      case 'step': {
        const m = event.metrics;
        if (bar) {
          bar.update(m.step, { metrics: metricsText(m) });
        } else if (m.step % logEvery === 0 || m.step === total) {
          const elapsed = (performance.now() - startedAt) / 1000;
          const done = m.step - first;
          const eta = done > 0 ? (elapsed / done) * (total - m.step) : Number.NaN;
          io.stderr(
            `step ${m.step}/${total} (${Math.floor((100 * m.step) / total)}%) epoch ${m.epoch} ${metricsText(m)} ${m.stepMs.toFixed(0)} ms/step ETA ${formatDuration(eta)}\n`,
          );
        }
        break;
      }
      case 'sample':
        if (!bar) io.stderr(`samples: ${event.path}\n`);
        break;
      case 'checkpoint':
        if (!bar) io.stderr(`checkpoint: ${event.path}\n`);
        break;
      case 'warning':
        bar?.stop();
        io.stderr(`warning: ${event.message}\n`);
        break;
      case 'end':
        bar?.stop();
        bar = undefined;
        break;
      default:
        break;
    }
  };
  return {
    onEvent,
    close: () => {
      bar?.stop();
      bar = undefined;
    },
  };
}
