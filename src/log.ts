import pino, { type DestinationStream, type Logger } from 'pino';
import { maskEmails } from './privacy.ts';

export type { Logger } from 'pino';

/**
 * Structured logs (pino). Two layers keep secrets out:
 * - `redact` blanks fields that hold credentials wherever they sit in a logged object;
 * - every serialized line is scrubbed of the literal secret values (tokens, API key), so a secret
 *   that leaks into an error message or URL is still never written;
 * - every line has its email addresses masked (`m***@example.com`): they are personal data.
 */
export function createLogger(options: {
  level?: string;
  secrets?: readonly string[];
  destination?: DestinationStream;
}): Logger {
  const secrets = [...new Set(options.secrets ?? [])].filter((s) => s.length >= 6);
  const scrub = (line: string) =>
    maskEmails(secrets.reduce((out, secret) => out.split(secret).join('[redacted]'), line));
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
