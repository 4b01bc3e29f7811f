import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, secretsOf } from '../src/config.ts';

const base = {
  SLACK_BOT_TOKEN: 'xoxb-1-abc',
  SLACK_SIGNING_SECRET: 'shhh-signing-secret',
  INFLUENCERS_CLUB_API_KEY: 'ic-key-123456',
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

describe('loadConfig', () => {
  it('fills in every documented default', () => {
    const config = loadConfig(base);
    expect(config).toMatchObject({
      SLACK_API_URL: 'https://slack.com/api/',
      INFLUENCERS_CLUB_API_URL: 'https://api-dashboard.influencers.club',
      STORE_URL: 'sqlite://./data/scout.sqlite',
      PORT: 3000,
      CREDIT_BUDGET_DEFAULT: 500,
      SCOUT_ADMINS: [],
      socketMode: false,
    });
    expect(config.BATCH_POLL_INTERVAL_MS).toBeUndefined();
  });

  it('switches to Socket Mode when an app-level token is set (signing secret then optional)', () => {
    const { SLACK_SIGNING_SECRET: _, ...rest } = base;
    const config = loadConfig({ ...rest, SLACK_APP_TOKEN: 'xapp-1-abc' });
    expect(config.socketMode).toBe(true);
  });

  it.each([
    [{ SLACK_BOT_TOKEN: undefined }, /^SLACK_BOT_TOKEN is missing/],
    [{ SLACK_BOT_TOKEN: 'xoxp-user-token' }, /^SLACK_BOT_TOKEN does not look right/],
    [{ INFLUENCERS_CLUB_API_KEY: '' }, /^INFLUENCERS_CLUB_API_KEY is empty/],
    [{ SLACK_SIGNING_SECRET: undefined }, /^SLACK_SIGNING_SECRET is missing/],
    [{ SLACK_APP_TOKEN: 'xoxb-wrong' }, /^SLACK_APP_TOKEN does not look right/],
    [{ PORT: 'eighty' }, /^PORT must be a whole number/],
    [{ CREDIT_BUDGET_DEFAULT: '-5' }, /^CREDIT_BUDGET_DEFAULT must be a number >= 0/],
    [{ STORE_URL: 'mysql://db' }, /^STORE_URL must be sqlite/],
    [{ SCOUT_ADMINS: 'alice,bob' }, /^SCOUT_ADMINS must be Slack user ids/],
    [{ SLACK_API_URL: 'not a url' }, /^SLACK_API_URL must be an http\(s\) URL/],
    [{ IC_PRICES: '{"email_basic":"cheap"}' }, /^IC_PRICES must be a JSON object/],
    [{ IC_PRICES: '{"email_bsic":0.1}' }, /^IC_PRICES has unknown operation email_bsic/],
  ])('stops with one line naming the variable: %o', (patch, pattern) => {
    const message = errorFor({ ...base, ...patch });
    expect(message).toMatch(pattern);
    expect(message).not.toContain('\n');
  });

  it('never echoes a secret value in its message', () => {
    const message = errorFor({ ...base, SLACK_BOT_TOKEN: 'xoxp-very-secret-user-token' });
    expect(message).not.toContain('very-secret');
  });

  it('accepts price overrides for known operations', () => {
    expect(loadConfig({ ...base, IC_PRICES: '{"email_basic":0.1,"posts":0.15}' }).IC_PRICES).toEqual({
      email_basic: 0.1,
      posts: 0.15,
    });
  });

  it('parses admins and lists the secrets for log scrubbing', () => {
    const config = loadConfig({ ...base, SCOUT_ADMINS: 'U012ABCDEF, U034GHIJKL' });
    expect(config.SCOUT_ADMINS).toEqual(['U012ABCDEF', 'U034GHIJKL']);
    expect(secretsOf(config)).toEqual(['xoxb-1-abc', 'shhh-signing-secret', 'ic-key-123456']);
  });
});
