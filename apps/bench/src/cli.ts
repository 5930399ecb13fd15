import { main } from './main';

// TensorFlow (tfjs-node) logs its CPU-feature banner to stderr unless told otherwise.
process.env.TF_CPP_MIN_LOG_LEVEL ??= '2';

// Each backend is measured in a child started the same way as this process.
main(process.argv.slice(2), undefined, { self: [process.execPath, process.argv[1]] }).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(`a3-bench: ${(err as Error).message}`);
    process.exitCode = 1;
  },
);
