import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import type { Metrics } from '../metrics.ts';

/**
 * Where the Slack layer feeds the metrics: a global middleware that counts every request by kind,
 * name and outcome, and a `fetch` for the Web API client that counts failed calls by method.
 */

export function requestKindAndName(body: unknown): { kind: string; name: string } {
  const b = (body ?? {}) as Record<string, unknown>;
  if (typeof b.command === 'string') return { kind: 'command', name: b.command };
  const type = typeof b.type === 'string' ? b.type : 'unknown';
  if (type === 'block_actions') {
    const first = (b.actions as { action_id?: unknown }[] | undefined)?.[0]?.action_id;
    return { kind: 'action', name: typeof first === 'string' ? first : 'unknown' };
  }
  if (type === 'view_submission' || type === 'view_closed') {
    const id = (b.view as { callback_id?: unknown } | undefined)?.callback_id;
    return { kind: 'view', name: typeof id === 'string' ? id : 'unknown' };
  }
  if (type === 'block_suggestion') {
    const id = b.action_id;
    return { kind: 'options', name: typeof id === 'string' ? id : 'unknown' };
  }
  if (type === 'event_callback') {
    const event = (b.event as { type?: unknown } | undefined)?.type;
    return { kind: 'event', name: typeof event === 'string' ? event : 'unknown' };
  }
  if (type === 'shortcut' || type === 'message_action') {
    const id = b.callback_id;
    return { kind: 'shortcut', name: typeof id === 'string' ? id : 'unknown' };
  }
  return { kind: type, name: type };
}

export function countRequests(metrics: Metrics): Middleware<AnyMiddlewareArgs> {
  return async ({ body, next }) => {
    const { kind, name } = requestKindAndName(body);
    try {
      await next();
      metrics.requests.inc({ kind, name, outcome: 'ok' });
    } catch (error) {
      metrics.requests.inc({ kind, name, outcome: 'error' });
      throw error;
    }
  };
}

/** `fetch` for the Web API client: as global fetch, counting HTTP and `ok: false` failures by method. */
export function countingFetch(metrics: Metrics, base: typeof fetch = fetch): typeof fetch {
  return async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const method = new URL(url).pathname.split('/').filter(Boolean).at(-1) ?? 'unknown';
    const response = await base(input, init);
    if (!response.ok) {
      metrics.slackApiErrors.inc({
        method,
        error: response.status === 429 ? 'ratelimited' : `http_${response.status}`,
      });
      return response;
    }
    if ((response.headers.get('content-type') ?? '').includes('application/json')) {
      const answer = (await response
        .clone()
        .json()
        .catch(() => null)) as { ok?: unknown; error?: unknown } | null;
      if (answer && answer.ok === false)
        metrics.slackApiErrors.inc({
          method,
          error: typeof answer.error === 'string' ? answer.error : 'unknown',
        });
    }
    return response;
  };
}
