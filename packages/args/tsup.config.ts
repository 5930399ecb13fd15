import { packageConfig } from '../../tools/tsup/package-config';

export default packageConfig();
