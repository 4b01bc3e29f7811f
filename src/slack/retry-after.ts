import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Slack's 429 for Scout's own Web API calls. @slack/web-api waits `Retry-After` only as one of its
 * generic retries (`retryConfig`): with retries used up (or `retries: 0`) a rate-limited call fails
 * after the wait, and `rejectRateLimitedCalls` would fail it at once. Scout keeps
 * `rejectRateLimitedCalls` off and honours `Retry-After` here, in the client's fetch, independently
 * of the retry policy: the call is sent again after the wait Slack asked for, a few times at most,
 * and only while the wait fits the request's time (the SDK's timeout signal still bounds it).
 * A longer wait, or a body that cannot be sent twice, hands the 429 back to the SDK unchanged.
 */

export interface RetryAfterOptions {
  /** The longest single wait honoured here; longer ones go back to the SDK. Default 10 000. */
  maxWaitMs?: number;
  /** Sends in all, the first included. Default 3. */
  maxSends?: number;
}

function replayable(body: unknown): boolean {
  return (
    body === undefined ||
    body === null ||
    typeof body === 'string' ||
    body instanceof URLSearchParams ||
    body instanceof FormData ||
    body instanceof ArrayBuffer ||
    ArrayBuffer.isView(body)
  );
}

/** Seconds in Slack's Retry-After (it sends whole seconds), as ms; undefined when unusable. */
function retryAfterMs(response: Response): number | undefined {
  const raw = response.headers.get('retry-after');
  if (raw === null || !/^\d+(\.\d+)?$/.test(raw.trim())) return undefined;
  return Math.ceil(Number(raw) * 1000);
}

export function honourRetryAfter(base: typeof fetch, options: RetryAfterOptions = {}): typeof fetch {
  const maxWaitMs = options.maxWaitMs ?? 10_000;
  const maxSends = options.maxSends ?? 3;
  return async (input, init) => {
    for (let sent = 1; ; sent++) {
      const response = await base(input, init);
      if (response.status !== 429 || sent >= maxSends || !replayable(init?.body)) return response;
      const waitMs = retryAfterMs(response);
      if (waitMs === undefined || waitMs > maxWaitMs) return response;
      await response.body?.cancel();
      // The SDK's timeout signal bounds the wait: an abort rejects here like a failed fetch would.
      await sleep(waitMs, undefined, init?.signal ? { signal: init.signal } : {});
    }
  };
}
