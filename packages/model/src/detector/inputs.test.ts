import '@a3/backend-onnx';
import { DataError, InvalidArgumentError, ShapeError, TensorData } from '@a3/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { A3Detector } from '../index';
import { syntheticProblem, TINY_CONFIG } from '../testing/synthetic';
import { checkLabels, checkSamples } from './inputs';

const problem = syntheticProblem({ seed: 2, nNormalTrain: 120, nKnown: 6 });
const quick = {
  ...TINY_CONFIG,
  targetTraining: { ...TINY_CONFIG.targetTraining, epochs: 1 },
  alarmTraining: { ...TINY_CONFIG.alarmTraining, epochs: 1 },
};

describe('input checks', () => {
  it('accept TensorData and arrays of rows', () => {
    expect(
      checkSamples(
        [
          [0, 1],
          [2, 3],
        ],
        'x',
      ).shape,
    ).toEqual([2, 2]);
    expect(checkLabels(Float32Array.from([0, 1]), 2)).toEqual(Uint8Array.from([0, 1]));
    expect(checkLabels(TensorData.int32([2], [1, 0]), 2)).toEqual(Uint8Array.from([1, 0]));
  });

  it('name the row and column of a NaN', () => {
    expect(() =>
      checkSamples(
        [
          [0, 1],
          [2, Number.NaN],
        ],
        'train.x',
      ),
    ).toThrow(DataError);
    expect(() =>
      checkSamples(
        [
          [0, 1],
          [2, Number.NaN],
        ],
        'train.x',
      ),
    ).toThrow(/row 1, column 1 is NaN/);
  });

  it('reject labels other than 0/1, wrong counts, wrong dtypes and empty data', () => {
    expect(() => checkLabels([0, 2], 2)).toThrow(/y\[1\] is 2; labels must be 0 \(normal\) or 1/);
    expect(() => checkLabels([0], 2)).toThrow(/1 labels but x has 2 samples/);
    expect(() => checkSamples(TensorData.int32([1, 2], [1, 2]), 'x')).toThrow(/int32; convert it to float32/);
    expect(() => checkSamples(TensorData.float32([3]), 'x')).toThrow(ShapeError);
    expect(() => checkSamples(TensorData.float32([0, 3]), 'x')).toThrow(/no samples/);
  });
});

describe('A3Detector validates early', () => {
  let fitted: A3Detector;
  beforeAll(async () => {
    fitted = await new A3Detector(quick).fit(problem.train, { backend: 'onnx' });
  });

  it('refuses samples of another width than it was fitted on', async () => {
    await expect(fitted.score(TensorData.float32([2, 7]))).rejects.toThrow(ShapeError);
    await expect(fitted.score(TensorData.float32([2, 7]))).rejects.toThrow(
      /\[7\] but the detector was fitted on \[8\]/,
    );
  });

  it('refuses NaN at fit and at score time', async () => {
    const x = problem.train.x.clone();
    x.data[17] = Number.NaN;
    await expect(new A3Detector(quick).fit({ x, y: problem.train.y }, { backend: 'onnx' })).rejects.toThrow(
      /train\.x row 2, column 1 is NaN/,
    );
    await expect(fitted.score(x)).rejects.toThrow(DataError);
  });

  it('needs normal samples, 0/1 labels and, without counter-examples, known anomalies', async () => {
    const all1 = new Uint8Array(problem.train.y.length).fill(1);
    await expect(
      new A3Detector(quick).fit({ x: problem.train.x, y: all1 }, { backend: 'onnx' }),
    ).rejects.toThrow(/every sample as a known anomaly/);
    const bad = Array.from(problem.train.y, (v) => v * 2);
    await expect(
      new A3Detector(quick).fit({ x: problem.train.x, y: bad }, { backend: 'onnx' }),
    ).rejects.toThrow(/labels must be 0 \(normal\) or 1/);
    await expect(
      new A3Detector({ ...quick, anomaly: 'none' }).fit({ x: problem.train.x }, { backend: 'onnx' }),
    ).rejects.toThrow(/needs known anomalies/);
  });

  it('checks the config at construction', () => {
    expect(() => new A3Detector({ epochs: 3 } as never)).toThrow(/unknown option "epochs"/);
    expect(() => new A3Detector({ alarmTraining: { epochs: 0 } })).toThrow(
      /alarmTraining\.epochs must be a positive integer/,
    );
    expect(() => new A3Detector({ alarmTraining: { lr: 1 } as never })).toThrow(
      /unknown option alarmTraining\.lr/,
    );
    expect(() => new A3Detector({ anomalyLossWeight: -1 })).toThrow(InvalidArgumentError);
    expect(() => new A3Detector({ taps: { roles: [] } })).toThrow(/at least one entry/);
    expect(() => new A3Detector({ alarm: { dropout: 1 } })).toThrow(/rate in \[0, 1\)/);
  });

  it('fails at fit on unknown plugins and taps that match nothing', async () => {
    await expect(
      new A3Detector({ ...quick, target: 'nope' }).fit(problem.train, { backend: 'onnx' }),
    ).rejects.toThrow(/Unknown target network "nope"/);
    await expect(
      new A3Detector({ ...quick, anomaly: 'nope' }).fit(problem.train, { backend: 'onnx' }),
    ).rejects.toThrow(/Unknown anomaly network "nope".*gaussian/);
    await expect(
      new A3Detector({ ...quick, taps: { names: ['dense_1'] } }).fit(problem.train, { backend: 'onnx' }),
    ).rejects.toThrow(/No tap is named "dense_1"/);
  });
});
