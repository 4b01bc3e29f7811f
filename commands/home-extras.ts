import type { ScoutDeps } from '../src/feature.ts';
import { UNFURL_DOMAINS } from '../src/unfurl/links.ts';
import { usedToday } from '../src/unfurl/lookup.ts';
import { readUnfurlSettings } from '../src/unfurl/settings.ts';
import type { SlackBlock } from '../views/blocks.ts';
import { unfurlHomeBlocks } from '../views/home-unfurl.ts';

/**
 * The App Home settings of the unfurl and digest features, shown under the budget settings. Kept
 * out of commands/home.ts so that file only asks for them.
 */
export async function homeExtraSettings(
  deps: ScoutDeps,
  team: string,
  isAdmin: boolean,
): Promise<SlackBlock[]> {
  const [unfurl, used] = await Promise.all([
    readUnfurlSettings(deps.store, team),
    usedToday(deps.store, team, deps.clock()),
  ]);
  return [
    ...unfurlHomeBlocks({
      ...unfurl,
      usedToday: used,
      rawPrice: deps.guard.prices.enrich_raw,
      domains: UNFURL_DOMAINS,
      isAdmin,
    }),
  ];
}
