import { FIXTURE_CREATORS } from './fixtures.ts';

export type { LinkedAccount, MockCreator } from './creator-types.ts';

import type { LinkedAccount, MockCreator } from './creator-types.ts';
import { type Platform, profileUrl } from './platforms.ts';
import { SeededRandom } from './seeded.ts';
import {
  ADJECTIVES,
  COUNTRIES,
  COUNTRY_WEIGHTS,
  FEMALE_FIRST_NAMES,
  LAST_NAMES,
  MALE_FIRST_NAMES,
  NICHE_BY_NAME,
  NICHES,
} from './vocabulary.ts';

const HANDLE_PATTERN = /^[A-Za-z0-9._-]{1,100}$/;
const URL_PATTERN = /^(https?:\/\/)?([a-z0-9-]+\.)+[a-z]{2,}(:\d+)?\//i;
const YOUTUBE_CHANNEL_ID = /^UC[A-Za-z0-9_-]{22}$/;

/**
 * The handle a request names: a username (with or without `@`), a profile URL, or a YouTube
 * channel id (api-ref#enrich-full). Null when it cannot be a handle — the double then has no data for it.
 */
export function parseHandle(platform: Platform, raw: string): string | null {
  let handle = raw.trim();
  if (URL_PATTERN.test(handle)) {
    let url: URL;
    try {
      url = new URL(/^https?:\/\//i.test(handle) ? handle : `https://${handle}`);
    } catch {
      return null;
    }
    const segments = url.pathname.split('/').filter((segment) => segment.length > 0);
    const [first, second] = segments;
    if (first === undefined) return null;
    if ((platform === 'youtube' && ['channel', 'c', 'user'].includes(first)) || first === 'in') {
      handle = second ?? '';
    } else {
      handle = first;
    }
  }
  if (handle.startsWith('@')) handle = handle.slice(1);
  if (!HANDLE_PATTERN.test(handle)) return null;
  return YOUTUBE_CHANNEL_ID.test(handle) ? handle : handle.toLowerCase();
}

export function isWellFormedEmail(email: string): boolean {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email);
}

export function emailLocalPart(email: string): string {
  const at = email.indexOf('@');
  return at < 0 ? email : email.slice(0, at);
}

const ID_DIGITS: Partial<Record<Platform, number>> = {
  instagram: 10,
  tiktok: 19,
  twitter: 18,
  twitch: 9,
  onlyfans: 8,
};

function platformId(platform: Platform, rng: SeededRandom): string {
  return platform === 'youtube' ? rng.channelId() : rng.digits(ID_DIGITS[platform] ?? 12);
}

function weightedCountry(rng: SeededRandom) {
  const total = COUNTRY_WEIGHTS.reduce((sum, weight) => sum + weight, 0);
  let roll = rng.next() * total;
  for (let i = 0; i < COUNTRIES.length; i++) {
    roll -= COUNTRY_WEIGHTS[i] ?? 0;
    if (roll < 0) return COUNTRIES[i]!;
  }
  return COUNTRIES[0]!;
}

function nicheFromHandle(handle: string): string | undefined {
  const lower = handle.toLowerCase();
  return NICHES.find((niche) => lower.includes(niche.name))?.name;
}

const LINKABLE: readonly Platform[] = ['instagram', 'youtube', 'tiktok', 'twitter', 'twitch'];

/** What a handle says about the person behind it, the same on every platform they use. */
function person(key: string) {
  const rng = new SeededRandom(`person:${key}`);
  const niche = nicheFromHandle(key) ?? rng.pick(NICHES).name;
  const gender: 'female' | 'male' = rng.chance(0.5) ? 'female' : 'male';
  const firstName = rng.pick(gender === 'female' ? FEMALE_FIRST_NAMES : MALE_FIRST_NAMES);
  const lastName = rng.pick(LAST_NAMES);
  const country = weightedCountry(rng);
  const language = rng.chance(0.85) ? country.language : 'en';
  const hasEmail = rng.chance(0.55);
  const emailType = rng.pick(['verified', 'harvested', 'role_based_email']);
  const platforms = LINKABLE.filter(() => rng.chance(0.3));
  const bio = rng.pick((NICHE_BY_NAME.get(niche) ?? NICHES[0]!).bios);
  return {
    niche,
    gender,
    fullName: `${firstName} ${lastName}`,
    country,
    language,
    hasEmail,
    emailType,
    platforms,
    bio,
  };
}

/** What differs per platform: the account's own numbers. */
function accountNumbers(platform: Platform, key: string, handle: string) {
  const rng = new SeededRandom(`${platform}:${key}`);
  const followers = Math.round(10 ** rng.float(2.8, 6.9, 4));
  const generatedId = platformId(platform, rng);
  return {
    followers,
    engagementPercent: rng.float(0.3, followers > 1_000_000 ? 3 : 11, 2),
    // A YouTube channel id is its own id (api-ref#enrich-full: the reliable way to name a channel).
    userId: platform === 'youtube' && YOUTUBE_CHANNEL_ID.test(handle) ? handle : generatedId,
    following: rng.int(20, 2500),
    isVerified: followers > 500_000 && rng.chance(0.6),
    growthPercent: rng.float(-4, 35, 1),
    relevance: rng.next(),
  };
}

/**
 * A deterministic creator for any well-formed handle, seeded from platform + handle, so demos can
 * look anything up and benchmarks can use thousands of handles. The person (name, niche, location,
 * linked platforms) is seeded from the handle alone, so the same handle on a linked platform is the
 * same person with that platform's numbers. Cheap: discovery builds its pools from it.
 */
export function syntheticCreator(platform: Platform, handle: string): MockCreator {
  const key = handle.toLowerCase();
  const who = person(key);
  const own = accountNumbers(platform, key, handle);
  const linked: LinkedAccount[] = [];
  for (const other of who.platforms) {
    if (other === platform) continue;
    const numbers = accountNumbers(other, key, handle);
    linked.push({ platform: other, username: key, userId: numbers.userId, followers: numbers.followers });
  }
  const creator: MockCreator = {
    platform,
    username: key,
    userId: own.userId,
    fullName: who.fullName,
    biography: `${who.bio} · ${who.country.name}`,
    followers: own.followers,
    following: own.following,
    engagementPercent: own.engagementPercent,
    location: who.country.name,
    language: who.language,
    gender: who.gender,
    niche: who.niche,
    isVerified: own.isVerified,
    growthPercent: own.growthPercent,
    relevance: own.relevance,
    linked,
    otherLinks: linked.map((account) => profileUrl(account.platform, account.username)),
  };
  if (who.hasEmail) {
    creator.email = `${key.replace(/[^a-z0-9._-]/g, '')}@mail.example.test`;
    creator.emailType = who.emailType;
  }
  return creator;
}

/** Pool usernames: `<adjective>_<niche>_<n>`, so the niche (and ai_search) follows from the name. */
export function poolUsername(index: number): string {
  const adjective = ADJECTIVES[index % ADJECTIVES.length]!;
  const niche = NICHES[Math.floor(index / ADJECTIVES.length) % NICHES.length]!.name;
  return `${adjective}_${niche}_${index}`;
}

interface FixtureIndex {
  byHandle: Map<string, MockCreator>;
  byId: Map<string, MockCreator>;
  byEmail: Map<string, MockCreator>;
}

let fixtureIndex: FixtureIndex | undefined;

function indexKey(platform: Platform, handle: string): string {
  return `${platform}:${handle.toLowerCase()}`;
}

/** A fixture seen from one of its linked accounts: same person, that platform's numbers. */
export function linkedView(owner: MockCreator, account: LinkedAccount): MockCreator {
  const others: LinkedAccount[] = [
    { platform: owner.platform, username: owner.username, userId: owner.userId, followers: owner.followers },
    ...owner.linked.filter((other) => other !== account),
  ];
  const { blockOverrides: _ownOverrides, ...shared } = owner;
  return {
    ...shared,
    platform: account.platform,
    username: account.username,
    userId: account.userId,
    followers: account.followers,
    linked: others,
  };
}

function fixtures(): FixtureIndex {
  if (fixtureIndex !== undefined) return fixtureIndex;
  const index: FixtureIndex = { byHandle: new Map(), byId: new Map(), byEmail: new Map() };
  for (const creator of Object.values(FIXTURE_CREATORS)) {
    index.byHandle.set(indexKey(creator.platform, creator.username), creator);
    index.byId.set(indexKey(creator.platform, creator.userId), creator);
    if (creator.email !== undefined) index.byEmail.set(creator.email.toLowerCase(), creator);
    for (const account of creator.linked) {
      const view = linkedView(creator, account);
      index.byHandle.set(indexKey(account.platform, account.username), view);
      index.byId.set(indexKey(account.platform, account.userId), view);
    }
  }
  fixtureIndex = index;
  return index;
}

export function fixtureCreators(): MockCreator[] {
  return Object.values(FIXTURE_CREATORS);
}

/** The creator behind a handle (already parsed by `parseHandle`): a fixture or a synthetic one. */
export function findCreator(platform: Platform, handle: string): MockCreator {
  const index = fixtures();
  return (
    index.byHandle.get(indexKey(platform, handle)) ??
    index.byId.get(indexKey(platform, handle)) ??
    syntheticCreator(platform, handle)
  );
}

/** Look up by platform user id (similar creators' `filter_key: "id"`). */
export function findCreatorById(platform: Platform, userId: string): MockCreator {
  return fixtures().byId.get(indexKey(platform, userId)) ?? syntheticCreator(platform, userId);
}

const EMAIL_PLATFORMS: readonly Platform[] = ['instagram', 'tiktok', 'youtube'];

/** The creator who owns an email: a fixture's address, else a synthetic creator carrying it. */
export function findCreatorByEmail(email: string): MockCreator {
  const address = email.trim().toLowerCase();
  const fixture = fixtures().byEmail.get(address);
  if (fixture !== undefined) return fixture;
  const rng = new SeededRandom(`email:${address}`);
  const handle =
    emailLocalPart(address)
      .replace(/[^a-z0-9._-]/g, '_')
      .slice(0, 60) || 'creator';
  const creator = syntheticCreator(rng.pick(EMAIL_PLATFORMS), handle);
  return { ...creator, email: address, emailType: 'verified' };
}
