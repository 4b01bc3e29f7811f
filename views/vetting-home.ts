import { PLATFORM_NAMES, type Platform } from '../src/ic/platforms.ts';
import { type SlackBlock, section } from './blocks.ts';
import { brandSafetyHomeBlocks, type ListsView } from './brand-safety.ts';
import { escapeMrkdwn, formatInteger, plural, truncate } from './format.ts';

/** App Home's vetting part: shortlists, the "never contact twice" list and its sync, the brand-safety lists. Pure. */

export interface VettingHome {
  lists: ListsView;
  shortlists: { active: number; creators: number };
  /** Excluded creators per platform (the workspace's local copy). */
  excluded: Partial<Record<Platform, number>>;
  /** Handles waiting to reach Influencers Club, or null when in sync. */
  pendingSync: { handles: number; attempts: number; lastError: string | null } | null;
}

function syncLine(pending: VettingHome['pendingSync']): string {
  if (!pending) return 'in sync with your exclusion lists in Influencers Club';
  const waiting = `${plural(pending.handles, 'handle')} waiting to reach Influencers Club`;
  if (pending.attempts === 0) return `${waiting} (syncing now)`;
  const why = pending.lastError ? `: ${escapeMrkdwn(truncate(pending.lastError, 120))}` : '';
  return `${waiting}; retrying after ${plural(pending.attempts, 'failed attempt')}${why}. Searches already exclude them.`;
}

export function vettingHomeBlocks(input: VettingHome, isAdmin: boolean): SlackBlock[] {
  const excluded = Object.entries(input.excluded).filter(([, n]) => (n ?? 0) > 0) as [Platform, number][];
  const total = excluded.reduce((sum, [, n]) => sum + n, 0);
  const per = excluded.map(([p, n]) => `${PLATFORM_NAMES[p]} ${formatInteger(n)}`).join(', ');
  const text = [
    '*Shortlists and outreach*',
    `• ${plural(input.shortlists.active, 'active shortlist')} with ${plural(input.shortlists.creators, 'creator')}: \`/shortlist\` opens them.`,
    `• Never contact twice: ${plural(total, 'creator')} contacted${per ? ` (${per})` : ''}, left out of \`/discover\` and \`/similar\`; ${syncLine(input.pendingSync)}.`,
  ].join('\n');
  return [section(text), ...brandSafetyHomeBlocks(input.lists, isAdmin)];
}
