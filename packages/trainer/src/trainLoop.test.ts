import { describe, expect, it } from 'vitest';
import type { StepMetrics } from './ganTrainer';
import {
  checkpointHook,
  type SteppedTrainer,
  sampleHook,
  type TrainHook,
  trainLoop,
} from './trainLoop';

/** A trainer without tensors: step n reports lossD = n, and fails at `failAt`. */
function fakeTrainer(start = 0, failAt = Number.POSITIVE_INFINITY): SteppedTrainer {
  let steps = start;
  return {
    get steps() {
      return steps;
    },
    step(): StepMetrics {
      if (steps + 1 === failAt) throw new Error(`step ${failAt} failed`);
      steps += 1;
      return {
        step: steps,
        epoch: 0,
        lossD: steps,
        lossG: 0,
        dReal: 0,
        dFake: 0,
        penalty: 0,
        stepMs: 0,
      };
    },
  };
}

/** A hook that logs every call as "name:what@step". */
function recorder(name: string, log: string[]): TrainHook {
  return {
    start: (ctx) => void log.push(`${name}:start@${ctx.trainer.steps}`),
    metrics: (m) => void log.push(`${name}:metrics@${m.step}`),
    afterStep: (ctx) => void log.push(`${name}:after@${ctx.trainer.steps}`),
    end: (r) => void log.push(`${name}:end@${r.steps}:${r.reason}`),
    error: (e) => void log.push(`${name}:error:${(e as Error).message}`),
  };
}

describe('trainLoop', () => {
  it('runs start, metrics and afterStep in hook order, and end hooks in reverse', async () => {
    const log: string[] = [];
    const result = await trainLoop(fakeTrainer(), {
      total: 2,
      hooks: [recorder('a', log), recorder('b', log)],
    });
    expect(result).toMatchObject({ reason: 'completed', steps: 2, lastMetrics: { lossD: 2 } });
    expect(log).toEqual([
      'a:start@0',
      'b:start@0',
      'a:metrics@1',
      'b:metrics@1',
      'a:after@1',
      'b:after@1',
      'a:metrics@2',
      'b:metrics@2',
      'a:after@2',
      'b:after@2',
      'b:end@2:completed',
      'a:end@2:completed',
    ]);
  });

  it('hands metrics to the hooks every metricsEvery steps and on the last one', async () => {
    const seen: number[] = [];
    let after = 0;
    const result = await trainLoop(fakeTrainer(), {
      total: 7,
      metricsEvery: 3,
      hooks: [{ metrics: (m) => void seen.push(m.step), afterStep: () => void after++ }],
    });
    expect(seen).toEqual([3, 6, 7]);
    expect(after).toBe(7);
    expect(result.lastMetrics?.step).toBe(7);
  });

  it('stops on the signal before the next step, as interrupted', async () => {
    const controller = new AbortController();
    const result = await trainLoop(fakeTrainer(), {
      total: 100,
      signal: controller.signal,
      hooks: [
        { afterStep: ({ trainer }) => (trainer.steps === 4 ? controller.abort() : undefined) },
      ],
    });
    expect(result).toMatchObject({ reason: 'interrupted', steps: 4 });
  });

  it('tells every hook about an error, then rethrows it; a failing error hook hides nothing', async () => {
    const log: string[] = [];
    const failing: TrainHook = {
      error: () => {
        throw new Error('second failure');
      },
    };
    await expect(
      trainLoop(fakeTrainer(0, 3), { total: 5, hooks: [failing, recorder('a', log)] }),
    ).rejects.toThrow('step 3 failed');
    expect(log.at(-1)).toBe('a:error:step 3 failed');
    expect(log).not.toContain('a:end@2:interrupted');
  });
});

describe('sampleHook and checkpointHook', () => {
  it('sample at step 0 of a fresh run, every N, and at a completed end off the grid', async () => {
    const at: number[] = [];
    const hook = sampleHook(5, ({ trainer }) => void at.push(trainer.steps));
    await trainLoop(fakeTrainer(), { total: 12, hooks: [hook] });
    expect(at).toEqual([0, 5, 10, 12]);
    const resumed: number[] = [];
    await trainLoop(fakeTrainer(10), {
      total: 15,
      hooks: [sampleHook(5, ({ trainer }) => void resumed.push(trainer.steps))],
    });
    expect(resumed).toEqual([15]); // no step-0 sample on resume, none twice at 15
    expect(sampleHook(0, () => {})).toEqual({});
  });

  it('checkpoint every N before the last step, and always at the end of a run', async () => {
    const saved: number[] = [];
    const hook = checkpointHook(5, ({ trainer }) => void saved.push(trainer.steps));
    await trainLoop(fakeTrainer(), { total: 10, hooks: [hook] });
    expect(saved).toEqual([5, 10]);
    expect(hook.lastSaved).toBe(10);

    const controller = new AbortController();
    const stopped: number[] = [];
    const early = checkpointHook(5, ({ trainer }) => void stopped.push(trainer.steps));
    const abortAt = (n: number): TrainHook => ({
      afterStep: ({ trainer }) => (trainer.steps === n ? controller.abort() : undefined),
    });
    await trainLoop(fakeTrainer(), {
      total: 20,
      signal: controller.signal,
      hooks: [early, abortAt(7)],
    });
    expect(stopped).toEqual([5, 7]); // interrupted after step 7: saved on the way out

    const quiet: number[] = [];
    const again = new AbortController();
    again.abort();
    const none = checkpointHook(5, ({ trainer }) => void quiet.push(trainer.steps));
    await trainLoop(fakeTrainer(5), { total: 20, signal: again.signal, hooks: [none] });
    expect(quiet).toEqual([]); // nothing new since the resumed checkpoint
    expect(none.lastSaved).toBe(5);
  });
});
