import { main } from './main';

// TensorFlow (tfjs-node) logs its CPU-feature banner to stderr unless told otherwise.
process.env.TF_CPP_MIN_LOG_LEVEL ??= '2';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(`a3-bench: ${(err as Error).message}`);
    process.exitCode = 1;
  },
);
