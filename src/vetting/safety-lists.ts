import { workspaceKeys } from '../budget/keys.ts';
import type { Store } from '../store/types.ts';
import { compileTerm, type Term, type TermGroup } from './matcher.ts';

/**
 * A workspace's brand-safety lists, set by its admins in App Home: blocked topics (a default set,
 * each a few keywords), competitor brand names and custom words. Kept in the store without expiry.
 */

/** Blocked topics and the words that stand for them (singular forms: plurals match anyway). */
export const TOPIC_WORDS: Readonly<Record<string, readonly string[]>> = {
  adult: ['adult', 'nsfw', 'porn', 'xxx', 'nude', 'onlyfans', 'sexy'],
  gambling: ['gambling', 'casino', 'betting', 'bet', 'poker', 'slot', 'sportsbook', 'jackpot'],
  alcohol: ['alcohol', 'beer', 'wine', 'vodka', 'whiskey', 'tequila', 'booze', 'drunk'],
  drugs: ['drug', 'cocaine', 'weed', 'cannabis', 'marijuana', 'mdma', 'stoned'],
  weapons: ['weapon', 'gun', 'firearm', 'rifle', 'pistol', 'ammo'],
  hate: ['hate', 'racist', 'racism', 'nazi', 'bigot'],
  violence: ['violence', 'violent', 'gore', 'bloodbath', 'assault'],
};
export const DEFAULT_TOPICS = Object.keys(TOPIC_WORDS);

export interface SafetyLists {
  topics: string[];
  competitors: string[];
  custom: string[];
  updatedBy?: string;
  updatedAt?: number;
}

const key = workspaceKeys.safetyLists;
export const TERMS_MAX = 100;

export async function readSafetyLists(store: Store, team: string): Promise<SafetyLists> {
  const saved = (await store.kv.get(key(team))) as SafetyLists | undefined;
  return saved ?? { topics: [...DEFAULT_TOPICS], competitors: [], custom: [] };
}

export async function writeSafetyLists(store: Store, team: string, lists: SafetyLists): Promise<void> {
  await store.kv.set(key(team), lists);
}

/** "a, b\nc" → ["a", "b", "c"]: trimmed, deduplicated, at most TERMS_MAX of 60 characters. */
export function parseTerms(text: string | null | undefined): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of (text ?? '').split(/[,\n;]+/)) {
    const term = raw.replace(/\s+/g, ' ').trim().slice(0, 60);
    if (term === '' || seen.has(term.toLowerCase())) continue;
    seen.add(term.toLowerCase());
    out.push(term);
  }
  return out.slice(0, TERMS_MAX);
}

function compiled(labels: readonly string[]): Term[] {
  return labels.map(compileTerm).filter((t): t is Term => t !== null);
}

/** The lists as matcher groups: one per enabled topic, then competitors, then custom words. */
export function termGroups(lists: SafetyLists): TermGroup[] {
  const groups: TermGroup[] = lists.topics
    .filter((t) => TOPIC_WORDS[t])
    .map((topic) => ({ name: topic, kind: 'topic', terms: compiled(TOPIC_WORDS[topic] ?? []) }));
  if (lists.competitors.length > 0) {
    groups.push({ name: 'competitor', kind: 'competitor', terms: compiled(lists.competitors) });
  }
  if (lists.custom.length > 0)
    groups.push({ name: 'custom word', kind: 'custom', terms: compiled(lists.custom) });
  return groups;
}
