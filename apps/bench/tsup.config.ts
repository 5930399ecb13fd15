import { packageConfig } from '../../tools/tsup/package-config';

export default packageConfig({ entry: ['src/index.ts', 'src/cli.ts'] });
