#!/usr/bin/env node
// Committed stub so npm links the `a3-bench` command at install time; the code lives in dist/.
import('../dist/cli.js').catch((err) => {
  if (err && err.code === 'ERR_MODULE_NOT_FOUND' && String(err.message).includes('dist/cli.js')) {
    console.error(
      'a3-bench: the benchmark is not built yet. Run `npm run build` in the repository root (npm ci does it).',
    );
    process.exit(1);
  }
  throw err;
});
