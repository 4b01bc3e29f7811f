import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import { claimOnce } from '../store/claims.ts';
import type { Store } from '../store/types.ts';

/**
 * Slack redelivers an event that was not acknowledged in 3 s (up to 3 retries, the first while the
 * original may still be running), and Socket Mode can repeat an envelope. The first delivery of an
 * `event_id` claims it in the store (atomic, shared by every Scout process); later ones stop here.
 */
const CLAIM_TTL_MS = 2 * 60 * 60 * 1000;

export function dropDuplicateEvents(store: Store): Middleware<AnyMiddlewareArgs> {
  return async ({ body, next }) => {
    const eventId = (body as { event_id?: unknown }).event_id;
    if (typeof eventId === 'string' && !(await claimOnce(store, `event:${eventId}`, CLAIM_TTL_MS))) return;
    await next();
  };
}
