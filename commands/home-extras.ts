import type { WebClient } from '@slack/web-api';
import { readDigestSettings } from '../src/digest/settings.ts';
import type { ScoutDeps } from '../src/feature.ts';
import { UNFURL_DOMAINS } from '../src/unfurl/links.ts';
import { usedToday } from '../src/unfurl/lookup.ts';
import { readUnfurlSettings } from '../src/unfurl/settings.ts';
import type { SlackBlock } from '../views/blocks.ts';
import { digestHomeBlocks } from '../views/home-digest.ts';
import { unfurlHomeBlocks } from '../views/home-unfurl.ts';
import { digestZone } from './digest-zone.ts';

/**
 * The App Home settings of the unfurl and digest features, shown under the budget settings. Kept
 * out of commands/home.ts so that file only asks for them.
 */
export async function homeExtraSettings(
  deps: ScoutDeps,
  client: WebClient,
  team: string,
  isAdmin: boolean,
): Promise<SlackBlock[]> {
  const [unfurl, used, digest] = await Promise.all([
    readUnfurlSettings(deps.store, team),
    usedToday(deps.store, team, deps.clock()),
    readDigestSettings(deps.store, team),
  ]);
  const zone = await digestZone(deps, client, team, digest);
  return [
    ...unfurlHomeBlocks({
      ...unfurl,
      usedToday: used,
      rawPrice: deps.guard.prices.enrich_raw,
      domains: UNFURL_DOMAINS,
      isAdmin,
    }),
    ...digestHomeBlocks({ channels: digest.channels.map((c) => c.id), ...zone, isAdmin }),
  ];
}
