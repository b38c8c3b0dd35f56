import { InvalidArgumentError } from '@gantry/core';
import { DatasetError } from '@gantry/datasets';
import { ClassifierError, MetricError } from '@gantry/eval';
import { LossError } from '@gantry/losses';
import { ModelError } from '@gantry/models';
import { TrainerError } from '@gantry/trainer';
import { describe, expect, it } from 'vitest';
import { EXIT, exitCodeFor, UsageError } from './errors';

describe('exit codes from error codes', () => {
  it('exits 2 for what the caller asked wrongly, 1 for what could not be done', () => {
    const usage = [
      new UsageError('E_USAGE', 'x'),
      new TrainerError('E_BAD_CONFIG', 'x'),
      new LossError('E_UNKNOWN_LOSS', 'x'),
      new LossError('E_UNKNOWN_OPTION', 'x'),
      new LossError('E_BAD_OPTION', 'x'),
      new ModelError('E_UNKNOWN_MODEL', 'x'),
      new ModelError('E_BAD_MODEL_OPTION', 'x'),
      new DatasetError('E_UNKNOWN_NAME', 'x'),
      new DatasetError('E_INVALID_ARGUMENT', 'x'),
      new InvalidArgumentError('E_INVALID_ARGUMENT', 'x'),
      new MetricError('E_UNSUPPORTED', 'x'),
      new MetricError('E_INVALID_ARGUMENT', 'x'),
    ];
    for (const e of usage) expect(exitCodeFor(e), `${e.name} ${e.code}`).toBe(EXIT.usage);
    const failure = [
      new TrainerError('E_NONFINITE_LOSS', 'x'),
      new TrainerError('E_RUN_RECORD', 'x'),
      new ModelError('E_BAD_MODEL_FILE', 'x'),
      new DatasetError('E_NOT_FOUND', 'x'),
      new DatasetError('E_CHECKSUM', 'x'),
      new MetricError('E_NOT_FINITE', 'x'),
      new ClassifierError('E_BAD_MODEL_FILE', 'x'),
      new InvalidArgumentError('E_NOT_FINITE', 'x'),
      new Error('plain'),
      'a string',
    ];
    for (const e of failure) expect(exitCodeFor(e), String(e)).toBe(EXIT.failure);
  });

  it('reads the kind of an error from another copy of a package (by shape)', () => {
    const copy = Object.assign(new Error('x'), {
      name: 'TrainerError',
      code: 'E_BAD_CONFIG',
      details: {},
      kind: 'usage',
    });
    expect(exitCodeFor(copy)).toBe(EXIT.usage);
  });

  it('has one constructor shape: code, message, details, cause', () => {
    const cause = new Error('root');
    for (const e of [
      new TrainerError('E_DATA', 'm', { option: 'data' }, cause),
      new DatasetError('E_FORMAT', 'm', { option: 'data' }, cause),
      new MetricError('E_DATA', 'm', { option: 'data' }, cause),
      new LossError('E_SHAPE', 'm', { option: 'data' }, cause),
      new ModelError('E_BAD_MODEL_FILE', 'm', { option: 'data' }, cause),
      new UsageError('E_USAGE', 'm', { option: 'data' }, cause),
    ]) {
      expect(e.details.option).toBe('data');
      expect(e.cause).toBe(cause);
    }
  });
});
