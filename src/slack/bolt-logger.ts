import { LogLevel, type Logger as SlackLogger } from '@slack/bolt';
import type { Logger } from '../log.ts';

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
