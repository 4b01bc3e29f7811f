import type { Verdict } from '../src/vetting/verdict.ts';
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
