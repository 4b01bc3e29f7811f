import type { Platform } from '../src/ic/platforms.ts';
import type { CreatorProfile } from '../src/ic/profile.ts';
import { type Verdict, verdictOf } from '../src/vetting/verdict.ts';
import { context, type SlackBlock } from './blocks.ts';
import { escapeMrkdwn } from './format.ts';

/** The verdict line of a creator card and the short verdict of a list row. Pure. */

const ICON = { ok: ':white_check_mark:', flag: ':warning:', unknown: ':grey_question:' } as const;

/** "Verdict: 2 flags" then each check with its reason, one per line (a context block's text). */
export function verdictText(verdict: Verdict): string {
  const n = verdict.flags.length;
  const head =
    n === 0
      ? ':white_check_mark: *Verdict:* no flags in the data Scout has'
      : `:warning: *Verdict:* ${n} ${n === 1 ? 'flag' : 'flags'} (${escapeMrkdwn(verdict.flags.join(', '))})`;
  const lines = verdict.checks.map((c) => `${ICON[c.status]} ${escapeMrkdwn(c.text)}`);
  return [head, ...lines].join('\n');
}

/** One short line for a list row: the engagement check with its reason. */
export function rowVerdictText(verdict: Verdict): string {
  const check = verdict.checks[0];
  if (!check || check.status === 'unknown') return '';
  return `${ICON[check.status]} ${escapeMrkdwn(check.text)}`;
}

/**
 * The verdict of a compact card (a link unfurl, a shortcut's raw card): the checks the profile
 * alone supports (engagement for its tier, verified); the rest say "—" until a full card is fetched.
 */
export function compactVerdictBlocks(platform: Platform, profile: CreatorProfile, now: number): SlackBlock[] {
  const verdict = verdictOf(
    {
      platform,
      followers: profile.followers,
      engagementPercent: profile.engagementPercent,
      verified: profile.verified,
    },
    now,
  );
  return [context([verdictText(verdict)])];
}
