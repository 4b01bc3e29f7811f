import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Web API calls made outside a request (batch reports, budget notices) have no listener client
 * bound to a workspace's token. In multi-workspace mode they go through the app's token-less
 * client, and `authorizingFetch` adds the bot token of the workspace the call is for (refreshed
 * first if it expires soon). A call that already carries a token is left alone.
 *
 * Which workspace: the channel the call names, when batch jobs of one workspace only report there
 * (`reportingAsWorkspace` records it; this holds even when a queue sends one job's edit from
 * another job's async context), else the workspace of the surrounding `runAsWorkspace(team, …)`.
 * Slack channel ids are unique across workspaces; a channel seen with two workspaces (a shared
 * channel) is decided by the surrounding scope alone.
 */

const scope = new AsyncLocalStorage<string>();
const SHARED = Symbol('shared channel');
const channelTeams = new Map<string, string | typeof SHARED>();
const CHANNELS_KEPT = 10_000;

/** Runs `work` with Web API calls of the app's client made for `team`. */
export function runAsWorkspace<T>(team: string, work: () => T): T {
  return scope.run(team, work);
}

function rememberChannel(channel: string, team: string): void {
  const known = channelTeams.get(channel);
  channelTeams.delete(channel);
  channelTeams.set(channel, known === undefined || known === team ? team : SHARED);
  if (channelTeams.size > CHANNELS_KEPT) {
    const oldest = channelTeams.keys().next().value;
    if (oldest !== undefined) channelTeams.delete(oldest);
  }
}

/** The `channel` / `channel_id` argument of a Web API call body (form or JSON). */
function channelOf(body: unknown): string | null {
  if (body instanceof FormData) {
    const channel = body.get('channel') ?? body.get('channel_id');
    return typeof channel === 'string' && channel !== '' ? channel : null;
  }
  if (typeof body !== 'string') return null;
  try {
    const fields: Record<string, unknown> = body.trimStart().startsWith('{')
      ? (JSON.parse(body) as Record<string, unknown>)
      : Object.fromEntries(new URLSearchParams(body));
    const channel = fields.channel ?? fields.channel_id;
    return typeof channel === 'string' && channel !== '' ? channel : null;
  } catch {
    return null;
  }
}

export function authorizingFetch(
  base: typeof fetch,
  tokenFor: (team: string) => Promise<string>,
): typeof fetch {
  return async (input, init) => {
    const headers = new Headers(init?.headers);
    if (headers.has('authorization')) return base(input, init);
    const channel = channelOf(init?.body);
    const byChannel = channel !== null ? channelTeams.get(channel) : undefined;
    const team = typeof byChannel === 'string' ? byChannel : scope.getStore();
    if (team === undefined) return base(input, init);
    headers.set('authorization', `Bearer ${await tokenFor(team)}`);
    return base(input, { ...init, headers });
  };
}

function teamAndChannel(arg: unknown): { team: string; channel: string | null } | null {
  if (typeof arg !== 'object' || arg === null) return null;
  const { team, channel } = arg as { team?: unknown; channel?: unknown };
  if (typeof team !== 'string' || team === '') return null;
  return { team, channel: typeof channel === 'string' && channel !== '' ? channel : null };
}

/**
 * A batch reporter whose reports go out as the job's workspace: every method whose first argument
 * is a job (it has `team`, usually `channel`) runs in that workspace, and the job's channel is
 * remembered as that workspace's. Works for any reporter shape (methods added later included).
 */
export function reportingAsWorkspace<R extends object>(reporter: R): R {
  return new Proxy(reporter, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const job = teamAndChannel(args[0]);
        if (job === null) return Reflect.apply(value, target, args);
        if (job.channel !== null) rememberChannel(job.channel, job.team);
        return runAsWorkspace(job.team, () => Reflect.apply(value, target, args));
      };
    },
  });
}
