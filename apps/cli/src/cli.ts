import { main } from './main';
import { quietTensorflow } from './terminal/quiet-tensorflow';

quietTensorflow(process.argv.slice(2));
// `a3 score model in.csv | head`: the reader left, which is not a failure of a3.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(`a3: ${(err as Error).message}`);
    process.exitCode = 1;
  },
);
