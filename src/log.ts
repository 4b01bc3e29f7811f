import pino, { type DestinationStream, type Logger } from 'pino';
import { maskEmails } from './privacy.ts';

export type { Logger } from 'pino';

/**
 * Any Slack token by its shape (bot, user, app, refresh, rotating `xoxe.xoxb-…`): installation
 * tokens are not known at start-up, so they are scrubbed by pattern as well as by value.
 */
const SLACK_TOKEN = /\bxox[a-z](?:\.xox[a-z])?-[A-Za-z0-9-]+/g;

/**
 * Structured logs (pino). Two layers keep secrets out:
 * - `redact` blanks fields that hold credentials wherever they sit in a logged object;
 * - every serialized line is scrubbed of the literal secret values (tokens, API key) and of anything
 *   shaped like a Slack token, so a secret that leaks into an error message or URL is never written;
 * - every line has its email addresses masked (`m***@example.com`): they are personal data.
 */
export function createLogger(options: {
  level?: string;
  secrets?: readonly string[];
  destination?: DestinationStream;
}): Logger {
  const secrets = [...new Set(options.secrets ?? [])].filter((s) => s.length >= 6);
  const scrub = (line: string) =>
    maskEmails(
      secrets
        .reduce((out, secret) => out.split(secret).join('[redacted]'), line)
        .replace(SLACK_TOKEN, '[redacted]'),
    );
  return pino(
    {
      level: options.level ?? 'info',
      redact: {
        paths: [
          'token',
          '*.token',
          'apiKey',
          '*.apiKey',
          'authorization',
          '*.authorization',
          'headers.authorization',
          '*.headers.authorization',
          'headers.Authorization',
          '*.headers.Authorization',
        ],
        censor: '[redacted]',
      },
      hooks: { streamWrite: scrub },
    },
    options.destination ?? pino.destination({ sync: false }),
  );
}
