import type { Platform } from '../src/ic/platforms.ts';
import type { CreatorSnapshot, Status } from '../src/shortlists/types.ts';
import { compactSnapshot, creatorKey } from '../src/shortlists/types.ts';
import { rowVerdict } from '../src/vetting/verdict.ts';
import { actions, type SlackBlock } from './blocks.ts';
import { escapeMrkdwn, formatInteger } from './format.ts';
import { mention, shortDate } from './people.ts';
import { addToShortlistButton } from './shortlist-button.ts';
import { rowVerdictText } from './verdict.ts';

/**
 * What similar and discovery rows show for vetting: the engagement verdict, "contacted by @ben on
 * 3 Nov" for a creator the workspace already reached, and an "Add to shortlist" button. Pure.
 */

/** A creator the workspace has contacted (from its exclusion copy). */
export interface ContactMark {
  status: Status;
  by: string;
  at: number;
  now?: Status;
}

export interface RowVetting {
  /** Keyed by `creatorKey(platform, handle)`. */
  marks: Readonly<Record<string, ContactMark>>;
  /** Handles the workspace has excluded beyond what was sent (the API takes 10,000). */
  notSent: number;
  now: number;
}

export interface RowCreator {
  platform: Platform;
  handle: string | null;
  name: string | null;
  followers: number | null;
  engagementPercent: number | null;
}

/** Extra lines under a row: its verdict and, when contacted, by whom and when. */
export function rowVettingLines(row: RowCreator, vetting: RowVetting | undefined): string[] {
  const lines: string[] = [];
  const verdict = rowVerdictText(rowVerdict(row.platform, row.followers, row.engagementPercent));
  if (verdict) lines.push(verdict);
  const mark = row.handle ? vetting?.marks[creatorKey(row.platform, row.handle)] : undefined;
  if (mark && vetting) {
    lines.push(
      `:no_entry: ${escapeMrkdwn(mark.status)} by ${mention(mark.by)} on ${shortDate(mark.at, vetting.now)}${
        mark.now && mark.now !== mark.status ? ` (now ${escapeMrkdwn(mark.now)})` : ''
      }`,
    );
  }
  return lines;
}

export function rowSnapshot(row: RowCreator): CreatorSnapshot | null {
  if (!row.handle) return null;
  const verdict = rowVerdict(row.platform, row.followers, row.engagementPercent);
  return compactSnapshot({
    p: row.platform,
    h: row.handle.slice(0, 100),
    n: row.name?.slice(0, 100) ?? null,
    f: row.followers,
    e: row.engagementPercent,
    v: verdict.flags,
  });
}

/** The row's "Add to shortlist" button in its own actions block (none without a handle). */
export function rowShortlistBlock(row: RowCreator): SlackBlock[] {
  const add = addToShortlistButton(rowSnapshot(row));
  return add ? [actions([add])] : [];
}

/** Said under the results when the workspace's exclusion list is longer than what was sent. */
export function notSentNote(vetting: RowVetting | undefined): string | null {
  if (!vetting || vetting.notSent <= 0) return null;
  return `:information_source: Your workspace has contacted more creators than Influencers Club can exclude in one search: the ${formatInteger(10_000)} most recent were excluded, ${formatInteger(vetting.notSent)} older ones may still appear (marked :no_entry:).`;
}
