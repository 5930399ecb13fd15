import { ConvAutoencoder } from './conv-ae';
import { DenseAutoencoder } from './dense-ae';
import { MlpClassifier } from './mlp-classifier';
import { registerTarget } from './target';

/** The built-in targets, registered when @a3/model is imported. */
export function registerBuiltinTargets(): void {
  registerTarget('dense-ae', (ctx) => new DenseAutoencoder(ctx), { override: true });
  registerTarget('conv-ae', (ctx) => new ConvAutoencoder(ctx), { override: true });
  registerTarget('mlp-classifier', (ctx) => new MlpClassifier(ctx), { override: true });
}
