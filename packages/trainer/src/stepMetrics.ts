import { TrainerError } from './errors';

/** What one training iteration measured. */
export interface StepMetrics {
  /** Generator steps done so far (1 after the first iteration). */
  step: number;
  /** Completed passes over the data. */
  epoch: number;
  /** Discriminator loss of the last D step, penalty included. */
  lossD: number;
  /** Generator loss. */
  lossG: number;
  /** Mean D(x) on the last real batch: σ(logit) for log losses, the raw score otherwise. */
  dReal: number;
  /** Mean D(G(z)) on the last fake batch, read the same way. */
  dFake: number;
  /** The penalty term inside lossD (gradient penalty and/or R1), 0 when none. */
  penalty: number;
  /** Wall time of the iteration in milliseconds. */
  stepMs: number;
}

/**
 * Thrown when a loss is NaN or ±Inf. Read every step (the default), it is thrown inside the step
 * and the update was not applied; with the scalars kept on the device (a GPU backend) it is
 * found at the next read, and `firstStep` is the first step it may have happened in.
 */
export class NonFiniteLossError extends TrainerError {
  constructor(
    readonly which: 'lossD' | 'lossG',
    readonly value: number,
    readonly step: number,
    readonly firstStep: number = step,
  ) {
    super(
      'E_NONFINITE_LOSS',
      firstStep === step
        ? `${which} is ${value} at step ${step}; the update was not applied`
        : `a loss was not finite in steps ${firstStep}–${step} (${which} is ${value} at step ${step}; the scalars are read every few steps on this backend)`,
      { which, value, step, ...(firstStep === step ? {} : { firstStep }) },
    );
    this.name = 'NonFiniteLossError';
  }
}
