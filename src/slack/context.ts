import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import { z } from 'zod';
import { MISSING_TEAM_TEXT } from '../../views/errors.ts';

/**
 * The one place that reads "who and where" from a Slack payload. Every listener gets its
 * workspace, user and channel here, so a payload without a team id is refused instead of being
 * filed under an empty workspace id (which would share one budget between all such payloads).
 */
export interface SlackContext {
  readonly teamId: string;
  readonly enterpriseId: string | null;
  readonly userId: string;
  /** Null where the payload has no channel (App Home, a modal opened outside a channel). */
  readonly channelId: string | null;
}

export class MissingTeamError extends Error {
  override readonly name = 'MissingTeamError';
  readonly code = 'slack_payload_without_team';
  constructor(kind: string) {
    super(`Slack sent a ${kind} payload without a team id; refusing it rather than guessing a workspace`);
  }
}

const id = z.string().min(1);
const idObject = z.object({ id: id.optional() }).loose().nullish();

/** Only the fields we read, all optional: Slack's payload kinds put them in different places. */
const payloadFields = z
  .object({
    type: z.string().optional(),
    // slash commands and event envelopes
    team_id: id.optional(),
    enterprise_id: id.nullish(),
    user_id: id.optional(),
    channel_id: id.optional(),
    // interactions
    team: idObject,
    enterprise: idObject,
    user: z.object({ id: id.optional(), team_id: id.optional() }).loose().nullish(),
    channel: idObject,
    container: z.object({ channel_id: id.optional() }).loose().nullish(),
    view: z.object({ team_id: id.optional() }).loose().nullish(),
    // events
    event: z
      .object({
        user: z.union([id, z.object({ id: id.optional() }).loose()]).optional(),
        channel: z.union([id, z.object({ id: id.optional() }).loose()]).optional(),
        user_id: id.optional(),
        channel_id: id.optional(),
      })
      .loose()
      .optional(),
    authorizations: z
      .array(z.object({ team_id: id.nullish(), enterprise_id: id.nullish() }).loose())
      .optional(),
  })
  .loose();

function idOf(value: string | { id?: string | undefined } | undefined): string | undefined {
  return typeof value === 'string' ? value : value?.id;
}

/**
 * `{ teamId, enterpriseId, userId, channelId }` from any Bolt body: slash command, block action,
 * view submission, block suggestion, shortcut or event envelope. Throws `MissingTeamError` when no
 * team id can be found.
 */
export function slackContext(body: unknown): SlackContext {
  // Read once per request: the global middleware and the listeners ask about the same body.
  if (typeof body === 'object' && body !== null) {
    const known = contexts.get(body);
    if (known) return known;
  }
  const context = readContext(body);
  if (typeof body === 'object' && body !== null) contexts.set(body, context);
  return context;
}

const contexts = new WeakMap<object, SlackContext>();

/** The object-valued fields `payloadFields` reads: a flat body has none of them. */
const NESTED_FIELDS = [
  'team',
  'enterprise',
  'user',
  'channel',
  'container',
  'view',
  'event',
  'authorizations',
];
const optionalId = (value: unknown) => value === undefined || (typeof value === 'string' && value !== '');

/**
 * A slash command's body is flat: only string fields. When every field `payloadFields` reads is
 * absent or valid, its parse would succeed with the same values, so they are read directly; any
 * other body goes through the schema. (The schema is most of a command's work before its ack.)
 */
function readFlatContext(body: unknown): SlackContext | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const b = body as Record<string, unknown>;
  for (const field of NESTED_FIELDS) if (b[field] !== undefined) return undefined;
  const { type, team_id, enterprise_id, user_id, channel_id } = b;
  if (type !== undefined && typeof type !== 'string') return undefined;
  if (!optionalId(team_id) || !optionalId(user_id) || !optionalId(channel_id)) return undefined;
  if (enterprise_id !== null && !optionalId(enterprise_id)) return undefined;
  if (typeof team_id !== 'string') return undefined;
  return {
    teamId: team_id,
    enterpriseId: typeof enterprise_id === 'string' ? enterprise_id : null,
    userId: typeof user_id === 'string' ? user_id : '',
    channelId: typeof channel_id === 'string' ? channel_id : null,
  };
}

function readContext(body: unknown): SlackContext {
  const flat = readFlatContext(body);
  if (flat) return flat;
  const parsed = payloadFields.safeParse(body);
  const b = parsed.success ? parsed.data : {};
  const kind = (parsed.success && b.type) || 'Slack';
  const teamId =
    b.team?.id ??
    b.team_id ??
    b.user?.team_id ??
    b.view?.team_id ??
    b.authorizations?.[0]?.team_id ??
    undefined;
  if (!teamId) throw new MissingTeamError(kind);
  const enterpriseId = b.enterprise?.id ?? b.enterprise_id ?? b.authorizations?.[0]?.enterprise_id ?? null;
  const userId = b.user?.id ?? b.user_id ?? idOf(b.event?.user) ?? b.event?.user_id ?? '';
  const channelId =
    b.channel?.id ??
    b.channel_id ??
    b.container?.channel_id ??
    idOf(b.event?.channel) ??
    b.event?.channel_id ??
    null;
  return { teamId, enterpriseId, userId, channelId };
}

/** The workspace a payload came from (see `slackContext`). */
export function teamOf(body: unknown): string {
  return slackContext(body).teamId;
}

/**
 * Global middleware: every request must name its workspace before any listener runs. A payload
 * without one is acknowledged (so Slack does not retry it), logged and dropped.
 */
export function requireWorkspace(log: {
  warn(obj: object, msg: string): void;
}): Middleware<AnyMiddlewareArgs> {
  return async (args) => {
    try {
      slackContext(args.body);
    } catch (error) {
      if (!(error instanceof MissingTeamError)) throw error;
      const body = args.body as { type?: unknown; command?: unknown };
      log.warn(
        { err: error, kind: body.type ?? body.command ?? 'unknown' },
        'refused a Slack payload without a team id',
      );
      if ('command' in args) {
        await args.ack({ response_type: 'ephemeral', text: MISSING_TEAM_TEXT });
        return;
      }
      if ('ack' in args && typeof args.ack === 'function') await (args.ack as () => Promise<void>)();
      // A button has a response_url: say why nothing happened rather than leaving the click unanswered.
      if ('respond' in args && typeof args.respond === 'function')
        await args
          .respond({ response_type: 'ephemeral', replace_original: false, text: MISSING_TEAM_TEXT })
          .catch(() => {});
      return;
    }
    await args.next();
  };
}
