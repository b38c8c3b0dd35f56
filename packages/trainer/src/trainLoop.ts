import type { StepMetrics } from './ganTrainer';

/** A value or a promise of it: hooks may be synchronous or not. */
export type Awaitable<T> = T | Promise<T>;

/** What {@link trainLoop} drives: one Algorithm 1 iteration per `step()` (a `GanTrainer`). */
export interface SteppedTrainer {
  /** Iterations done so far (restored by a resume). */
  readonly steps: number;
  /** One iteration; throws (e.g. `NonFiniteLossError`) to stop the loop. */
  step(): StepMetrics;
  /** When true, the loop calls `queueStep()` and reads the metrics with `readMetrics()`. */
  readonly defersReadback?: boolean;
  /** One iteration whose scalars stay on the device (a GPU backend). */
  queueStep?(): void;
  /** The latest iteration's scalars, read asynchronously; throws on a non-finite loss. */
  readMetrics?(): Promise<StepMetrics | undefined>;
}

/** What every hook is told: the trainer, the target and where this loop started. */
export interface TrainLoopContext<T extends SteppedTrainer = SteppedTrainer> {
  readonly trainer: T;
  /** The loop stops when `trainer.steps` reaches it. */
  readonly total: number;
  /** `trainer.steps` when the loop began: 0 for a fresh run, the checkpoint's step on resume. */
  readonly startStep: number;
}

/** How a loop ended: `completed` (reached `total`) or `interrupted` (the signal fired). */
export interface TrainLoopResult {
  reason: 'completed' | 'interrupted';
  steps: number;
  /** The scalars of the last iteration whose metrics were read. */
  lastMetrics?: StepMetrics;
}

/**
 * Something that watches or acts on a training loop: a metrics log, a progress bar, a
 * TensorBoard writer, a sweep worker's progress report, sample grids, checkpoints. Every
 * method is optional and may be async; the loop awaits it before going on.
 */
export interface TrainHook<T extends SteppedTrainer = SteppedTrainer> {
  /** Before the first iteration of this loop (a fresh run, or a resumed one). */
  start?(ctx: TrainLoopContext<T>): Awaitable<void>;
  /**
   * The scalars of an iteration, on the iterations whose metrics the loop reads: every
   * `metricsEvery` steps and the last one. Write hooks so they need not see every step (a
   * backend where reading scalars back costs a GPU sync reads them every N steps).
   */
  metrics?(metrics: StepMetrics, ctx: TrainLoopContext<T>): Awaitable<void>;
  /** After every iteration (`ctx.trainer.steps` is the new count), after the metrics hooks. */
  afterStep?(ctx: TrainLoopContext<T>): Awaitable<void>;
  /**
   * When the loop ended without an error. End hooks run in reverse order (last registered
   * first), as teardown does: a checkpoint hook registered after a sample hook saves the final
   * state before the final sample is drawn.
   */
  end?(result: TrainLoopResult, ctx: TrainLoopContext<T>): Awaitable<void>;
  /** When an iteration or a hook threw, before the error propagates (e.g. to flush a log). */
  error?(error: unknown, ctx: TrainLoopContext<T>): Awaitable<void>;
}

/** Options of {@link trainLoop}. */
export interface TrainLoopOptions<T extends SteppedTrainer = SteppedTrainer> {
  /** Iterations to reach (counting those done before a resume). */
  total: number;
  /** Stops the loop before the next iteration (the result is then `interrupted`). */
  signal?: AbortSignal;
  hooks?: readonly TrainHook<T>[];
  /** Hand the metrics to the hooks every N iterations (and on the last); default 1. */
  metricsEvery?: number;
}

/**
 * The training loop, browser-safe: `trainer.step()` until `trainer.steps` reaches `total` or
 * `signal` aborts, telling `hooks` (start, metrics, afterStep, end; error when something
 * throws). Everything with files (metrics log, sample PNGs, checkpoints) is a hook, so the
 * CLI, the playground, the loss zoo and sweeps share this loop.
 *
 * @example
 * const losses: number[] = [];
 * await trainLoop(trainer, { total: 500, hooks: [{ metrics: (m) => { losses.push(m.lossD); } }] });
 */
export async function trainLoop<T extends SteppedTrainer>(
  trainer: T,
  options: TrainLoopOptions<T>,
): Promise<TrainLoopResult> {
  const hooks = options.hooks ?? [];
  const every = options.metricsEvery ?? 1;
  const ctx: TrainLoopContext<T> = { trainer, total: options.total, startStep: trainer.steps };
  let lastMetrics: StepMetrics | undefined;
  try {
    for (const h of hooks) await h.start?.(ctx);
    const deferred = trainer.defersReadback === true && trainer.queueStep && trainer.readMetrics;
    while (trainer.steps < options.total && !options.signal?.aborted) {
      const m = deferred ? trainer.queueStep?.() : trainer.step();
      if (trainer.steps % every === 0 || trainer.steps >= options.total) {
        const read = m ?? (await trainer.readMetrics?.());
        if (read) {
          lastMetrics = read;
          for (const h of hooks) await h.metrics?.(read, ctx);
        }
      }
      for (const h of hooks) await h.afterStep?.(ctx);
    }
    const result: TrainLoopResult = {
      reason: trainer.steps >= options.total ? 'completed' : 'interrupted',
      steps: trainer.steps,
      ...(lastMetrics ? { lastMetrics } : {}),
    };
    for (const h of [...hooks].reverse()) await h.end?.(result, ctx);
    return result;
  } catch (error) {
    for (const h of hooks) {
      try {
        await h.error?.(error, ctx);
      } catch {
        // A failing error hook must not hide the error that stopped the loop.
      }
    }
    throw error;
  }
}

/**
 * Calls `run` the way sample grids are drawn: at step 0 of a fresh run, every `every` steps,
 * and at the end of a completed run whose last step was not a multiple of `every`. `every` 0
 * turns it off.
 *
 * @example
 * const samples = sampleHook(200, async ({ trainer }) => draw(await renderSamples(trainer, { count: 64 })));
 */
export function sampleHook<T extends SteppedTrainer>(
  every: number,
  run: (ctx: TrainLoopContext<T>) => Awaitable<void>,
): TrainHook<T> {
  if (every <= 0) return {};
  return {
    start: (ctx) => (ctx.startStep === 0 ? run(ctx) : undefined),
    afterStep: (ctx) => (ctx.trainer.steps % every === 0 ? run(ctx) : undefined),
    end: (result, ctx) =>
      result.reason === 'completed' && result.steps % every !== 0 ? run(ctx) : undefined,
  };
}

/**
 * Calls `save` the way checkpoints are written: every `every` steps before the last (0: none
 * along the way), and at the end of a completed run, or of an interrupted one that took steps
 * since the last save — so a run always ends on a checkpoint. `lastSaved` is the step of the
 * newest save (the loop's start step before any).
 */
export function checkpointHook<T extends SteppedTrainer>(
  every: number,
  save: (ctx: TrainLoopContext<T>) => Awaitable<void>,
): TrainHook<T> & { readonly lastSaved: number } {
  let lastSaved = 0;
  const saveNow = async (ctx: TrainLoopContext<T>) => {
    await save(ctx);
    lastSaved = ctx.trainer.steps;
  };
  return {
    get lastSaved() {
      return lastSaved;
    },
    start: (ctx) => {
      lastSaved = ctx.startStep;
    },
    afterStep: (ctx) => {
      const step = ctx.trainer.steps;
      if (every > 0 && step % every === 0 && step < ctx.total) return saveNow(ctx);
    },
    end: (result, ctx) => {
      if (result.reason === 'completed' || lastSaved !== result.steps) return saveNow(ctx);
    },
  };
}
