import { isGantryError } from '@gantry/core';
import { describe, expect, it } from 'vitest';
import { resolveTrainConfig } from './config';
import {
  formatMetricsLine,
  parseMetricsLine,
  parseRunRecord,
  RUN_RECORD_FORMAT,
  readRunHints,
} from './runRecord';

const record = () => ({
  format: RUN_RECORD_FORMAT,
  config: resolveTrainConfig({ data: 'ring2d', steps: 10 }),
  backend: { name: 'cpu', package: '@tensorflow/tfjs-backend-cpu', device: 'cpu', skipped: [] },
  totalSteps: 10,
  parameters: { generator: 100, discriminator: 90 },
  versions: { '@gantry/trainer': '0.1.0' },
  updated: '2025-01-01T00:00:00.000Z',
});

function caught(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a throw');
}

describe('the run record', () => {
  it('round-trips through JSON, and a record without format is format 1', () => {
    const r = record();
    expect(parseRunRecord(JSON.stringify(r))).toEqual(r);
    const { format: _, ...old } = r;
    expect(parseRunRecord(old).format).toBe(1);
  });

  it('names the file and the key at fault, and refuses a newer format', () => {
    const bad = { ...record(), config: { ...record().config, batchSize: -1 } };
    const e = caught(() => parseRunRecord(bad, 'runs/a/config.json'));
    expect(isGantryError(e, 'E_RUN_RECORD')).toBe(true);
    expect(e.message).toMatch(
      /^runs\/a\/config\.json: not a gantry run record: "config\.batchSize"/,
    );
    expect(caught(() => parseRunRecord('{', 'x.json')).message).toMatch(/^x\.json: not JSON/);
    expect(caught(() => parseRunRecord({ ...record(), format: 2 })).message).toMatch(
      /format 2 is newer than this gantry reads \(1\)/,
    );
  });

  it('gives a viewer what it can read, leniently', () => {
    expect(readRunHints({ config: { data: 'ring2d', prior: 'cauchy', latentDim: 2.5 } })).toEqual({
      data: 'ring2d',
    });
    expect(caught(() => readRunHints('{"steps":1}')).message).toMatch(/no "config" object/);
  });
});

describe('metrics lines', () => {
  it('are written to 7 significant digits and read back, non-finite values as NaN', () => {
    const m = {
      step: 3,
      epoch: 0,
      lossD: 1.234567891,
      lossG: Number.NaN,
      dReal: 0.5,
      dFake: 0.25,
      penalty: 0,
      stepMs: 12.3456,
    };
    const line = formatMetricsLine(m);
    expect(JSON.parse(line)).toMatchObject({ lossD: 1.234568, lossG: null, stepMs: 12.35 });
    expect(parseMetricsLine(line)).toEqual({ ...m, lossD: 1.234568, stepMs: 12.35 });
  });

  it('name the file and line of a bad line', () => {
    expect(
      caught(() => parseMetricsLine('{"step":0}', { file: 'm.jsonl', line: 4 })).message,
    ).toMatch(/^m\.jsonl:4: "step"/);
    expect(caught(() => parseMetricsLine('nope', { line: 2 })).message).toBe(
      'metrics.jsonl:2: not JSON',
    );
  });
});
