import { A3Error, type A3ErrorCode } from '@a3/core';

/**
 * Every reason a request is refused: the stable `error.code` of the JSON body (clients may
 * branch on it), the HTTP status it is answered with, and the A3Error code of the exception.
 */
const REASONS = {
  bad_json: { status: 400, code: 'A3_INVALID_ARGUMENT' },
  invalid_body: { status: 400, code: 'A3_INVALID_ARGUMENT' },
  unknown_feature: { status: 400, code: 'A3_DATA' },
  missing_feature: { status: 400, code: 'A3_DATA' },
  duplicate_feature: { status: 400, code: 'A3_DATA' },
  non_numeric_value: { status: 400, code: 'A3_DATA' },
  invalid_category: { status: 400, code: 'A3_DATA' },
  unknown_category: { status: 400, code: 'A3_DATA' },
  wrong_width: { status: 400, code: 'A3_DATA' },
  bad_csv: { status: 400, code: 'A3_DATA' },
  too_many_rows: { status: 413, code: 'A3_INVALID_ARGUMENT' },
  body_too_large: { status: 413, code: 'A3_INVALID_ARGUMENT' },
  unsupported_media_type: { status: 415, code: 'A3_INVALID_ARGUMENT' },
  unknown_model: { status: 404, code: 'A3_INVALID_ARGUMENT' },
  not_found: { status: 404, code: 'A3_INVALID_ARGUMENT' },
  unauthorized: { status: 401, code: 'A3_INVALID_ARGUMENT' },
  shutting_down: { status: 503, code: 'A3_UNSUPPORTED' },
  internal: { status: 500, code: 'A3_UNSUPPORTED' },
} as const satisfies Record<string, { status: number; code: A3ErrorCode }>;

export type RequestErrorReason = keyof typeof REASONS;

/** The JSON body of every refused request. */
export interface ErrorBody {
  error: {
    code: RequestErrorReason;
    message: string;
    /** The input at fault: `rows[3].temp`, `rows[2]`, a CSV column name, `name` (the model), `body`. */
    field?: string;
    /** CSV bodies: the 1-based line of the record at fault. */
    line?: number;
  };
}

/** Longest piece of client input quoted back in a message. */
const QUOTE_MAX = 40;

/** A client value for a message: JSON-quoted, cut to a few dozen characters. */
export function quoteInput(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > QUOTE_MAX ? `${text.slice(0, QUOTE_MAX)}…` : text;
}

/** A request the service refuses, with the HTTP status, a stable reason and the field at fault. */
export class RequestError extends A3Error {
  readonly status: number;

  constructor(
    readonly reason: RequestErrorReason,
    message: string,
    readonly field?: string,
    readonly line?: number,
  ) {
    super(REASONS[reason].code, message);
    this.status = REASONS[reason].status;
  }

  toBody(): ErrorBody {
    return {
      error: {
        code: this.reason,
        message: this.message,
        ...(this.field !== undefined ? { field: this.field } : {}),
        ...(this.line !== undefined ? { line: this.line } : {}),
      },
    };
  }
}
