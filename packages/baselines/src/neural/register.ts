import { registerDetector, type DetectorEntry } from '@a3/model';
import { Dagmm } from '../dagmm/dagmm';
import { DeepSad } from '../deepsad/deepsad';
import { DevNet } from '../devnet/devnet';
import { SupervisedMlp } from '../supervised-mlp/supervised-mlp';

/** The neural baselines, by registry name (the one list; index.ts registers and exports from it). */
export const NEURAL_DETECTORS: Record<string, DetectorEntry> = {
  devnet: {
    description:
      'DevNet (Pang et al., KDD 2019): deviation loss against a N(0, 1) prior; needs known anomalies',
    needsKnownAnomalies: true,
    usesBackend: true,
    create: (options) => new DevNet(options),
    load: (dir, options) => DevNet.load(dir, options),
  },
  deepsad: {
    description:
      'Deep SAD (Ruff et al., ICLR 2020): hypersphere around the encoded normals, known anomalies pushed out',
    usesBackend: true,
    create: (options) => new DeepSad(options),
    load: (dir, options) => DeepSad.load(dir, options),
  },
  dagmm: {
    description:
      'DAGMM (Zong et al., ICLR 2018): autoencoder features + Gaussian mixture, sample energy as the score',
    usesBackend: true,
    create: (options) => new Dagmm(options),
    load: (dir, options) => Dagmm.load(dir, options),
  },
  'supervised-mlp': {
    description:
      'MLP classifier (256, 128) with balanced class weights on the known labels; needs known anomalies',
    needsKnownAnomalies: true,
    usesBackend: true,
    create: (options) => new SupervisedMlp(options),
    load: (dir, options) => SupervisedMlp.load(dir, options),
  },
};

/** Registers every neural baseline (the same entries again are a no-op). */
export function registerNeuralDetectors(): void {
  for (const [name, entry] of Object.entries(NEURAL_DETECTORS)) registerDetector(name, entry);
}
