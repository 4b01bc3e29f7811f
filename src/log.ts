import { LogLevel, type Logger as SlackLogger } from '@slack/bolt';
import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger } from 'pino';

/**
 * Structured logs (pino). Two layers keep secrets out:
 * - `redact` blanks fields that hold credentials wherever they sit in a logged object;
 * - every serialized line is scrubbed of the literal secret values (tokens, API key), so a secret
 *   that leaks into an error message or URL is still never written.
 */
export function createLogger(options: {
  level?: string;
  secrets?: readonly string[];
  destination?: DestinationStream;
}): Logger {
  const secrets = [...new Set(options.secrets ?? [])].filter((s) => s.length >= 6);
  const scrub = (line: string) => secrets.reduce((out, secret) => out.split(secret).join('[redacted]'), line);
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

const boltLevels: Record<LogLevel, string> = {
  [LogLevel.DEBUG]: 'debug',
  [LogLevel.INFO]: 'info',
  [LogLevel.WARN]: 'warn',
  [LogLevel.ERROR]: 'error',
};

/** Bolt wants its own Logger interface; route it into the same pino logger. */
export function boltLogger(log: Logger): SlackLogger {
  const child = log.child({ component: 'bolt' });
  const write =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (...msg: unknown[]) => {
      // Bolt logs at debug several times per request: build nothing unless the level is on.
      if (!child.isLevelEnabled(level)) return;
      child[level](msg.map((m) => (m instanceof Error ? (m.stack ?? m.message) : String(m))).join(' '));
    };
  return {
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    setLevel: (level: LogLevel) => {
      child.level = boltLevels[level] ?? 'info';
    },
    getLevel: () =>
      (Object.entries(boltLevels).find(([, v]) => v === child.level)?.[0] as LogLevel | undefined) ??
      LogLevel.INFO,
    setName: () => {},
  };
}
