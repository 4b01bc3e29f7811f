import type { Button } from '@slack/types';
import {
  isPlatform,
  PLATFORM_NAMES,
  type Platform,
  POSTS_PLATFORMS,
  SIMILAR_PLATFORMS,
} from '../src/ic/platforms.ts';
import type { CreatorProfile, CreatorSummary } from '../src/ic/profile.ts';
import type { CreatorSnapshot } from '../src/shortlists/types.ts';
import type { Verdict } from '../src/vetting/verdict.ts';
import {
  actions,
  button,
  context,
  fields,
  header,
  imageAccessory,
  type SlackBlock,
  type SlackMessage,
  section,
} from './blocks.ts';
import {
  ago,
  creditsPhrase,
  escapeMrkdwn,
  formatCount,
  formatPercent,
  isHttpUrl,
  LIMITS,
  MISSING,
  mrkdwnLink,
  mrkdwnSnippet,
  truncate,
} from './format.ts';
import { mention } from './people.ts';
import { addToShortlistButton } from './shortlist-button.ts';
import { verdictText } from './verdict.ts';

/**
 * The creator card (/creator, "Open card" buttons), the email lookup cards, /creator help, and the
 * pieces every lookup answer ends with: what the answer cost (or that it came from the cache) and a
 * Refresh button that names its price before spending. Pure: no I/O, no clock (`now` is passed).
 */

/** Buttons this card puts on messages; other features handle `similar_open`. */
export const CREATOR_ACTION = {
  open: 'creator_open',
  posts: 'creator_posts',
  postsMore: 'creator_posts_more',
  refresh: 'creator_refresh',
} as const;
export const SOCIALS_OPEN_ACTION = 'socials_open';
export const SIMILAR_OPEN_ACTION = 'similar_open';

/** What one answer cost, for the context line every answer ends with. */
export interface Provenance {
  /** Credits this answer spent (0 from the cache or when it joined an identical call in flight). */
  credits: number;
  /** What was bought, in the user's words: "full enrichment". */
  what: string;
  /** Set when the answer came from the cache: when it was fetched. */
  fromCache: { at: number } | null;
  /** The answer came from an identical lookup already running (nothing spent by this one). */
  shared: boolean;
  now: number;
  /** Who in this workspace paid for the cached answer, and when (cached answers only). */
  lookedUpBy?: { user: string; at: number } | null;
}

/** Offered on cached answers: spend again for a fresh copy, after a confirm dialog naming the cost. */
export interface RefreshOffer {
  actionId: string;
  value: string;
  cost: number;
  /** "@example_creator on Instagram" (plain words; escaped here). */
  subject: string;
}

/** A creator's audience at a glance, from full enrichment (IG/TT/YT). Shares are 0–1. */
export interface AudienceSummary {
  topCountry: { name: string; share: number } | null;
  female: number | null;
  male: number | null;
  age: { band: string; share: number } | null;
}

/** Prices the card quotes on its buttons (credits). */
export interface ButtonPrices {
  enrichFull: number;
  socials: number;
  posts: number;
}

/** The `{"platform","handle"}` value every creator button carries (cross-feature contract). */
export function creatorButtonValue(platform: Platform, handle: string): string {
  return JSON.stringify({ platform, handle });
}

export function platformLabel(platform: string | null | undefined): string {
  if (platform === null || platform === undefined) return MISSING;
  return isPlatform(platform) ? PLATFORM_NAMES[platform] : platform;
}

/** "1 credit · full enrichment", "From cache, 2 h ago — nothing charged". */
export function costLine(p: Provenance): string {
  if (p.fromCache) {
    const by = p.lookedUpBy
      ? ` · looked up by ${mention(p.lookedUpBy.user)} ${ago(p.lookedUpBy.at, p.now)}`
      : '';
    return `:recycle: From cache, ${ago(p.fromCache.at, p.now)} — nothing charged${by}`;
  }
  if (p.shared) return ':link: Joined an identical lookup already running — nothing charged';
  if (p.credits === 0) return `:coin: Nothing charged · ${escapeMrkdwn(p.what)}`;
  return `:coin: ${creditsPhrase(p.credits)} · ${escapeMrkdwn(p.what)}`;
}

export function refreshButton(offer: RefreshOffer): Button {
  const cost = creditsPhrase(offer.cost);
  return button({
    text: `Refresh · ${cost}`,
    actionId: offer.actionId,
    value: offer.value,
    confirm: {
      title: 'Spend credits again?',
      text: `Refresh asks Influencers Club again for ${escapeMrkdwn(offer.subject)} and costs ${cost}. The cached answer is free.`,
      confirm: `Spend ${cost}`,
      deny: 'Keep cached',
    },
  });
}

/** The answer's footer: the cost context line, then the buttons row (when there are buttons). */
export function answerFooter(p: Provenance, buttons: Button[], refresh: RefreshOffer | null): SlackBlock[] {
  const all = refresh && p.fromCache ? [...buttons, refreshButton(refresh)] : buttons;
  const blocks: SlackBlock[] = [context([costLine(p)])];
  if (all.length > 0) blocks.push(actions(all));
  return blocks;
}

/** "@handle" for display, never empty. */
export function atHandle(handle: string | null | undefined): string {
  return handle ? `@${handle}` : MISSING;
}

// ---------------------------------------------------------------------------------------------
// The creator card

export interface CreatorCardInput {
  profile: CreatorProfile;
  audience: AudienceSummary | null;
  /** The creator that was asked for: names the card when the answer has no handle. */
  asked: { platform: Platform; handle: string };
  provenance: Provenance;
  prices: ButtonPrices;
  refresh: RefreshOffer | null;
  /** Set for email lookups: the card says which address found this creator. */
  email?: string;
  /** The verdict line (free, from the data above). */
  verdict?: Verdict | null;
  /** The workspace's shortlists this creator is on, with its status there. */
  shortlisted?: readonly { list: string; status: string }[];
  /** The "Add to shortlist" snapshot; none: no button. */
  snapshot?: CreatorSnapshot | null;
  /** Extra buttons other features put on the card (e.g. the brand-safety check). */
  extraButtons?: readonly Button[];
}

const BIO_MAX = 700;
/** Two link lines share one section (3,000 characters) and must never be cut mid-link. */
const LIST_MAX = 1400;

export function creatorCard(input: CreatorCardInput): SlackMessage {
  const { profile, asked } = input;
  const handle = profile.handle ?? asked.handle;
  const platform = profile.platform;
  const name = profile.name ?? `@${handle}`;

  const identity = [
    `*${mrkdwnLink(profile.profileUrl, `@${handle}`)}*`,
    escapeMrkdwn(PLATFORM_NAMES[platform]),
    ...(profile.verified === true ? [':white_check_mark: Verified'] : []),
  ].join(' · ');
  const lines = [identity];
  if (input.email) lines.push(`Found by email ${escapeMrkdwn(input.email)}`);
  lines.push(profile.bio ? mrkdwnSnippet(profile.bio, BIO_MAX) : `_No bio_`);

  const blocks: SlackBlock[] = [
    header(name),
    section(lines.join('\n'), { accessory: imageAccessory(profile.avatarUrl, `${name} avatar`) }),
    fields([
      `*Followers*\n${formatCount(profile.followers)}`,
      `*Engagement*\n${formatPercent(profile.engagementPercent)}`,
      `*Avg likes*\n${formatCount(profile.avgLikes)}`,
      `*Avg comments*\n${formatCount(profile.avgComments)}`,
      ...(profile.avgViews !== null ? [`*Avg views*\n${formatCount(profile.avgViews)}`] : []),
    ]),
    fields([
      `*Niche*\n${nicheText(profile)}`,
      `*Location*\n${profile.location ? escapeMrkdwn(truncate(profile.location, 200)) : MISSING}`,
      `*Language*\n${languageName(profile.language)}`,
      `*Email*\n${profile.email ? escapeMrkdwn(truncate(profile.email, 320)) : MISSING}`,
      `*Growth*\n${growthText(profile.growth)}`,
    ]),
  ];
  const audience = audienceLine(input.audience);
  if (audience) blocks.push(context([audience]));
  if (input.verdict) blocks.push(context([verdictText(input.verdict)]));
  const onLists = shortlistedText(input.shortlisted ?? []);
  if (onLists) blocks.push(context([onLists]));
  const links = linksText(profile);
  if (links) blocks.push(section(links));

  const buttons: Button[] = [];
  const value = creatorButtonValue(platform, handle);
  if ((SIMILAR_PLATFORMS as readonly string[]).includes(platform)) {
    buttons.push(button({ text: 'Similar', actionId: SIMILAR_OPEN_ACTION, value }));
  }
  buttons.push(
    button({
      text: `Socials · ${creditsPhrase(input.prices.socials)}`,
      actionId: SOCIALS_OPEN_ACTION,
      value,
    }),
  );
  if ((POSTS_PLATFORMS as readonly string[]).includes(platform)) {
    buttons.push(
      button({
        text: `Recent posts · ${creditsPhrase(input.prices.posts)}`,
        actionId: CREATOR_ACTION.posts,
        value,
      }),
    );
  }
  const add = addToShortlistButton(input.snapshot ?? null);
  if (add) buttons.push(add);
  buttons.push(...(input.extraButtons ?? []));
  blocks.push(...answerFooter(input.provenance, buttons, input.refresh));

  const fallback = `${escapeMrkdwn(name)} (@${escapeMrkdwn(handle)}) on ${PLATFORM_NAMES[platform]}: ${formatCount(profile.followers)} followers, ${formatPercent(profile.engagementPercent)} engagement`;
  return { text: truncate(fallback, 500), blocks };
}

/** ":clipboard: On shortlist Spring launch (contacted)". */
function shortlistedText(lists: readonly { list: string; status: string }[]): string | null {
  if (lists.length === 0) return null;
  const items = lists.map((l) => `*${escapeMrkdwn(truncate(l.list, 80))}* (${escapeMrkdwn(l.status)})`);
  return `:clipboard: On ${lists.length === 1 ? 'shortlist' : 'shortlists'} ${joinWithin(items, 1500, ', ')}`;
}

function nicheText(profile: CreatorProfile): string {
  const niches = profile.niches.length > 0 ? profile.niches : profile.category ? [profile.category] : [];
  if (niches.length === 0) return MISSING;
  const shown = niches.slice(0, 4).map((n) => escapeMrkdwn(truncate(n, 60)));
  const rest = niches.length - shown.length;
  return `${shown.join(', ')}${rest > 0 ? ` and ${rest} more` : ''}`;
}

const languageNames = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' });

/** "en" → "English"; unknown codes are shown as sent. */
export function languageName(code: string | null): string {
  if (!code) return MISSING;
  try {
    const name = languageNames.of(code);
    if (name) return escapeMrkdwn(name);
  } catch {
    // not a language tag: show it as sent
  }
  return escapeMrkdwn(truncate(code, 40));
}

function signedPercent(value: number): string {
  return `${value > 0 ? '+' : ''}${formatPercent(value, 1)}`;
}

function growthText(growth: CreatorProfile['growth']): string {
  if (growth.length === 0) return MISSING;
  return growth
    .slice(0, 4)
    .map((g) => `${signedPercent(g.percent)} in ${escapeMrkdwn(truncate(g.label, 30))}`)
    .join('\n');
}

function audienceLine(a: AudienceSummary | null): string | null {
  if (!a) return null;
  const parts: string[] = [];
  if (a.topCountry) {
    parts.push(
      `${formatPercent(a.topCountry.share * 100, 0)} in ${escapeMrkdwn(truncate(a.topCountry.name, 60))}`,
    );
  }
  const genders = [
    a.female === null ? null : `${formatPercent(a.female * 100, 0)} women`,
    a.male === null ? null : `${formatPercent(a.male * 100, 0)} men`,
  ].filter((g) => g !== null);
  if (genders.length > 0) parts.push(genders.join(' / '));
  if (a.age) {
    parts.push(`mostly ${escapeMrkdwn(truncate(a.age.band, 20))} (${formatPercent(a.age.share * 100, 0)})`);
  }
  return parts.length > 0 ? `:busts_in_silhouette: *Audience:* ${parts.join(' · ')}` : null;
}

/** A short label for a link: host and path, no scheme. */
function linkLabel(url: string): string {
  return truncate(url.replace(/^https?:\/\/(www\.)?/i, '').replace(/\/$/, ''), 50);
}

/** Keep a link only when it cannot blow the text limit on its own. */
function safeLink(url: string | null, label: string): string {
  return url && url.length <= 500 && isHttpUrl(url) ? mrkdwnLink(url, label) : escapeMrkdwn(label);
}

/** Items joined with " · " within `max` characters, ending "…and N more" when cut. */
export function joinWithin(items: readonly string[], max: number, separator = ' · '): string {
  const out: string[] = [];
  let length = 0;
  for (let i = 0; i < items.length; i++) {
    const item = items[i] ?? '';
    const rest = items.length - i - 1;
    const tail = rest > 0 ? `${separator}…and ${rest} more`.length : 0;
    if (length + separator.length + item.length + tail > max) {
      out.push(`…and ${items.length - i} more`);
      break;
    }
    out.push(item);
    length += item.length + separator.length;
  }
  return out.join(separator);
}

function linksText(profile: CreatorProfile): string | null {
  const lines: string[] = [];
  const others = profile.otherPlatforms.map((o) => {
    const label = `${platformLabel(o.platform)}${o.handle ? ` @${truncate(o.handle, 60)}` : ''}`;
    return safeLink(o.url, label);
  });
  if (others.length > 0) lines.push(`*Also on:* ${joinWithin(others, LIST_MAX)}`);
  const links = profile.links.map((url) => safeLink(url, linkLabel(url)));
  if (links.length > 0) lines.push(`*Links:* ${joinWithin(links, LIST_MAX)}`);
  return lines.length > 0 ? lines.join('\n') : null;
}

// ---------------------------------------------------------------------------------------------
// Email lookups

export interface EmailCardInput {
  email: string;
  /** The strongest account Influencers Club found for the address. */
  account: CreatorSummary;
  provenance: Provenance;
  prices: ButtonPrices;
  refresh: RefreshOffer | null;
}

/** Basic email lookup: one account with a button to buy its full profile. */
export function emailCard(input: EmailCardInput): SlackMessage {
  const { account, email } = input;
  const handle = account.handle;
  const title = account.name ?? (handle ? `@${handle}` : email);
  const who = handle ? safeLink(account.url, `@${truncate(handle, 100)}`) : MISSING;
  const lines = [
    `*${who}* · ${escapeMrkdwn(platformLabel(account.platform))} · ${formatCount(account.followers)} followers${account.verified === true ? ' · :white_check_mark: Verified' : ''}`,
    `The strongest account Influencers Club found for ${escapeMrkdwn(email)}.`,
  ];
  const buttons: Button[] = [];
  if (handle && account.platform) {
    buttons.push(
      button({
        text: `Full profile · ${creditsPhrase(input.prices.enrichFull)}`,
        actionId: CREATOR_ACTION.open,
        value: creatorButtonValue(account.platform, handle),
        style: 'primary',
      }),
    );
  }
  const blocks: SlackBlock[] = [
    header(title),
    section(lines.join('\n'), { accessory: imageAccessory(account.avatarUrl, `${title} avatar`) }),
    ...answerFooter(input.provenance, buttons, input.refresh),
  ];
  const fallback = `${escapeMrkdwn(email)}: ${escapeMrkdwn(title)} on ${platformLabel(account.platform)}, ${formatCount(account.followers)} followers`;
  return { text: truncate(fallback, 500), blocks };
}

/** An email answer with nothing Scout can show (advanced email's shape is unknown, api-ref#email-advanced). */
export function emailNothingCard(input: {
  email: string;
  provenance: Provenance;
  refresh: RefreshOffer | null;
}): SlackMessage {
  const text = `:mag: Influencers Club answered for ${escapeMrkdwn(input.email)}, but the answer holds no creator profile Scout can show.`;
  return { text, blocks: [section(text), ...answerFooter(input.provenance, [], input.refresh)] };
}

// ---------------------------------------------------------------------------------------------
// Help and input problems

export interface CreatorHelpPrices {
  enrichFull: number;
  emailBasic: number;
  emailAdvanced: number;
}

export function creatorHelp(prices: CreatorHelpPrices): SlackMessage {
  const text = [
    "*/creator* shows a creator's card: followers, engagement, averages, niche, location, language, email, growth and links to their other platforms.",
    '• `/creator @example_creator`: an Instagram handle (a bare handle means Instagram)',
    '• `/creator example_creator tiktok`: another platform (instagram, tiktok, youtube, x, twitch, onlyfans, …)',
    '• `/creator https://www.youtube.com/@example_creator`: any profile link',
    `• \`/creator hello@example.com\`: find a creator by email (${creditsPhrase(prices.emailBasic)})`,
    `• \`/creator hello@example.com advanced\`: cross-platform email enrichment (${creditsPhrase(prices.emailAdvanced)})`,
    `A handle lookup costs ${creditsPhrase(prices.enrichFull)}. Looking up the same creator again is free while the answer is cached. This help costs nothing.`,
  ].join('\n');
  return { text: '/creator: how to use it', blocks: [section(text)] };
}

export const CREATOR_EXAMPLES =
  '`/creator @example_creator`, `/creator https://www.tiktok.com/@example_creator` or `/creator hello@example.com`';

/** Input that cannot be right: what is wrong, an example of valid input, and that nothing was spent. */
export function creatorInputProblem(problem: string): SlackMessage {
  const text = `:warning: ${escapeMrkdwn(truncate(problem, 500))}\nTry ${CREATOR_EXAMPLES}. Nothing was charged.`;
  return { text: truncate(text, LIMITS.fallbackText), blocks: [section(text)] };
}

/** A button whose value no longer makes sense (old message, edited payload). */
export function staleButton(command: string): SlackMessage {
  const text = `:hourglass: This button is out of date. Run \`${command}\` again. Nothing was charged.`;
  return { text, blocks: [] };
}
