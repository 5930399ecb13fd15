import type { ScoringServer } from '../http/server';

/** The process signals a server reacts to: stop gracefully, or reload its models. */
const STOP_SIGNALS = ['SIGTERM', 'SIGINT'] as const;
const RELOAD_SIGNAL = 'SIGHUP';

/**
 * Runs a listening server until SIGTERM or SIGINT, then stops it gracefully (see
 * ScoringServer.close) and resolves. SIGHUP reloads the models: the current ones serve until
 * the new ones are loaded and warmed; a failed reload keeps them and logs why. `log` gets one
 * line per event.
 */
export function serveUntilSignal(
  server: ScoringServer,
  log: (line: string) => void,
  proc: NodeJS.Process = process,
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let stopping = false;
    const reload = (): void => {
      if (stopping) {
        log(`${RELOAD_SIGNAL} ignored: the server is stopping.`);
        return;
      }
      log(
        `${RELOAD_SIGNAL}: reloading ${server.models.sources.map((s) => s.name).join(', ')}; the current models serve until the new ones are ready.`,
      );
      void server
        .reload()
        .then((r) =>
          log(
            r.ok
              ? `reloaded ${r.models.join(', ')}.`
              : `reload failed; the current models keep serving. ${r.error.message}`,
          ),
        );
    };
    const stop = (signal: string): void => {
      if (stopping) {
        log(`${signal}: already stopping; waiting for requests in flight.`);
        return;
      }
      stopping = true;
      log(
        `${signal}: stopped accepting connections; finishing ${server.metrics.inFlight.get()} score request(s) in flight.`,
      );
      server.close().then(
        () => {
          cleanup();
          log(`stopped: ${server.received()} score request(s) received, ${server.answered()} answered.`);
          resolve();
        },
        (err: unknown) => {
          cleanup();
          reject(err instanceof Error ? err : new Error(String(err)));
        },
      );
    };
    const handlers = STOP_SIGNALS.map((s) => [s, () => stop(s)] as const);
    const cleanup = (): void => {
      for (const [s, h] of handlers) proc.off(s, h);
      proc.off(RELOAD_SIGNAL, reload);
    };
    for (const [s, h] of handlers) proc.on(s, h);
    proc.on(RELOAD_SIGNAL, reload);
  });
}
