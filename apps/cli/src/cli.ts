import { main } from './main';
import { quietTensorflow } from './terminal/quiet-tensorflow';

quietTensorflow(process.argv.slice(2));
// A closed stdout/stderr pipe (`a3 score … | head`) is handled in terminal/output.ts: the
// command stops and main() returns 0.
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(`a3: ${(err as Error).message}`);
    process.exitCode = 1;
  },
);
