import { packageConfig } from '../../tools/tsup/package-config';

// The CSV parsing worker of streamCsvFeatures({ worker: true }) is its own file: dist/feature-worker.js.
export default packageConfig({
  entry: { index: 'src/index.ts', 'feature-worker': 'src/csv-features/feature-worker.ts' },
});
