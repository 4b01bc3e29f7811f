import { escapeMrkdwn } from './format.ts';

/** A Slack user mention for an id Scout stored ("<@U123>"); anything else is shown escaped, never parsed. */
export function mention(userId: string): string {
  return /^[UW][A-Z0-9]{2,20}$/.test(userId) ? `<@${userId}>` : escapeMrkdwn(userId);
}

/** "3 Nov" (UTC), or "3 Nov 2025" when not in `now`'s year. */
export function shortDate(at: number, now: number): string {
  const d = new Date(at);
  const sameYear = d.getUTCFullYear() === new Date(now).getUTCFullYear();
  return d.toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'short',
    ...(sameYear ? {} : { year: 'numeric' }),
    timeZone: 'UTC',
  });
}
