import { registerAnomaly } from './anomaly';
import { gaussianAnomaly, noAnomaly, perturbAnomaly, uniformAnomaly } from './noise';
import { VaeAnomaly } from './vae';

/** The built-in anomaly networks, registered when @a3/model is imported. */
export function registerBuiltinAnomalies(): void {
  registerAnomaly('gaussian', gaussianAnomaly, { override: true });
  registerAnomaly('uniform', uniformAnomaly, { override: true });
  registerAnomaly('perturb', perturbAnomaly, { override: true });
  registerAnomaly('vae', (ctx) => new VaeAnomaly(ctx), { override: true });
  registerAnomaly('none', noAnomaly, { override: true });
}
