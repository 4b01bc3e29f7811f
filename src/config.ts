import { z } from 'zod';
import { DEFAULT_PRICES, type PriceTable } from './ic/prices.ts';

/**
 * Scout's configuration, read once from the environment at start-up.
 * Every variable is documented in README.md ("Configuration"); keep the two in step.
 */

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const number = (name: string, { min, int }: { min: number; int: boolean }) =>
  z
    .string()
    .trim()
    .transform((v, ctx) => {
      const n = Number(v);
      if (v === '' || !Number.isFinite(n) || n < min || (int && !Number.isInteger(n))) {
        ctx.addIssue({
          code: 'custom',
          message: `${name} must be ${int ? 'a whole number' : 'a number'} >= ${min} (got "${v}")`,
        });
        return z.NEVER;
      }
      return n;
    });

const url = (name: string) =>
  z
    .string()
    .trim()
    .refine((v) => URL.canParse(v) && /^https?:$/.test(new URL(v).protocol), {
      message: `${name} must be an http(s) URL`,
    });

const priceOverrides = z
  .string()
  .trim()
  .transform((v, ctx) => {
    const known = Object.keys(DEFAULT_PRICES);
    try {
      const parsed = z.record(z.string(), z.number().nonnegative()).parse(JSON.parse(v));
      const unknown = Object.keys(parsed).filter((k) => !known.includes(k));
      if (unknown.length === 0) return parsed as Partial<PriceTable>;
      ctx.addIssue({
        code: 'custom',
        message: `IC_PRICES has unknown operation ${unknown.join(', ')}: use ${known.join(', ')}`,
      });
    } catch {
      ctx.addIssue({
        code: 'custom',
        message: 'IC_PRICES must be a JSON object of prices, e.g. {"email_basic":0.1,"posts":0.15}',
      });
    }
    return z.NEVER;
  });

/** 32 random bytes in base64 (`openssl rand -base64 32`): the key that encrypts tokens at rest. */
const encryptionKey = optionalString.refine(
  (v) => v === undefined || (/^[A-Za-z0-9+/]+={0,2}$/.test(v) && Buffer.from(v, 'base64').length === 32),
  {
    message:
      'SCOUT_ENCRYPTION_KEY must be 32 bytes in base64 (44 characters): generate one with `openssl rand -base64 32`',
  },
);

const BOT_TOKEN_HINT = "the bot token from your Slack app's OAuth page";
const OAUTH_VARIABLES = ['SLACK_CLIENT_ID', 'SLACK_CLIENT_SECRET', 'SLACK_STATE_SECRET'] as const;

const envSchema = z.object({
  // Required in single-workspace mode only; the mode rules are in loadConfig.
  SLACK_BOT_TOKEN: optionalString.refine((v) => v === undefined || v.startsWith('xoxb-'), {
    message: `SLACK_BOT_TOKEN does not look right: it should start with "xoxb-" (${BOT_TOKEN_HINT})`,
  }),
  SLACK_CLIENT_ID: optionalString,
  SLACK_CLIENT_SECRET: optionalString,
  SLACK_STATE_SECRET: optionalString,
  SCOUT_ENCRYPTION_KEY: encryptionKey,
  SCOUT_RETENTION_DAYS: number('SCOUT_RETENTION_DAYS', { min: 0, int: false }).default(30),
  SLACK_SIGNING_SECRET: optionalString,
  SLACK_APP_TOKEN: optionalString.refine((v) => v === undefined || v.startsWith('xapp-'), {
    message: 'SLACK_APP_TOKEN does not look right: it should start with "xapp-" (an app-level token)',
  }),
  SLACK_API_URL: url('SLACK_API_URL').default('https://slack.com/api/'),
  // Required in single-workspace mode; in multi-workspace mode workspaces may bring their own (loadConfig).
  INFLUENCERS_CLUB_API_KEY: optionalString,
  INFLUENCERS_CLUB_API_URL: url('INFLUENCERS_CLUB_API_URL').default('https://api-dashboard.influencers.club'),
  STORE_URL: z
    .string()
    .trim()
    .default('sqlite://./data/scout.sqlite')
    .refine((v) => /^(sqlite|redis|rediss):\/\/.+/.test(v), {
      message: 'STORE_URL must be sqlite://<path> or redis://host:port',
    }),
  PORT: number('PORT', { min: 0, int: true }).default(3000),
  BATCH_POLL_INTERVAL_MS: number('BATCH_POLL_INTERVAL_MS', { min: 10, int: true }).optional(),
  CREDIT_BUDGET_DEFAULT: number('CREDIT_BUDGET_DEFAULT', { min: 0, int: false }).default(500),
  SCOUT_ADMINS: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(/[\s,]+/)
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .refine((ids) => ids.every((id) => /^[UW][A-Z0-9]{2,}$/.test(id)), {
      message: 'SCOUT_ADMINS must be Slack user ids separated by commas, e.g. U012ABCDEF,U034GHIJKL',
    }),
  CACHE_TTL_ENRICHMENT_HOURS: number('CACHE_TTL_ENRICHMENT_HOURS', { min: 0, int: false }).default(24 * 7),
  CACHE_TTL_LIST_HOURS: number('CACHE_TTL_LIST_HOURS', { min: 0, int: false }).default(24),
  IC_PRICES: priceOverrides.optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

const REQUIRED = ['SLACK_BOT_TOKEN', 'INFLUENCERS_CLUB_API_KEY'];

export type Config = z.infer<typeof envSchema> & {
  /** Socket Mode when an app-level token is given, else Bolt's HTTP receiver on PORT. */
  readonly socketMode: boolean;
  /**
   * Multi-workspace mode (SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, SLACK_STATE_SECRET set, no
   * SLACK_BOT_TOKEN): workspaces install Scout through /slack/install and every request uses the
   * token of the workspace it came from. Single-workspace mode: SLACK_BOT_TOKEN for everything.
   */
  readonly multiWorkspace: boolean;
};

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Parse the environment; throws ConfigError whose message is one line naming the variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // An empty variable counts as unset (a copied .env.example has many `NAME=` lines); the required
  // secrets keep their own "is empty" message.
  const given = Object.fromEntries(
    Object.entries(env).filter(
      ([name, value]) => value === undefined || value.trim() !== '' || REQUIRED.includes(name),
    ),
  );
  const result = envSchema.safeParse(given);
  if (!result.success) {
    const issue = result.error.issues[0];
    const variable = String(issue?.path[0] ?? 'configuration');
    const message = issue?.message ?? 'is invalid';
    throw new ConfigError(message.startsWith(variable) ? message : `${variable}: ${message}`);
  }
  const data = result.data;
  const oauthSet = OAUTH_VARIABLES.filter((name) => data[name] !== undefined);
  if (data.SLACK_BOT_TOKEN !== undefined && oauthSet.length > 0) {
    throw new ConfigError(
      `SLACK_BOT_TOKEN and ${oauthSet.join(', ')} are both set: set SLACK_BOT_TOKEN alone for one workspace, or ${OAUTH_VARIABLES.join(', ')} without SLACK_BOT_TOKEN to let many workspaces install Scout`,
    );
  }
  if (data.SLACK_BOT_TOKEN === undefined && oauthSet.length === 0) {
    throw new ConfigError(
      `SLACK_BOT_TOKEN is missing: set it to ${BOT_TOKEN_HINT} (or set SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET to let many workspaces install Scout)`,
    );
  }
  const multiWorkspace = data.SLACK_BOT_TOKEN === undefined;
  if (multiWorkspace) {
    const missing = OAUTH_VARIABLES.find((name) => data[name] === undefined);
    if (missing !== undefined) {
      throw new ConfigError(
        `${missing} is missing: multi-workspace mode needs ${OAUTH_VARIABLES.join(', ')} (Basic Information → App Credentials)`,
      );
    }
    if (data.SCOUT_ENCRYPTION_KEY === undefined) {
      throw new ConfigError(
        'SCOUT_ENCRYPTION_KEY is missing: multi-workspace mode encrypts every token at rest; set it to 32 random bytes in base64 (`openssl rand -base64 32`)',
      );
    }
  }
  if (!multiWorkspace && data.INFLUENCERS_CLUB_API_KEY === undefined) {
    const empty = env.INFLUENCERS_CLUB_API_KEY !== undefined;
    throw new ConfigError(
      `INFLUENCERS_CLUB_API_KEY is ${empty ? 'empty' : 'missing'}: set it to your Influencers Club API key`,
    );
  }
  const config = { ...data, socketMode: data.SLACK_APP_TOKEN !== undefined, multiWorkspace };
  if (!config.socketMode && config.SLACK_SIGNING_SECRET === undefined) {
    throw new ConfigError(
      "SLACK_SIGNING_SECRET is missing: set it to the signing secret from your Slack app's Basic Information page (or set SLACK_APP_TOKEN to use Socket Mode)",
    );
  }
  return config;
}

/** Every secret value in the configuration, so logs can scrub them wherever they appear. */
export function secretsOf(config: Config): string[] {
  return [
    config.SLACK_BOT_TOKEN,
    config.SLACK_SIGNING_SECRET,
    config.SLACK_APP_TOKEN,
    config.INFLUENCERS_CLUB_API_KEY,
    config.SLACK_CLIENT_SECRET,
    config.SLACK_STATE_SECRET,
    config.SCOUT_ENCRYPTION_KEY,
  ].filter((s): s is string => typeof s === 'string' && s.length >= 6);
}
