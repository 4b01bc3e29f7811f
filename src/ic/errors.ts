/**
 * Errors the Influencers Club client throws. Callers branch with `instanceof` (or on `code`), never
 * by parsing messages; the Slack layer maps each class to one friendly message.
 *
 * Every error says:
 * - `operation`: the client method that failed (`discover`, `enrichHandleFull`, …);
 * - `status`: the HTTP status, when an answer came back;
 * - `mayHaveCharged`: the API may have billed credits for this call. Credits are charged only when
 *   data comes back (api-ref#credits), so this is true only when the request reached a paid endpoint and we
 *   cannot tell whether data was produced: a timeout or connection reset after the request was
 *   sent, or a 200 whose body we could not read. It is false for 4xx, 429 and 5xx answers (no data
 *   came back), for connection failures (the request never arrived) and for free endpoints;
 * - `retryable`: the failure is transient (429, 5xx, timeout, network), so the same call may
 *   succeed later. For a paid call, check `mayHaveCharged` before trying again.
 *
 * Messages never contain the API key or the Authorization header: the client scrubs them.
 */

export type IcErrorCode =
  | 'IC_AUTH'
  | 'IC_NOT_FOUND'
  | 'IC_MISCONFIGURED'
  | 'IC_VALIDATION'
  | 'IC_BAD_REQUEST'
  | 'IC_NO_CREDITS'
  | 'IC_RATE_LIMITED'
  | 'IC_UPSTREAM'
  | 'IC_TIMEOUT'
  | 'IC_NETWORK'
  | 'IC_MALFORMED';

export interface IcErrorInit {
  operation: string;
  status?: number | undefined;
  mayHaveCharged?: boolean | undefined;
  retryable?: boolean | undefined;
  cause?: unknown;
}

export class IcError extends Error {
  override readonly name: string = 'IcError';
  readonly code: IcErrorCode;
  readonly status: number | undefined;
  readonly operation: string;
  readonly mayHaveCharged: boolean;
  readonly retryable: boolean;

  constructor(code: IcErrorCode, message: string, init: IcErrorInit) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.code = code;
    this.status = init.status;
    this.operation = init.operation;
    this.mayHaveCharged = init.mayHaveCharged ?? false;
    this.retryable = init.retryable ?? false;
  }

  /** Plain fields for structured logs (pino serialises errors through this). */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      status: this.status,
      operation: this.operation,
      mayHaveCharged: this.mayHaveCharged,
      retryable: this.retryable,
    };
  }
}

/** 401/403: missing, invalid or revoked key, or a plan without API access (api-ref#errors). */
export class IcAuthError extends IcError {
  override readonly name = 'IcAuthError';
  constructor(message: string, init: IcErrorInit) {
    super('IC_AUTH', message, { ...init, retryable: false, mayHaveCharged: false });
  }
}

/**
 * - `no_data`: IC has nothing for this creator/email/post (404 JSON such as "No data found", or a
 *   200 whose `result` is empty or says `exists: false`, api-ref#enrich-raw, api-ref#open-questions);
 * - `unknown_batch`: the batch id is unknown or belongs to another account (api-ref#batch-status, api-ref#batch-results).
 * A 404 that is not the API's own JSON is not "not found" at all: see IcMisconfiguredError.
 */
export type NotFoundReason = 'no_data' | 'unknown_batch';

export class IcNotFoundError extends IcError {
  override readonly name = 'IcNotFoundError';
  readonly reason: NotFoundReason;
  constructor(message: string, init: IcErrorInit & { reason: NotFoundReason }) {
    super('IC_NOT_FOUND', message, { ...init, retryable: false });
    this.reason = init.reason;
  }
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), reason: this.reason };
  }
}

/**
 * A 404 whose body is not the API's own JSON (an HTML page, plain text, nothing): the request did
 * not reach an Influencers Club endpoint at all, because INFLUENCERS_CLUB_API_URL is wrong or the
 * endpoint moved (api-ref#transport). Reading it as "no data" would tell every user their creator
 * does not exist while Scout is simply broken, so it is its own class: an admin must act.
 * Nothing came back, so nothing was charged.
 */
export class IcMisconfiguredError extends IcError {
  override readonly name = 'IcMisconfiguredError';
  constructor(message: string, init: IcErrorInit) {
    super('IC_MISCONFIGURED', message, { ...init, retryable: false, mayHaveCharged: false });
  }
}

export interface FieldProblem {
  field: string;
  message: string;
}

/** 422 from the API, or (`local: true`) the request was refused before anything was sent. */
export class IcValidationError extends IcError {
  override readonly name = 'IcValidationError';
  readonly local: boolean;
  readonly fields: FieldProblem[];
  constructor(message: string, init: IcErrorInit & { local: boolean; fields: FieldProblem[] }) {
    super('IC_VALIDATION', message, { ...init, retryable: false, mayHaveCharged: false });
    this.local = init.local;
    this.fields = init.fields;
  }
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), local: this.local, fields: this.fields };
  }
}

/** 400 and other 4xx without a class of their own, e.g. batch results asked for before `finished` (api-ref#batch-results). */
export class IcBadRequestError extends IcError {
  override readonly name = 'IcBadRequestError';
  constructor(message: string, init: IcErrorInit) {
    super('IC_BAD_REQUEST', message, { ...init, retryable: false, mayHaveCharged: false });
  }
}

/** 402: out of credits (undocumented for synchronous endpoints, api-ref#errors, api-ref#open-questions). */
export class IcInsufficientCreditsError extends IcError {
  override readonly name = 'IcInsufficientCreditsError';
  constructor(message: string, init: IcErrorInit) {
    super('IC_NO_CREDITS', message, { ...init, retryable: false, mayHaveCharged: false });
  }
}

/** 429: over 300 requests/minute for the account (api-ref#rate-limit). Never charged. */
export class IcRateLimitError extends IcError {
  override readonly name = 'IcRateLimitError';
  /** From `Retry-After`, when the API sent one. */
  readonly retryAfterMs: number | undefined;
  constructor(message: string, init: IcErrorInit & { retryAfterMs?: number | undefined }) {
    super('IC_RATE_LIMITED', message, { ...init, retryable: true, mayHaveCharged: false });
    this.retryAfterMs = init.retryAfterMs;
  }
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), retryAfterMs: this.retryAfterMs };
  }
}

/** 5xx: the API or a gateway in front of it failed (YouTube handles sometimes 504, api-ref#errors). */
export class IcUpstreamError extends IcError {
  override readonly name = 'IcUpstreamError';
  constructor(message: string, init: IcErrorInit) {
    super('IC_UPSTREAM', message, { ...init, retryable: true, mayHaveCharged: false });
  }
}

/** No complete answer within the per-attempt timeout. */
export class IcTimeoutError extends IcError {
  override readonly name = 'IcTimeoutError';
  constructor(message: string, init: IcErrorInit) {
    super('IC_TIMEOUT', message, { ...init, retryable: true });
  }
}

/**
 * The connection failed. `connectFailed`: the request never reached the server (refused, DNS
 * failure, connect timeout), so nothing can have been charged; otherwise the connection broke after
 * the request was sent (reset, socket closed).
 */
export class IcNetworkError extends IcError {
  override readonly name = 'IcNetworkError';
  readonly connectFailed: boolean;
  constructor(message: string, init: IcErrorInit & { connectFailed: boolean }) {
    super('IC_NETWORK', message, { ...init, retryable: true });
    this.connectFailed = init.connectFailed;
  }
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), connectFailed: this.connectFailed };
  }
}

/** The body is not JSON, or not the shape the endpoint promises. */
export class IcMalformedResponseError extends IcError {
  override readonly name = 'IcMalformedResponseError';
  constructor(message: string, init: IcErrorInit) {
    super('IC_MALFORMED', message, { ...init, retryable: false });
  }
}

// ---------------------------------------------------------------------------------------------
// Reading error answers

const SNIPPET_LENGTH = 200;

/** A short, single-line slice of a body for messages; HTML pages are reduced to their title. */
export function bodySnippet(raw: string): string {
  const text = raw.trim();
  if (looksLikeHtml(text)) {
    const title = /<title[^>]*>([^<]*)<\/title>/i.exec(text)?.[1]?.trim();
    return title ? `HTML page "${title.slice(0, SNIPPET_LENGTH)}"` : 'an HTML page';
  }
  const line = text.replace(/\s+/g, ' ');
  return line.length > SNIPPET_LENGTH ? `${line.slice(0, SNIPPET_LENGTH)}…` : line;
}

function looksLikeHtml(text: string): boolean {
  return /^\s*(<!doctype html|<html|<head|<body)/i.test(text);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/**
 * The message in an error body, looked up like the official MCP client does (api-ref#errors): `message`,
 * `detail` (a string, or a list of `{msg}` objects), `error` (a string, or a list of
 * `{field, error}`), `response_meta.error_message`; undefined when none is there.
 */
export function messageFromBody(body: unknown): string | undefined {
  if (!isRecord(body)) return undefined;
  const message = nonEmptyString(body.message);
  if (message) return message;
  const detail = body.detail;
  if (nonEmptyString(detail)) return nonEmptyString(detail);
  if (Array.isArray(detail)) {
    const msgs = detail
      .map((d) => (isRecord(d) ? nonEmptyString(d.msg) : nonEmptyString(d)))
      .filter((m): m is string => m !== undefined);
    if (msgs.length > 0) return msgs.join('; ');
  }
  const error = body.error;
  if (nonEmptyString(error)) return nonEmptyString(error);
  if (Array.isArray(error)) {
    const fields = fieldsFromBody(body);
    if (fields.length > 0) return fields.map((f) => `${f.field}: ${f.message}`).join('; ');
  }
  if (isRecord(body.response_meta)) {
    const meta = nonEmptyString(body.response_meta.error_message);
    if (meta) return meta;
  }
  return undefined;
}

/**
 * Field problems in a 422 body. Two shapes are seen (api-ref#errors): `{"error": [{"field", "error"}]}` and
 * DRF field maps such as `{"filters": {"engagement_percent": ["…"]}}` (nested keys are joined with
 * dots). A FastAPI-style `{"detail": [{"loc": [...], "msg"}]}` is read as well.
 */
export function fieldsFromBody(body: unknown): FieldProblem[] {
  if (!isRecord(body)) return [];
  if (Array.isArray(body.error)) {
    return body.error.flatMap((item): FieldProblem[] => {
      if (!isRecord(item)) {
        const text = nonEmptyString(item);
        return text ? [{ field: '', message: text }] : [];
      }
      const field = nonEmptyString(item.field) ?? nonEmptyString(item.loc) ?? '';
      const message = nonEmptyString(item.error) ?? nonEmptyString(item.message) ?? nonEmptyString(item.msg);
      return message ? [{ field, message }] : [];
    });
  }
  if (Array.isArray(body.detail)) {
    return body.detail.flatMap((item): FieldProblem[] => {
      if (!isRecord(item)) return [];
      const loc = Array.isArray(item.loc) ? item.loc.filter((p) => p !== 'body').join('.') : '';
      const message = nonEmptyString(item.msg);
      return message ? [{ field: loc, message }] : [];
    });
  }
  // DRF: every key is a field; values are message lists or nested maps.
  const out: FieldProblem[] = [];
  const walk = (value: unknown, path: string) => {
    if (typeof value === 'string') {
      out.push({ field: path, message: value });
    } else if (Array.isArray(value)) {
      for (const v of value) walk(v, path);
    } else if (isRecord(value)) {
      for (const [k, v] of Object.entries(value)) walk(v, path === '' ? k : `${path}.${k}`);
    }
  };
  for (const [key, value] of Object.entries(body)) {
    if (['message', 'detail', 'response_meta', 'status', 'success', 'code'].includes(key)) continue;
    walk(value, key);
  }
  return out;
}

/** `Retry-After` as milliseconds from `now`: delta-seconds (decimals tolerated) or an HTTP date. */
export function parseRetryAfter(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const raw = Array.isArray(value) ? value[0] : value;
  if (raw === undefined || raw.trim() === '') return undefined;
  const text = raw.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.ceil(Number(text) * 1000);
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}

export interface ErrorAnswer {
  operation: string;
  status: number;
  /** The raw body text (possibly HTML). */
  bodyText: string;
  retryAfter?: string | string[] | undefined;
  /** True for the batch endpoints: a JSON 404 there means an unknown batch id. */
  batch?: boolean;
  now?: number;
}

/** The error for a non-2xx answer. No data came back, so none of these can have charged (api-ref#credits). */
export function errorFromAnswer(answer: ErrorAnswer): IcError {
  const { operation, status, bodyText } = answer;
  let body: unknown;
  try {
    body = bodyText.trim() === '' ? undefined : JSON.parse(bodyText);
  } catch {
    body = undefined;
  }
  const detail = messageFromBody(body) ?? (bodyText.trim() === '' ? `HTTP ${status}` : bodySnippet(bodyText));
  const message = `${operation}: Influencers Club answered ${status}: ${detail}`;
  const init = { operation, status };

  if (status === 401 || status === 403) return new IcAuthError(message, init);
  if (status === 402) return new IcInsufficientCreditsError(message, init);
  if (status === 404) {
    // Only a JSON object is the API's own answer ("No data found", an unknown batch); an HTML page
    // or any other body comes from whatever sits at the base URL, not from an endpoint.
    if (!isRecord(body)) {
      return new IcMisconfiguredError(
        `${operation}: ${status} from something that is not the Influencers Club API (${detail}); check INFLUENCERS_CLUB_API_URL`,
        init,
      );
    }
    return new IcNotFoundError(message, { ...init, reason: answer.batch ? 'unknown_batch' : 'no_data' });
  }
  if (status === 422) {
    const fields = fieldsFromBody(body);
    const text =
      messageFromBody(body) ??
      (fields.length > 0 ? fields.map((f) => `${f.field}: ${f.message}`).join('; ') : detail);
    return new IcValidationError(`${operation}: Influencers Club refused the request (422): ${text}`, {
      ...init,
      local: false,
      fields,
    });
  }
  if (status === 429) {
    return new IcRateLimitError(message, {
      ...init,
      retryAfterMs: parseRetryAfter(answer.retryAfter, answer.now),
    });
  }
  if (status >= 500) return new IcUpstreamError(message, init);
  return new IcBadRequestError(message, init);
}

/** Removes every occurrence of the secrets (and any bearer token) from `text`. */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length > 0) out = out.split(secret).join('[redacted]');
  }
  return out.replace(/(bearer\s+)[^\s"',;}]+/gi, '$1[redacted]');
}

// ---------------------------------------------------------------------------------------------
// Requests without an answer

/** Errors that mean the request never reached the server, so it cannot have been processed. */
const CONNECT_FAILURE_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT',
  // MockAgent without a matching interceptor: nothing was sent anywhere
  'UND_MOCK_ERR_MOCK_NOT_MATCHED',
]);
const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

export function codeOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const e = error as { code?: unknown; cause?: unknown; errors?: unknown };
  if (typeof e.code === 'string') return e.code;
  // Happy-eyeballs connects fail with an AggregateError of per-address errors.
  if (Array.isArray(e.errors)) return codeOf(e.errors[0]);
  if (e.cause !== undefined && e.cause !== error) return codeOf(e.cause);
  return undefined;
}

/**
 * The error for a request that got no answer (an undici/socket failure): IcTimeoutError when the
 * attempt ran out of time (`timedOut`) or undici says so, else IcNetworkError. `cause` is the
 * failure already scrubbed of secrets.
 */
export function errorFromException(
  call: { operation: string; paid: boolean },
  error: unknown,
  cause: Error,
  timedOut: boolean,
): IcError {
  const { operation, paid } = call;
  const code = codeOf(error);
  if (timedOut || (code !== undefined && TIMEOUT_CODES.has(code))) {
    // The request was sent: a paid endpoint may have processed (and billed) it.
    return new IcTimeoutError(`${operation}: no answer from Influencers Club in time`, {
      operation,
      mayHaveCharged: paid,
      cause,
    });
  }
  if (code !== undefined && CONNECT_FAILURE_CODES.has(code)) {
    return new IcNetworkError(`${operation}: could not connect to Influencers Club (${code})`, {
      operation,
      connectFailed: true,
      mayHaveCharged: false,
      cause,
    });
  }
  return new IcNetworkError(
    `${operation}: the connection to Influencers Club failed (${code ?? 'unknown error'})`,
    {
      operation,
      connectFailed: false,
      mayHaveCharged: paid,
      cause,
    },
  );
}
