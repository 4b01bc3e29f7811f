import type { ScoutDeps } from '../../src/feature.ts';
import { DISCOVERY_PLATFORMS } from '../../src/ic/platforms.ts';
import { type Pending, pendingKey, readCopy } from '../../src/shortlists/exclusions.ts';
import { Shortlists } from '../../src/shortlists/store.ts';
import { DEFAULT_TOPICS, readSafetyLists } from '../../src/vetting/safety-lists.ts';
import type { VettingHome } from '../../views/vetting-home.ts';

/** What App Home shows of vetting for a workspace (all from the store; nothing is called). */
export async function vettingHome(deps: ScoutDeps, team: string): Promise<VettingHome> {
  const [lists, shortlists, copies, pending] = await Promise.all([
    readSafetyLists(deps.store, team),
    new Shortlists(deps.store, deps.clock).all(team),
    Promise.all(
      DISCOVERY_PLATFORMS.map(
        async (p) => [p, Object.keys(await readCopy(deps.store, team, p)).length] as const,
      ),
    ),
    deps.store.kv.get(pendingKey(team)) as Promise<Pending | undefined>,
  ]);
  const handles = pending ? Object.values(pending.platforms).reduce((n, h) => n + h.length, 0) : 0;
  return {
    lists: { ...lists, allTopics: DEFAULT_TOPICS },
    shortlists: { active: shortlists.length, creators: shortlists.reduce((n, l) => n + l.entries.length, 0) },
    excluded: Object.fromEntries(copies),
    pendingSync:
      pending && handles > 0
        ? { handles, attempts: pending.attempts, lastError: pending.lastError ?? null }
        : null,
  };
}
