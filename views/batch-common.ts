import type { BatchMode } from '../src/batch/jobs.ts';
import { formatCredits, formatInteger, mrkdwnSnippet, plural } from './format.ts';

/**
 * What the batch views share: the ids of their controls, and how a mode, a credit amount and a
 * file name are written (views/batch.ts for the draft, views/batch-job.ts for the job).
 */

export const BATCH_ACTIONS = {
  mode: 'batch_mode',
  platform: 'batch_platform',
  audience: 'batch_audience',
  start: 'batch_start',
  cancel: 'batch_cancel',
  resume: 'batch_resume',
} as const;

/** block_id carrying the draft id, so every control (even an emptied select) says which file it is for. */
export const OPTIONS_BLOCK = 'batch_options';
export const DECIDE_BLOCK = 'batch_decide';

export function draftIdFromBlock(blockId: string | undefined): string | null {
  const m = /^batch_(?:options|decide)\|([A-Za-z0-9_-]{1,64})$/.exec(blockId ?? '');
  return m ? m[1]! : null;
}

export const MODE_NAMES: Record<BatchMode, string> = {
  raw: 'Raw profile data',
  full: 'Full enrichment',
  basic: 'Basic email lookup',
  advanced: 'Advanced email lookup',
};

/** Credits with thousands separators: 1180 → "1,180", 35.4 → "35.4". */
export function credits(value: number): string {
  const [whole = '0', decimals] = formatCredits(value).split('.');
  return `${formatInteger(Number(whole))}${decimals ? `.${decimals}` : ''}`;
}

/** "1 credit", "1,180 credits". */
export function creditsOf(value: number): string {
  return `${credits(value)} ${value === 1 ? 'credit' : 'credits'}`;
}

export const fileLabel = (name: string) => `*${mrkdwnSnippet(name, 120)}*`;
/** A file name in a message's `text` (the notification): escaped too, so `<!channel>.csv` pings nobody. */
export const notificationName = (name: string) => mrkdwnSnippet(name, 80);
export const noun = (kind: 'handle' | 'email', n: number) =>
  kind === 'email' ? plural(n, 'unique email') : plural(n, 'unique handle');
