import { describe, expect, it } from 'vitest';
import {
  bodySnippet,
  errorFromAnswer,
  fieldsFromBody,
  IcAuthError,
  IcBadRequestError,
  IcInsufficientCreditsError,
  IcMisconfiguredError,
  IcNotFoundError,
  IcRateLimitError,
  IcUpstreamError,
  IcValidationError,
  messageFromBody,
  parseRetryAfter,
  scrubSecrets,
} from '../../src/ic/errors.ts';

describe('messageFromBody follows the MCP order: message, detail, error, response_meta.error_message', () => {
  it.each([
    [{ message: 'm', detail: 'd', error: 'e' }, 'm'],
    [{ detail: 'No data found', error: 'e' }, 'No data found'],
    [
      { detail: [{ msg: 'field required', loc: ['body', 'handle'], type: 'missing' }, { msg: 'bad' }] },
      'field required; bad',
    ],
    [{ error: 'Invalid platform' }, 'Invalid platform'],
    [{ error: [{ field: 'gender', error: 'Invalid gender' }] }, 'gender: Invalid gender'],
    [{ response_meta: { error_message: 'Upstream said no' } }, 'Upstream said no'],
    [{ message: '   ', detail: 'fallback past blanks' }, 'fallback past blanks'],
  ])('%j → %s', (body, expected) => {
    expect(messageFromBody(body)).toBe(expected);
  });

  it('is undefined when the body has none of them', () => {
    expect(messageFromBody({ filters: { x: ['bad'] } })).toBeUndefined();
    expect(messageFromBody('text')).toBeUndefined();
    expect(messageFromBody(null)).toBeUndefined();
  });
});

describe('fieldsFromBody', () => {
  it('reads {"error": [{field, error}]}', () => {
    expect(fieldsFromBody({ error: [{ field: 'gender', error: 'Invalid gender, …' }] })).toEqual([
      { field: 'gender', message: 'Invalid gender, …' },
    ]);
  });

  it('reads nested DRF field maps with dotted paths', () => {
    expect(
      fieldsFromBody({
        filters: {
          engagement_percent: ['Must be >= 0.', 'Must be a number.'],
          audience: { age: ['Bad range'] },
        },
        platform: ['"myspace" is not a valid choice.'],
      }),
    ).toEqual([
      { field: 'filters.engagement_percent', message: 'Must be >= 0.' },
      { field: 'filters.engagement_percent', message: 'Must be a number.' },
      { field: 'filters.audience.age', message: 'Bad range' },
      { field: 'platform', message: '"myspace" is not a valid choice.' },
    ]);
  });

  it('reads FastAPI-style detail lists without the "body" prefix', () => {
    expect(fieldsFromBody({ detail: [{ loc: ['body', 'paging', 'limit'], msg: 'too big' }] })).toEqual([
      { field: 'paging.limit', message: 'too big' },
    ]);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-05-02T10:00:00Z');
  it('reads delta-seconds, tolerating decimals', () => {
    expect(parseRetryAfter('1', now)).toBe(1000);
    expect(parseRetryAfter('0.25', now)).toBe(250);
    expect(parseRetryAfter(['3'], now)).toBe(3000);
  });
  it('reads an HTTP date relative to now, never negative', () => {
    expect(parseRetryAfter('Sat, 02 May 2026 10:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Sat, 02 May 2026 09:00:00 GMT', now)).toBe(0);
  });
  it('is undefined when absent or unreadable', () => {
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('', now)).toBeUndefined();
  });
});

describe('errorFromAnswer picks the class by status', () => {
  const answer = (status: number, bodyText: string, extra = {}) =>
    errorFromAnswer({ operation: 'discover', status, bodyText, ...extra });

  it('maps each status to its class, none of them charged', () => {
    const cases: [number, string, new (...args: never[]) => Error][] = [
      [401, '{"detail":"Invalid token."}', IcAuthError],
      [403, '{"detail":"Forbidden"}', IcAuthError],
      [402, '{"message":"No credits"}', IcInsufficientCreditsError],
      [400, '{"error":"Batch not finished"}', IcBadRequestError],
      [409, '', IcBadRequestError],
      [404, '{"detail":"No data found"}', IcNotFoundError],
      [422, '{"error":[{"field":"gender","error":"bad"}]}', IcValidationError],
      [429, '', IcRateLimitError],
      [500, 'Internal Server Error', IcUpstreamError],
      [504, '<html><head><title>504 Gateway Time-out</title></head></html>', IcUpstreamError],
    ];
    for (const [status, body, cls] of cases) {
      const error = answer(status, body);
      expect(error, `status ${status}`).toBeInstanceOf(cls);
      expect(error.status).toBe(status);
      expect(error.operation).toBe('discover');
      expect(error.mayHaveCharged).toBe(false);
    }
  });

  it('marks only 429 and 5xx retryable', () => {
    expect(answer(429, '').retryable).toBe(true);
    expect(answer(503, '').retryable).toBe(true);
    expect(answer(400, '').retryable).toBe(false);
    expect(answer(404, '').retryable).toBe(false);
  });

  it('tells the 404s apart: only the API\'s own JSON is "not found"', () => {
    expect((answer(404, '{"detail":"No data found"}') as IcNotFoundError).reason).toBe('no_data');
    expect(answer(404, '<!DOCTYPE html><html><title>Not Found</title></html>')).toBeInstanceOf(
      IcMisconfiguredError,
    );
    expect(answer(404, 'Not Found')).toBeInstanceOf(IcMisconfiguredError);
    expect(answer(404, '')).toBeInstanceOf(IcMisconfiguredError);
    expect(answer(404, '<html>gateway</html>', { batch: true })).toBeInstanceOf(IcMisconfiguredError);
    expect((answer(404, '{"detail":"Not found."}', { batch: true }) as IcNotFoundError).reason).toBe(
      'unknown_batch',
    );
  });

  it('a 422 with a DRF map carries the fields and names them in the message', () => {
    const error = answer(422, '{"filters":{"engagement_percent":["Must be >= 0."]}}') as IcValidationError;
    expect(error.local).toBe(false);
    expect(error.fields).toEqual([{ field: 'filters.engagement_percent', message: 'Must be >= 0.' }]);
    expect(error.message).toContain('filters.engagement_percent: Must be >= 0.');
  });

  it('a 429 carries Retry-After in ms', () => {
    const error = errorFromAnswer({
      operation: 'x',
      status: 429,
      bodyText: '',
      retryAfter: '2',
    }) as IcRateLimitError;
    expect(error.retryAfterMs).toBe(2000);
  });

  it('falls back to a short single-line slice of the raw body', () => {
    const long = `oops ${'x'.repeat(1000)}\nsecond line`;
    const error = answer(500, long);
    expect(error.message.length).toBeLessThan(320);
    expect(error.message).not.toContain('\n');
    expect(error.message).toContain('oops');
  });

  it('serialises to plain fields for logs', () => {
    const error = answer(404, '{"detail":"No data found"}');
    expect(JSON.parse(JSON.stringify(error))).toMatchObject({
      name: 'IcNotFoundError',
      code: 'IC_NOT_FOUND',
      status: 404,
      reason: 'no_data',
      mayHaveCharged: false,
    });
  });
});

describe('bodySnippet and scrubSecrets', () => {
  it('reduces HTML pages to their title', () => {
    expect(
      bodySnippet('<!doctype html><html><head><title> Page not found </title></head><body>big</body></html>'),
    ).toBe('HTML page "Page not found"');
    expect(bodySnippet('<html><body>no title</body></html>')).toBe('an HTML page');
  });

  it('removes the secret and any bearer token', () => {
    const text = 'key sk_123456 and Authorization: Bearer eyJhbGciOi.xyz, done';
    const out = scrubSecrets(text, ['sk_123456']);
    expect(out).not.toContain('sk_123456');
    expect(out).not.toContain('eyJhbGciOi');
    expect(out).toContain('done');
  });
});
