import { formatShape, InvalidArgumentError, ops, shapeSize, ShapeError, type Tensor } from '@a3/core';
import { Layer, type LayerCall, type LayerOptions } from './layer';

/** [N, ...dims] → [N, prod(dims)]. */
export class Flatten extends Layer {
  readonly className = 'Flatten';

  constructor(options: LayerOptions = {}) {
    super(options);
  }

  call(x: Tensor): LayerCall {
    if (x.rank < 1 || x.shape.slice(1).some((d) => d < 0)) {
      throw new ShapeError(
        `Flatten "${this.name}": only the batch dimension may be symbolic; got ${formatShape(x.shape)}.`,
      );
    }
    if (x.rank === 2) return { output: x };
    return { output: ops.reshape(x, [x.shape[0] < 0 ? -1 : x.shape[0], shapeSize(x.shape.slice(1))]) };
  }

  protected config(): Record<string, unknown> {
    return {};
  }
}

/** [N, ...] → [N, ...targetShape] (targetShape excludes the batch, as in Keras). */
export class Reshape extends Layer {
  readonly className = 'Reshape';
  readonly targetShape: number[];

  constructor(targetShape: readonly number[], options: LayerOptions = {}) {
    super(options);
    if (!targetShape.every((d) => Number.isInteger(d) && d >= 1)) {
      throw new InvalidArgumentError(
        `Reshape target ${JSON.stringify(targetShape)} must be positive integers without the batch dimension.`,
      );
    }
    this.targetShape = [...targetShape];
  }

  call(x: Tensor): LayerCall {
    const have = shapeSize(x.shape.slice(1));
    if (x.shape.slice(1).some((d) => d < 0) || have !== shapeSize(this.targetShape)) {
      throw new ShapeError(
        `Reshape "${this.name}": cannot reshape ${formatShape(x.shape)} (${have} values per sample) to ` +
          `${formatShape([-1, ...this.targetShape])} (${shapeSize(this.targetShape)}).`,
      );
    }
    return { output: ops.reshape(x, [x.shape[0] < 0 ? -1 : x.shape[0], ...this.targetShape]) };
  }

  protected config(): Record<string, unknown> {
    return { targetShape: this.targetShape };
  }
}
