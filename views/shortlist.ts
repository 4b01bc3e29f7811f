import type { Button, Overflow } from '@slack/types';
import { PLATFORM_NAMES } from '../src/ic/platforms.ts';
import { NEXT_STATUSES, type Shortlist, type ShortlistEntry, type Status } from '../src/shortlists/types.ts';
import { actions, button, context, header, type SlackBlock, type SlackMessage, section } from './blocks.ts';
import {
  escapeMrkdwn,
  fallbackText,
  formatCount,
  formatInteger,
  formatPercent,
  plural,
  truncate,
} from './format.ts';
import { mention, shortDate } from './people.ts';

/**
 * /shortlist: the workspace's lists (open, rename, archive) and one list as a message that stays
 * current: each creator with platform, followers, engagement, verdict flags, status with its
 * history, and a menu to move the status along. Pure: lists and `now` are passed in.
 */

export const SHORTLIST_ACTION = {
  open: 'shortlist_open',
  create: 'shortlist_new',
  rename: 'shortlist_rename',
  archive: 'shortlist_archive',
  restore: 'shortlist_restore',
  status: 'shortlist_status',
  export: 'shortlist_export',
} as const;

const STATUS_ICON: Record<Status, string> = {
  new: ':new:',
  contacted: ':email:',
  negotiating: ':handshake:',
  signed: ':white_check_mark:',
  rejected: ':x:',
};
const STATUS_VERB: Record<Status, string> = {
  new: 'Back to new',
  contacted: 'Mark contacted',
  negotiating: 'Mark negotiating',
  signed: 'Mark signed',
  rejected: 'Mark rejected',
};

/** Creators shown in one message (50 blocks: header, summary, buttons and the "…and N more" line). */
export const ENTRIES_SHOWN = 44;
const LISTS_SHOWN = 20;

function counts(list: Shortlist): string {
  const by = new Map<Status, number>();
  for (const e of list.entries) by.set(e.status, (by.get(e.status) ?? 0) + 1);
  const parts = [...by].map(([status, n]) => `${formatInteger(n)} ${status}`);
  return `${plural(list.entries.length, 'creator')}${parts.length > 0 ? ` (${parts.join(', ')})` : ''}`;
}

// ---- The workspace's lists

export function shortlistIndex(lists: readonly Shortlist[], now: number): SlackMessage {
  const active = lists.filter((l) => !l.archived);
  const archived = lists.filter((l) => l.archived);
  const blocks: SlackBlock[] = [header('Shortlists')];
  if (active.length === 0)
    blocks.push(section('_No shortlists yet._ Create one, or use *Add to shortlist* on a creator card.'));
  for (const list of active.slice(0, LISTS_SHOWN)) {
    blocks.push(
      section(
        `*${escapeMrkdwn(list.name)}* · ${counts(list)}\ncreated by ${mention(list.createdBy)} on ${shortDate(list.createdAt, now)}`,
      ),
      actions([
        button({ text: 'Open', actionId: SHORTLIST_ACTION.open, value: list.id, style: 'primary' }),
        button({ text: 'Rename', actionId: SHORTLIST_ACTION.rename, value: list.id }),
        button({ text: 'Archive', actionId: SHORTLIST_ACTION.archive, value: list.id }),
      ]),
    );
  }
  if (active.length > LISTS_SHOWN)
    blocks.push(context([`…and ${formatInteger(active.length - LISTS_SHOWN)} more`]));
  for (const list of archived.slice(0, 3)) {
    blocks.push(
      section(`:file_cabinet: _Archived:_ ${escapeMrkdwn(list.name)} · ${counts(list)}`, {
        accessory: button({ text: 'Restore', actionId: SHORTLIST_ACTION.restore, value: list.id }),
      }),
    );
  }
  if (archived.length > 3) blocks.push(context([`…and ${formatInteger(archived.length - 3)} more archived`]));
  blocks.push(actions([button({ text: 'New shortlist', actionId: SHORTLIST_ACTION.create, value: 'new' })]));
  return { text: fallbackText(`${plural(active.length, 'shortlist')}`), blocks };
}

// ---- One list

function historyText(entry: ShortlistEntry, now: number): string {
  // at most new → contacted → negotiating → signed: four short steps
  return entry.history
    .slice(-5)
    .map((h) => `${h.status} by ${mention(h.by)} ${shortDate(h.at, now)}`)
    .join(' → ');
}

/** The menu of statuses an entry may move to (none once signed or rejected). */
function statusMenu(list: Shortlist, entry: ShortlistEntry): Overflow | undefined {
  const next = NEXT_STATUSES[entry.status];
  if (next.length === 0) return undefined;
  return {
    type: 'overflow',
    action_id: SHORTLIST_ACTION.status,
    options: next.map((status) => ({
      text: { type: 'plain_text', text: STATUS_VERB[status] },
      value: JSON.stringify({ l: list.id, e: entry.id, s: status }),
    })),
  };
}

function entryText(entry: ShortlistEntry, now: number): string {
  const c = entry.creator;
  const name = c.n ? ` (${escapeMrkdwn(truncate(c.n, 80))})` : '';
  const stats = [
    PLATFORM_NAMES[c.p],
    `${formatCount(c.f ?? null)} followers`,
    `${formatPercent(c.e ?? null)} engagement`,
  ].join(' · ');
  const flags =
    c.v && c.v.length > 0 ? `:warning: ${escapeMrkdwn(c.v.join(', '))}` : ':white_check_mark: no flags';
  return [
    `*@${escapeMrkdwn(truncate(c.h, 100))}*${name} · ${stats}`,
    `${STATUS_ICON[entry.status]} *${entry.status}* · ${flags}`,
    historyText(entry, now),
  ].join('\n');
}

export function shortlistMessage(list: Shortlist, now: number): SlackMessage {
  const blocks: SlackBlock[] = [
    header(`Shortlist: ${list.name}`),
    context([
      `${counts(list)}${list.archived ? ' · :file_cabinet: archived' : ''} · updated ${shortDate(now, now)}`,
    ]),
  ];
  if (list.entries.length === 0)
    blocks.push(section('_Nobody yet._ Use *Add to shortlist* on a creator card or result row.'));
  for (const entry of list.entries.slice(0, ENTRIES_SHOWN)) {
    const menu = statusMenu(list, entry);
    blocks.push(section(entryText(entry, now), menu ? { accessory: menu } : {}));
  }
  if (list.entries.length > ENTRIES_SHOWN) {
    blocks.push(
      context([`…and ${formatInteger(list.entries.length - ENTRIES_SHOWN)} more: export the CSV for all`]),
    );
  }
  const buttons: Button[] = [
    button({ text: 'Export CSV', actionId: SHORTLIST_ACTION.export, value: list.id }),
  ];
  blocks.push(actions(buttons));
  return { text: fallbackText(`Shortlist ${list.name}: ${counts(list)}`), blocks };
}

export function shortlistHelp(): SlackMessage {
  const text = [
    '*/shortlist* keeps your team’s shortlists of creators and where each one is in outreach.',
    '• `/shortlist`: your workspace’s shortlists (open, rename, archive, create)',
    '• `/shortlist new Spring launch`: create a shortlist',
    '• `/shortlist Spring launch`: post that shortlist here; it stays current as statuses change',
    'Add creators with *Add to shortlist* on a `/creator` card or a `/similar` or `/discover` row. Move them through new → contacted → negotiating → signed / rejected with the menu on each row; who and when is kept. A creator who is contacted (or further) is added to your workspace’s exclusion list, so `/discover` and `/similar` never spend on them again. Nothing here costs credits.',
  ].join('\n');
  return { text: '/shortlist: how to use it', blocks: [section(text)] };
}
