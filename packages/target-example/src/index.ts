import { registerTarget } from '@a3/model';
import { TargetExample } from './target';

/** The name A3Detector configs (and saved models) use for this target. */
export const TARGET_NAME = 'target-example';

/** Registers the target; importing this package already does it once. */
export function registerTargetExample(): void {
  registerTarget(TARGET_NAME, (ctx) => new TargetExample(ctx), { override: true });
}

registerTargetExample();

export { TargetExample } from './target';
export type { TargetExampleOptions } from './target';
