/**
 * Every error a3 raises on purpose is an `A3Error` with a stable `code`, so callers can
 * branch on `err.code` instead of parsing messages. Messages say what is wrong and how to fix it.
 */
export type A3ErrorCode =
  | 'A3_INVALID_ARGUMENT'
  | 'A3_SHAPE_MISMATCH'
  | 'A3_DTYPE_MISMATCH'
  | 'A3_GRAPH'
  | 'A3_NOT_DIFFERENTIABLE'
  | 'A3_BACKEND_NOT_INSTALLED'
  | 'A3_BACKEND_UNAVAILABLE'
  | 'A3_BACKEND_UNKNOWN'
  | 'A3_UNSUPPORTED'
  | 'A3_DISPOSED'
  | 'A3_FEED'
  | 'A3_NUMERIC'
  | 'A3_IO'
  | 'A3_FORMAT'
  | 'A3_DATA'
  | 'A3_UNSUITABLE';

export class A3Error extends Error {
  readonly code: A3ErrorCode;
  constructor(code: A3ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}

/** A caller passed a value that cannot be used (wrong type, out of range, empty). */
export class InvalidArgumentError extends A3Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super('A3_INVALID_ARGUMENT', message, options);
  }
}

/** Two shapes that must agree do not. */
export class ShapeError extends A3Error {
  constructor(message: string) {
    super('A3_SHAPE_MISMATCH', message);
  }
}

export class DTypeError extends A3Error {
  constructor(message: string) {
    super('A3_DTYPE_MISMATCH', message);
  }
}

/** A graph is malformed: unknown tensor, duplicate name, tensor of another graph. */
export class GraphError extends A3Error {
  constructor(message: string) {
    super('A3_GRAPH', message);
  }
}

export class NotDifferentiableError extends A3Error {
  constructor(message: string) {
    super('A3_NOT_DIFFERENTIABLE', message);
  }
}

/** A known backend was asked for but its npm package is not installed. */
export class BackendNotInstalledError extends A3Error {
  readonly backend: string;
  readonly packageName: string;
  constructor(backend: string, packageName: string, cause?: unknown) {
    super(
      'A3_BACKEND_NOT_INSTALLED',
      `Backend "${backend}" is not installed. Install it with: npm install ${packageName}`,
      { cause },
    );
    this.backend = backend;
    this.packageName = packageName;
  }
}

/** The backend's package is installed but it cannot run here (native library missing, ...). */
export class BackendUnavailableError extends A3Error {
  readonly backend: string;
  constructor(backend: string, reason: string, cause?: unknown) {
    super('A3_BACKEND_UNAVAILABLE', `Backend "${backend}" is unavailable: ${reason}`, { cause });
    this.backend = backend;
  }
}

export class UnknownBackendError extends A3Error {
  constructor(name: string, known: readonly string[]) {
    super(
      'A3_BACKEND_UNKNOWN',
      `Unknown backend "${name}". Known backends: ${known.join(', ') || 'none'} (those installed packages ` +
        'describe in package.json "a3".backends, and registered ones). Register your own with registerBackend(name, factory).',
    );
  }
}

/** A backend does not support an op or option it was asked to compile. */
export class UnsupportedError extends A3Error {
  constructor(message: string) {
    super('A3_UNSUPPORTED', message);
  }
}

export class DisposedError extends A3Error {
  constructor(what: string) {
    super('A3_DISPOSED', `${what} was used after dispose(). Create a new one.`);
  }
}

/** A run got a missing, extra or mis-shaped feed. */
export class FeedError extends A3Error {
  constructor(message: string) {
    super('A3_FEED', message);
  }
}

/** NaN/Inf showed up where finite numbers are required. */
export class NumericError extends A3Error {
  constructor(message: string) {
    super('A3_NUMERIC', message);
  }
}

/** Reading or writing a file failed. */
export class IOError extends A3Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super('A3_IO', message, options);
  }
}

/** A file's content is not in the expected format (corrupt, truncated, wrong magic). */
export class FormatError extends A3Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super('A3_FORMAT', message, options);
  }
}

/** Input data is unusable (ragged rows, non-numeric values, NaN) — names file, row and column. */
export class DataError extends A3Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super('A3_DATA', message, options);
  }
}

/**
 * A detector cannot run on the data it was given (e.g. a supervised one with no known
 * anomalies). Callers that run several detectors report it as skipped with this message.
 */
export class UnsuitableDataError extends A3Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super('A3_UNSUITABLE', message, options);
  }
}
