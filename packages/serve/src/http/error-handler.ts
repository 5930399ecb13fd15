import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { RequestError } from './request-error';

/** A JSON-schema error path (`/rows/3`) as the field name clients see (`rows[3]`). */
export function fieldOf(instancePath: string): string {
  const parts = instancePath.split('/').filter(Boolean);
  if (parts.length === 0) return 'body';
  return parts
    .map((p, i) => (/^\d+$/.test(p) ? `[${p}]` : i === 0 ? p : `.${p}`))
    .join('')
    .replace(/^\[/, 'body[');
}

/** What the schema validator said, as one RequestError naming the field. */
function validationError(err: FastifyError): RequestError {
  const v = err.validation?.[0];
  if (!v) return new RequestError('invalid_body', err.message, 'body');
  const params = v.params as { additionalProperty?: string; missingProperty?: string };
  if (params.additionalProperty !== undefined) {
    const field = params.additionalProperty.slice(0, 40);
    return new RequestError(
      'invalid_body',
      `the body has an unknown key "${field}"; send {"rows": [...]}.`,
      field,
    );
  }
  if (params.missingProperty !== undefined) {
    return new RequestError(
      'invalid_body',
      `the body lacks "${params.missingProperty}"; send {"rows": [...]}.`,
      params.missingProperty,
    );
  }
  const field = fieldOf(v.instancePath);
  if (/^rows\[\d+\]$/.test(field)) {
    return new RequestError(
      'invalid_body',
      `${field} must be an object by feature name or an array of values in training column order.`,
      field,
    );
  }
  const hint = field === 'rows' ? ': send {"rows": [...]}' : '';
  return new RequestError('invalid_body', `${field} ${v.message ?? 'is invalid'}${hint}.`, field);
}

/** Any error of a request as the RequestError it is answered with. */
export function toRequestError(err: FastifyError | Error): RequestError {
  if (err instanceof RequestError) return err;
  const e = err as FastifyError;
  if (e.validation) return validationError(e);
  switch (e.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new RequestError(
        'unsupported_media_type',
        `${e.message.replace(/\.$/, '')}; send application/json or text/csv.`,
        'content-type',
      );
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new RequestError(
        'body_too_large',
        'the request body is larger than this server accepts; send fewer rows per request.',
        'body',
      );
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new RequestError('bad_json', 'the body is empty; send {"rows": [...]}.', 'body');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new RequestError('bad_json', `the body is not valid JSON (${e.message.slice(0, 100)}).`, 'body');
    default:
      break;
  }
  if (e instanceof SyntaxError || (e.statusCode === 400 && /JSON/i.test(e.message))) {
    return new RequestError('bad_json', `the body is not valid JSON (${e.message.slice(0, 100)}).`, 'body');
  }
  if (e.statusCode === 413) return new RequestError('body_too_large', e.message.slice(0, 200), 'body');
  if (e.statusCode === 415)
    return new RequestError('unsupported_media_type', e.message.slice(0, 200), 'content-type');
  if (e.statusCode !== undefined && e.statusCode >= 400 && e.statusCode < 500) {
    return new RequestError('invalid_body', e.message.slice(0, 200), 'body');
  }
  return new RequestError('internal', `scoring failed: ${e.message.slice(0, 200)}`);
}

/**
 * The fastify error handler: every refusal is `{"error": {code, message, field?, line?}}` with its
 * status; server-side failures (5xx) also go to `log` (default: fastify's request logger).
 */
export function errorHandler(log?: (line: string) => void) {
  return (err: FastifyError, request: FastifyRequest, reply: FastifyReply): void => {
    const re = toRequestError(err);
    if (re.status >= 500) {
      if (log) log(`${request.method} ${request.url.slice(0, 100)} failed: ${err.stack ?? err.message}`);
      else request.log.error({ err }, 'a3 serve: request failed');
    }
    void reply.code(re.status).type('application/json; charset=utf-8').send(re.toBody());
  };
}
