import type { Backend, CompileOptions } from './backend';

/**
 * The same backend with `defaults` under every compile's options (options given to `compile`
 * win). A detector loaded on it runs every graph with them — e.g. `{ threads: 1 }` for one
 * single-threaded copy of a model per worker thread, where a backend has that knob; backends
 * ignore options they do not know.
 */
export function withCompileOptions(backend: Backend, defaults: CompileOptions): Backend {
  return {
    name: backend.name,
    capabilities: backend.capabilities,
    compile: (graph, options) => backend.compile(graph, { ...defaults, ...options }),
    memory: () => backend.memory(),
    describe: () => backend.describe(),
  };
}
