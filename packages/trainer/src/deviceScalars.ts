import * as tf from '@tensorflow/tfjs-core';
import { NonFiniteLossError, type StepMetrics } from './stepMetrics';

/** The scalars of one iteration, still on the device. */
export interface IterationScalars {
  lossD: tf.Scalar;
  dReal: tf.Scalar;
  dFake: tf.Scalar;
  penalty: tf.Scalar;
  lossG: tf.Scalar;
}

/**
 * The per-step scalars of a trainer on a GPU backend, kept on the device until read: only the
 * latest iteration's, plus one flag, "every loss since the last read was finite", updated on the
 * device. {@link DeviceScalars.read} reads them with one asynchronous `data()` each, so an
 * iteration costs no GPU→CPU sync; a NaN/Inf loss is found at the next read (or at
 * {@link DeviceScalars.assertFinite}, before a checkpoint), naming the steps it happened in.
 */
export class DeviceScalars {
  private latest: (IterationScalars & { step: number; epoch: number }) | undefined;
  private finite: tf.Scalar | undefined;
  private lastRead = { step: 0, at: performance.now() };

  /** Folds one loss into the finiteness flag (the caller keeps ownership of `loss`). */
  noteLoss(loss: tf.Scalar): void {
    const before = this.finite;
    this.finite = tf.tidy(() => {
      const ok = tf.all(tf.isFinite(loss));
      return (before ? tf.logicalAnd(before, ok) : ok) as tf.Scalar;
    });
    before?.dispose();
  }

  /** Keeps `scalars` as the latest iteration's (freeing the previous ones); takes ownership. */
  keep(scalars: IterationScalars, step: number, epoch: number): void {
    tf.dispose(this.tensors());
    this.latest = { ...scalars, step, epoch };
  }

  /** Throws {@link NonFiniteLossError} when a loss since the last read was NaN or ±Inf (a sync). */
  assertFinite(): void {
    if (this.finite && this.finite.dataSync()[0] === 0) {
      const [lossD, lossG] = [this.latest?.lossD, this.latest?.lossG].map((t) =>
        t ? (t.dataSync()[0] as number) : Number.NaN,
      );
      this.fail(lossD as number, lossG as number);
    }
  }

  /** {@link DeviceScalars.assertFinite}, read asynchronously. */
  async assertFiniteAsync(): Promise<void> {
    if (!this.finite || (await this.finite.data())[0] !== 0) return;
    const [lossD, lossG] = await Promise.all(
      [this.latest?.lossD, this.latest?.lossG].map(async (t) =>
        t ? ((await t.data())[0] as number) : Number.NaN,
      ),
    );
    this.fail(lossD as number, lossG as number);
  }

  /** The latest iteration's scalars, read asynchronously; `stepMs` is the mean since the last read. */
  async read(): Promise<StepMetrics | undefined> {
    const values = await Promise.all(this.held().map(async (t) => (await t.data())[0] as number));
    return this.metricsOf(values);
  }

  /** {@link DeviceScalars.read}, synchronously (one sync per scalar). */
  readSync(): StepMetrics | undefined {
    return this.metricsOf(this.held().map((t) => t.dataSync()[0] as number));
  }

  /** The tensors a read reads: the latest scalars, then the flag when there is one. */
  private held(): tf.Scalar[] {
    return [...this.tensors(), ...(this.finite ? [this.finite] : [])];
  }

  private metricsOf(values: number[]): StepMetrics | undefined {
    const latest = this.latest;
    if (!latest) return undefined;
    const [lossD, dReal, dFake, penalty, lossG, finite] = values;
    if (finite === 0) this.fail(lossD as number, lossG as number);
    const now = performance.now();
    const steps = Math.max(1, latest.step - this.lastRead.step);
    const stepMs = (now - this.lastRead.at) / steps;
    this.lastRead = { step: latest.step, at: now };
    this.finite?.dispose();
    this.finite = undefined;
    return {
      step: latest.step,
      epoch: latest.epoch,
      lossD: lossD as number,
      lossG: lossG as number,
      dReal: dReal as number,
      dFake: dFake as number,
      penalty: penalty as number,
      stepMs,
    };
  }

  /** Frees what it holds. */
  dispose(): void {
    tf.dispose(this.held());
    this.latest = undefined;
    this.finite = undefined;
  }

  private tensors(): tf.Scalar[] {
    const l = this.latest;
    return l ? [l.lossD, l.dReal, l.dFake, l.penalty, l.lossG] : [];
  }

  private fail(lossD: number, lossG: number): never {
    const step = this.latest?.step ?? this.lastRead.step;
    // D steps come first in an iteration, so a non-finite lossD is the earlier sign.
    const gOnly = Number.isFinite(lossD) && !Number.isFinite(lossG);
    const [which, value] = gOnly ? (['lossG', lossG] as const) : (['lossD', lossD] as const);
    throw new NonFiniteLossError(which, value, step, this.lastRead.step + 1);
  }
}
