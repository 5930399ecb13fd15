import { A3Error, InvalidArgumentError } from '@a3/core';

/** A plugin name was looked up that nobody registered. */
export class UnknownPluginError extends A3Error {
  constructor(kind: string, name: string, known: readonly string[], hint: string) {
    super(
      'A3_INVALID_ARGUMENT',
      `Unknown ${kind} "${name}". Registered: ${known.join(', ') || 'none'}. ${hint}`,
    );
  }
}

const NAME_RE = /^[a-z0-9][a-z0-9._-]*(\/[a-z0-9][a-z0-9._-]*)?$/i;

/**
 * Name → factory map behind `registerTarget` / `registerAnomaly`. Registration is global
 * per process (like backends) so a plugin package registers itself on import and a saved
 * model finds its factory by the name stored in a3.json.
 */
export class PluginRegistry<F> {
  private readonly entries = new Map<string, F>();

  constructor(
    private readonly kind: string,
    private readonly hint: string,
    /** What a valid entry is; default a factory function. */
    private readonly isValid: (entry: F) => boolean = (entry) => typeof entry === 'function',
  ) {}

  register(name: string, factory: F, options: { override?: boolean } = {}): void {
    if (typeof name !== 'string' || !NAME_RE.test(name)) {
      throw new InvalidArgumentError(
        `${this.kind} name "${String(name)}" is invalid: use letters, digits, . _ - (optionally "scope/name").`,
      );
    }
    if (!this.isValid(factory)) {
      throw new InvalidArgumentError(
        `register ${this.kind} "${name}": ${this.kind === 'detector' ? 'the entry needs create() and load() functions' : 'the factory must be a function'}.`,
      );
    }
    if (this.entries.has(name) && !options.override && this.entries.get(name) !== factory) {
      throw new InvalidArgumentError(
        `A ${this.kind} named "${name}" is already registered. Pick another name, or pass { override: true } to replace it.`,
      );
    }
    this.entries.set(name, factory);
  }

  unregister(name: string): boolean {
    return this.entries.delete(name);
  }

  get(name: string): F {
    const f = this.entries.get(name);
    if (!f) throw new UnknownPluginError(this.kind, name, this.list(), this.hint);
    return f;
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  list(): string[] {
    return [...this.entries.keys()].sort();
  }
}
