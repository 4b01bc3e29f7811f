import { z } from 'zod';
import { workspaceKeys } from '../budget/keys.ts';
import type { Store } from '../store/types.ts';
import { isTimeZone } from './schedule.ts';

/**
 * Which channels get the weekly digest (opt-in per channel, App Home, admins only), since when,
 * and an optional time zone that overrides Slack's. Teams with a digest are listed in one set so
 * the scheduler can find them.
 */

export interface DigestChannel {
  id: string;
  /** When it was opted in: no digest for a week that ended before. */
  since: number;
}

export interface DigestSettings {
  channels: DigestChannel[];
  /** IANA zone set by an admin; else team.info's, else UTC. */
  timeZone?: string | undefined;
}

const schema = z.object({
  channels: z.array(z.object({ id: z.string().min(1), since: z.number() })).catch([]),
  timeZone: z.string().refine(isTimeZone).optional().catch(undefined),
});

const key = workspaceKeys.digestSettings;
export const DIGEST_TEAMS = 'digest:teams';

export async function readDigestSettings(store: Store, team: string): Promise<DigestSettings> {
  const parsed = schema.safeParse(await store.kv.get(key(team)));
  return parsed.success ? parsed.data : { channels: [] };
}

export async function writeDigestSettings(
  store: Store,
  team: string,
  settings: DigestSettings,
): Promise<void> {
  await store.kv.set(key(team), schema.parse(settings));
  if (settings.channels.length > 0) await store.atomic.addToSet(DIGEST_TEAMS, team);
  else await store.atomic.removeFromSet(DIGEST_TEAMS, team);
}

/** The new channel list: kept channels keep their `since`, new ones start now. */
export function withChannels(current: DigestSettings, ids: readonly string[], now: number): DigestChannel[] {
  return [...new Set(ids)].map((id) => current.channels.find((c) => c.id === id) ?? { id, since: now });
}
