import { InvalidArgumentError, TensorData, ops, shapeSize, type Tensor } from '@a3/core';
import { Dense, Dropout, type Layer } from '@a3/nn';
import { MODEL_LIMITS } from '../format/limits';
import { OptionReader } from '../plugins/options';
import { SequentialTargetBase } from './sequential-base';
import {
  hiddenTaps,
  type TargetApplyOptions,
  type TargetContext,
  type TargetForward,
  type TargetLabels,
} from './target';

export const MLP_CLASSIFIER_DEFAULTS = { hidden: [256, 128], activation: 'relu', dropout: 0 } as const;

/**
 * A dense classifier as target (the paper's MNIST+EMNIST experiment uses a trained
 * classifier): hidden Dense layers (role "hidden", named hidden_1..) → Dense(numClasses)
 * logits, trained with softmax cross-entropy on the normal classes (`train.classes`).
 * The output is the softmax; the taps are the hidden activations.
 */
export class MlpClassifier extends SequentialTargetBase {
  readonly labels: TargetLabels;

  constructor(ctx: TargetContext) {
    const o = new OptionReader('mlp-classifier', ctx.options, [
      'hidden',
      'numClasses',
      'activation',
      'dropout',
    ]);
    const hidden = o.layerSizes('hidden', MLP_CLASSIFIER_DEFAULTS.hidden);
    const numClasses = o.count('numClasses', NaN, 2, MODEL_LIMITS.maxLayerWidth);
    const activation = o.activation('activation', MLP_CLASSIFIER_DEFAULTS.activation);
    const dropout = o.rate('dropout', MLP_CLASSIFIER_DEFAULTS.dropout);
    const layers: Layer[] = hidden.map(
      (u, i) => new Dense(u, { activation, name: `hidden_${i + 1}`, role: 'hidden' }),
    );
    if (dropout > 0) layers.push(new Dropout(dropout, { name: 'dropout' }));
    layers.push(new Dense(numClasses, { name: 'logits' }));
    super('mlp-classifier', ctx, layers, [shapeSize(ctx.inputShape)]);
    this.labels = {
      shape: [numClasses],
      encode: (classes) => {
        const out = TensorData.float32([classes.length, numClasses]);
        for (let i = 0; i < classes.length; i++) {
          const c = classes[i];
          if (!Number.isInteger(c) || c < 0 || c >= numClasses) {
            throw new InvalidArgumentError(
              `mlp-classifier: classes[${i}] is ${c}; class ids must be integers in [0, ${numClasses}) ` +
                '(set the numClasses option to the number of normal classes).',
            );
          }
          out.data[i * numClasses + c] = 1;
        }
        return out;
      },
    };
  }

  apply(x: Tensor, options: TargetApplyOptions): TargetForward {
    const { result: r } = this.run(x, options);
    return { output: softmax(r.output), logits: r.output, taps: hiddenTaps(r.taps, r.output) };
  }

  /** Mean softmax cross-entropy against one-hot labels, via a max-shifted log-sum-exp. */
  loss(forward: TargetForward, _x: Tensor, labels?: Tensor): Tensor {
    if (!labels)
      throw new InvalidArgumentError(
        'mlp-classifier is trained on class labels: pass train.classes to fit().',
      );
    const z = forward.logits;
    const m = ops.max(z, 1, true);
    const lse = ops.add(m, ops.log(ops.sum(ops.exp(ops.sub(z, m)), 1, true)));
    return ops.mean(ops.sum(ops.mul(ops.sub(lse, z), labels), 1));
  }
}

function softmax(z: Tensor): Tensor {
  const e = ops.exp(ops.sub(z, ops.max(z, 1, true)));
  return ops.div(e, ops.sum(e, 1, true));
}
