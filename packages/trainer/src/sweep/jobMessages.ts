import { z } from 'zod';
import type { SweepEvent } from './sweepEvents';
import { type SweepFinal, sweepFinalSchema } from './sweepSummary';

/**
 * What a job's process tells its parent (the local runner or a worker), one JSON line each on
 * stdout, marked `"sweepJob": 1` so that other output is ignored: it started (resumed or not),
 * a step, and how it ended (done, interrupted with a checkpoint, failed with the error's code).
 */
export const jobMessageSchema = z.discriminatedUnion('type', [
  z.object({
    sweepJob: z.literal(1),
    type: z.literal('start'),
    step: z.number(),
    total: z.number(),
    resumed: z.boolean(),
    backend: z.string(),
  }),
  z.object({
    sweepJob: z.literal(1),
    type: z.literal('step'),
    step: z.number(),
    total: z.number(),
    lossD: z.number().nullable(),
    lossG: z.number().nullable(),
  }),
  z.object({
    sweepJob: z.literal(1),
    type: z.literal('done'),
    seconds: z.number(),
    final: sweepFinalSchema.optional(),
    eval: z.record(z.string(), z.unknown()).optional(),
  }),
  z.object({ sweepJob: z.literal(1), type: z.literal('interrupted'), step: z.number() }),
  z.object({
    sweepJob: z.literal(1),
    type: z.literal('failed'),
    error: z.object({ code: z.string(), message: z.string() }),
  }),
]);

/** One message of a job's process. */
export type JobMessage = z.output<typeof jobMessageSchema>;

/** A message without its marker, as the child composes it. */
export type JobMessageBody = JobMessage extends infer M
  ? M extends JobMessage
    ? Omit<M, 'sweepJob'>
    : never
  : never;

/** The line for `message` (with its marker and a newline). */
export function formatJobMessage(message: JobMessageBody): string {
  return `${JSON.stringify({ sweepJob: 1, ...message })}\n`;
}

/** The message on `line`, or `undefined` for any other output. */
export function parseJobMessage(line: string): JobMessage | undefined {
  if (!line.startsWith('{"sweepJob":1')) return undefined;
  try {
    const parsed = jobMessageSchema.safeParse(JSON.parse(line));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** The sweep event a job's `start` or `step` message becomes (the others end the job). */
export function jobMessageEvent(id: string, m: JobMessageBody): SweepEvent | undefined {
  if (m.type === 'start') {
    return { type: 'started', id, step: m.step, total: m.total, resumed: m.resumed };
  }
  if (m.type === 'step') {
    return { type: 'step', id, step: m.step, total: m.total, lossD: m.lossD, lossG: m.lossG };
  }
  return undefined;
}

/** How a job's process ended. */
export type JobProcessResult =
  | { status: 'done'; seconds: number; final?: SweepFinal; eval?: Record<string, unknown> }
  | { status: 'interrupted' }
  | { status: 'failed'; error: { code: string; message: string } };

/** The outcome a job's last message says (`done`, `interrupted`, `failed`); else `undefined`. */
export function messageOutcome(m: JobMessage): JobProcessResult | undefined {
  if (m.type === 'done') {
    const { type: _, sweepJob: __, ...rest } = m;
    return { status: 'done', ...rest };
  }
  if (m.type === 'interrupted') return { status: 'interrupted' };
  if (m.type === 'failed') return { status: 'failed', error: m.error };
  return undefined;
}
