import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, secretsOf } from '../../src/config.ts';

/** The mode rules: SLACK_BOT_TOKEN (one workspace) or the OAuth variables (many), never both. */

const KEY = randomBytes(32).toString('base64');
const common = { SLACK_SIGNING_SECRET: 'shhh-signing-secret', INFLUENCERS_CLUB_API_KEY: 'ic-key-123456' };
const multi = {
  ...common,
  SLACK_CLIENT_ID: '111.222',
  SLACK_CLIENT_SECRET: 'client-secret-value',
  SLACK_STATE_SECRET: 'state-secret-value',
  SCOUT_ENCRYPTION_KEY: KEY,
};

function errorFor(env: Record<string, string | undefined>): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected loadConfig to throw');
}

describe('workspace mode', () => {
  it('is single-workspace with SLACK_BOT_TOKEN, exactly as before', () => {
    const config = loadConfig({ ...common, SLACK_BOT_TOKEN: 'xoxb-1-abc' });
    expect(config.multiWorkspace).toBe(false);
    expect(config.SCOUT_RETENTION_DAYS).toBe(30);
  });

  it('is multi-workspace with the three OAuth variables and an encryption key (SLACK_BOT_TOKEN unset or empty)', () => {
    expect(loadConfig(multi).multiWorkspace).toBe(true);
    expect(loadConfig({ ...multi, SLACK_BOT_TOKEN: '' }).multiWorkspace).toBe(true);
    expect(loadConfig({ ...multi, SCOUT_RETENTION_DAYS: '7' }).SCOUT_RETENTION_DAYS).toBe(7);
  });

  it.each([
    [
      { SLACK_BOT_TOKEN: 'xoxb-1-abc' },
      /^SLACK_BOT_TOKEN and SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, SLACK_STATE_SECRET are both set/,
    ],
    [{ SLACK_CLIENT_SECRET: '' }, /^SLACK_CLIENT_SECRET is missing: multi-workspace mode needs/],
    [{ SLACK_STATE_SECRET: undefined }, /^SLACK_STATE_SECRET is missing/],
    [{ SCOUT_ENCRYPTION_KEY: undefined }, /^SCOUT_ENCRYPTION_KEY is missing/],
    [{ SCOUT_ENCRYPTION_KEY: 'c2hvcnQ=' }, /^SCOUT_ENCRYPTION_KEY must be 32 bytes in base64/],
    [{ SCOUT_ENCRYPTION_KEY: 'not base64 at all!' }, /^SCOUT_ENCRYPTION_KEY must be 32 bytes in base64/],
    [{ SCOUT_RETENTION_DAYS: 'forever' }, /^SCOUT_RETENTION_DAYS must be a number >= 0/],
  ])('stops with one line naming the variable: %o', (patch, pattern) => {
    const message = errorFor({ ...multi, ...patch });
    expect(message).toMatch(pattern);
    expect(message).not.toContain('\n');
    expect(message).not.toContain(KEY);
    expect(message).not.toContain('client-secret-value');
  });

  it('makes INFLUENCERS_CLUB_API_KEY optional in multi-workspace mode only', () => {
    const { INFLUENCERS_CLUB_API_KEY: _, ...noKey } = multi;
    expect(loadConfig(noKey).INFLUENCERS_CLUB_API_KEY).toBeUndefined();
    expect(loadConfig({ ...noKey, INFLUENCERS_CLUB_API_KEY: '' }).INFLUENCERS_CLUB_API_KEY).toBeUndefined();
    const { INFLUENCERS_CLUB_API_KEY: __, ...singleNoKey } = { ...common, SLACK_BOT_TOKEN: 'xoxb-1-abc' };
    expect(errorFor(singleNoKey)).toMatch(/^INFLUENCERS_CLUB_API_KEY is missing/);
  });

  it('asks for a bot token or the OAuth variables when neither is set', () => {
    expect(errorFor(common)).toMatch(
      /^SLACK_BOT_TOKEN is missing: .*SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and/,
    );
  });

  it('scrubs the OAuth secrets and the encryption key from logs', () => {
    const secrets = secretsOf(loadConfig(multi));
    expect(secrets).toEqual(expect.arrayContaining(['client-secret-value', 'state-secret-value', KEY]));
  });
});
