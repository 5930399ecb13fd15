import { packageConfig } from '../../tools/tsup/package-config';

// The worker thread of ScoringPool is its own file, dist/score-worker.js (no typings: nothing
// imports it). It imports @a3/model by name (external), so plugins it preloads register in the
// same registry it reads.
export default packageConfig({
  entry: { index: 'src/index.ts', 'score-worker': 'src/pool/score-worker.ts' },
  dts: { entry: 'src/index.ts', compilerOptions: { customConditions: [] } },
  external: ['@a3/model'],
});
