import type { Button, ModalView } from '@slack/types';
import type { CheckedPost } from '../src/vetting/brand-safety.ts';
import type { Match } from '../src/vetting/matcher.ts';
import {
  actions,
  button,
  context,
  divider,
  modal,
  type SlackBlock,
  type SlackMessage,
  section,
} from './blocks.ts';
import {
  ago,
  creditsPhrase,
  escapeMrkdwn,
  fallbackText,
  formatInteger,
  mrkdwnLink,
  mrkdwnSnippet,
  plural,
} from './format.ts';
import { mention, shortDate } from './people.ts';

/** The brand-safety check: the card's button, the size choice with its estimate, the report, and the App Home lists. Pure. */

export const BRAND_SAFETY_ACTION = {
  open: 'brandsafety_open',
  run: 'brandsafety_run',
  edit: 'brandsafety_edit_lists',
} as const;
export const BRAND_SAFETY_VIEW = 'brandsafety_lists_view';
export const LISTS_FIELD = {
  topics: 'bs_topics',
  competitors: 'bs_competitors',
  custom: 'bs_custom',
} as const;

export function brandSafetyButton(platform: string, handle: string): Button {
  return button({
    text: 'Check brand safety',
    actionId: BRAND_SAFETY_ACTION.open,
    value: JSON.stringify({ platform, handle }),
  });
}

export interface ChoiceInput {
  subject: string;
  platform: string;
  handle: string;
  sizes: readonly { n: number; estimate: number; cached: boolean }[];
  remaining: number;
}

/** The estimate first: how many recent posts to read, what each size costs, what is left. */
export function brandSafetyChoice(input: ChoiceInput): SlackMessage {
  const subject = escapeMrkdwn(input.subject);
  const text = [
    `:shield: *Brand-safety check of ${subject}*`,
    'Scout reads the recent posts (one posts page) and each post’s details (the transcript of a video, the comments otherwise) and matches the captions, transcripts and comments against your workspace’s blocked topics, competitors and custom words (set in App Home).',
    `Pick how many recent posts to read. ${creditsPhrase(input.remaining)} left in this month’s budget; the estimate is reserved first and only what the answers cost is kept.`,
  ].join('\n');
  const buttons = input.sizes.map((s) => {
    const cost = s.cached ? 'free (cached)' : `up to ${creditsPhrase(s.estimate)}`;
    return button({
      text: `${s.n} posts · ${cost}`,
      actionId: `${BRAND_SAFETY_ACTION.run}_${s.n}`,
      value: JSON.stringify({ platform: input.platform, handle: input.handle, n: s.n }),
      ...(s.cached
        ? {}
        : {
            confirm: {
              title: 'Spend credits?',
              text: `Reading ${s.n} recent posts of ${subject} costs up to ${creditsPhrase(s.estimate)} (1 posts page + ${s.n} post details).`,
              confirm: 'Check',
              deny: 'Cancel',
            },
          }),
    });
  });
  return {
    text: fallbackText(`Brand-safety check of ${input.subject}: pick how many posts`),
    blocks: [section(text), actions(buttons)],
  };
}

export interface ReportPost {
  post: CheckedPost;
  matches: Match[];
  /** The text the first match was found in (for the snippet). */
  snippet: string;
}

export interface ReportInput {
  subject: string;
  checked: number;
  matching: readonly ReportPost[];
  unreadable: number;
  requestedBy: string;
  cost: { spent: number; fromCache: { at: number } | null };
  listsEmpty: boolean;
  now: number;
}

const KIND_PHRASE = {
  topic: 'touch a blocked topic',
  competitor: 'mention a competitor',
  custom: 'use a custom word',
} as const;

/** ":white_check_mark: 0 of 12 posts matched" or ":warning: 3 of 12 posts mention a competitor". */
export function reportSummary(input: ReportInput): string {
  const of = `${formatInteger(input.matching.length)} of ${plural(input.checked, 'post')}`;
  if (input.matching.length === 0) return `:white_check_mark: ${of} matched your lists`;
  const kinds = new Set(input.matching.flatMap((p) => p.matches.map((m) => m.kind)));
  const what = kinds.size === 1 ? KIND_PHRASE[[...kinds][0] ?? 'topic'] : 'match your lists';
  const topics = [
    ...new Set(
      input.matching.flatMap((p) => p.matches.filter((m) => m.kind === 'topic').map((m) => m.group)),
    ),
  ];
  return `:warning: ${of} ${what}${topics.length > 0 ? ` (${topics.join(', ')})` : ''}`;
}

function costText(input: ReportInput): string {
  if (input.cost.fromCache)
    return `:recycle: From cache, ${ago(input.cost.fromCache.at, input.now)} — nothing charged`;
  return `:coin: ${creditsPhrase(input.cost.spent)} · posts page and post details`;
}

function postLine(p: ReportPost, now: number): string {
  const when = p.post.takenAt ? shortDate(p.post.takenAt, now) : 'post';
  const words = [...new Set(p.matches.map((m) => `${m.term} (${m.group})`))].join(', ');
  return `• ${mrkdwnLink(p.post.url, `Post of ${when}`)}: *${escapeMrkdwn(words)}*\n> ${mrkdwnSnippet(p.snippet, 200)}`;
}

/** The summary (a channel message) and the details (its thread). */
export function brandSafetyReport(input: ReportInput): { summary: SlackMessage; details: SlackMessage } {
  const summary = reportSummary(input);
  const head = `*Brand safety of ${escapeMrkdwn(input.subject)}* · checked for ${mention(input.requestedBy)}`;
  const notes: string[] = [];
  if (input.unreadable > 0)
    notes.push(`${plural(input.unreadable, 'post')} without readable details (caption checked only)`);
  if (input.listsEmpty) notes.push('your workspace has no lists set: an admin sets them in App Home');
  const summaryBlocks: SlackBlock[] = [
    section(`${head}\n${summary}`),
    context([costText(input), ...notes.map(escapeMrkdwn)]),
  ];
  const shown = input.matching.slice(0, 40);
  const detailBlocks: SlackBlock[] = shown.map((p) => section(postLine(p, input.now)));
  if (input.matching.length > shown.length)
    detailBlocks.push(context([`…and ${formatInteger(input.matching.length - shown.length)} more`]));
  if (detailBlocks.length === 0) detailBlocks.push(section(`${summary}: nothing to show.`));
  detailBlocks.push(divider(), context([costText(input)]));
  const plain = `Brand safety of ${input.subject}: ${summary.replace(/^:\w+: /, '')}`;
  return {
    summary: { text: fallbackText(plain), blocks: summaryBlocks },
    details: { text: fallbackText(plain), blocks: detailBlocks },
  };
}

// ---- App Home

export interface ListsView {
  topics: readonly string[];
  competitors: readonly string[];
  custom: readonly string[];
  allTopics: readonly string[];
}

export function brandSafetyHomeBlocks(lists: ListsView, isAdmin: boolean): SlackBlock[] {
  const show = (items: readonly string[]) =>
    items.length === 0 ? '—' : escapeMrkdwn(items.join(', ')).slice(0, 900);
  const text = [
    '*Brand-safety lists* (what “Check brand safety” on a creator card looks for)',
    `• Blocked topics: ${show(lists.topics)}`,
    `• Competitors: ${show(lists.competitors)}`,
    `• Custom words: ${show(lists.custom)}`,
    '_Whole words, any case or accent, plurals and hashtags included._',
  ].join('\n');
  const blocks: SlackBlock[] = [section(text)];
  if (isAdmin)
    blocks.push(actions([button({ text: 'Edit brand-safety lists', actionId: BRAND_SAFETY_ACTION.edit })]));
  return blocks;
}

export function brandSafetyModal(lists: ListsView): ModalView {
  const option = (t: string) => ({ text: { type: 'plain_text' as const, text: t }, value: t });
  const textArea = (blockId: string, label: string, items: readonly string[], hint: string) => ({
    type: 'input' as const,
    block_id: blockId,
    optional: true,
    label: { type: 'plain_text' as const, text: label },
    hint: { type: 'plain_text' as const, text: hint },
    element: {
      type: 'plain_text_input' as const,
      action_id: blockId,
      multiline: true,
      max_length: 3000,
      ...(items.length > 0 ? { initial_value: items.join(', ') } : {}),
    },
  });
  return modal({
    callbackId: BRAND_SAFETY_VIEW,
    title: 'Brand-safety lists',
    submit: 'Save',
    close: 'Cancel',
    blocks: [
      {
        type: 'input',
        block_id: LISTS_FIELD.topics,
        optional: true,
        label: { type: 'plain_text', text: 'Blocked topics' },
        element: {
          type: 'checkboxes',
          action_id: LISTS_FIELD.topics,
          options: lists.allTopics.map(option),
          ...(lists.topics.length > 0 ? { initial_options: lists.topics.map(option) } : {}),
        },
      },
      textArea(
        LISTS_FIELD.competitors,
        'Competitor brand names',
        lists.competitors,
        'Comma or line separated, e.g. Nike, Adidas',
      ),
      textArea(
        LISTS_FIELD.custom,
        'Custom words',
        lists.custom,
        'Comma or line separated; up to 100 words or phrases',
      ),
    ],
  });
}

export function savedListsNotice(by: string, now: number): string {
  return `:shield: Brand-safety lists saved by ${mention(by)} on ${shortDate(now, now)}.`;
}
