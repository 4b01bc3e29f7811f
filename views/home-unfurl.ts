import type { KnownBlock, ModalView } from '@slack/types';
import type { UnfurlMode } from '../src/unfurl/settings.ts';
import { actions, button, context, modal, type SlackBlock, section } from './blocks.ts';
import { escapeMrkdwn, formatCredits, formatInteger } from './format.ts';

/** App Home's "Link unfurls" setting (spend mode and daily cap) and its modal. Pure. */

export const UNFURL_SETTINGS = {
  open: 'home_unfurl_settings',
  callbackId: 'home_unfurl_modal',
  modeBlock: 'home_unfurl_mode',
  modeAction: 'home_unfurl_mode_input',
  capBlock: 'home_unfurl_cap',
  capAction: 'home_unfurl_cap_input',
} as const;

export interface UnfurlHomeInput {
  mode: UnfurlMode;
  dailyCap: number;
  usedToday: number;
  rawPrice: number;
  domains: readonly string[];
  isAdmin: boolean;
}

const MODE_LABELS: Record<UnfurlMode, string> = {
  cache: 'From cache only (free: only creators already looked up)',
  auto: 'Auto, up to N raw lookups a day',
  off: 'Off',
};

function modeText(input: Pick<UnfurlHomeInput, 'mode' | 'dailyCap' | 'rawPrice'>): string {
  switch (input.mode) {
    case 'cache':
      return 'from cache only (free)';
    case 'auto':
      return `auto, up to ${formatInteger(input.dailyCap)} raw lookups a day (≈${formatCredits(input.rawPrice)} credits each, counted against the budget)`;
    case 'off':
      return 'off';
  }
}

export function unfurlHomeBlocks(input: UnfurlHomeInput): SlackBlock[] {
  const lines = [
    `*Link unfurls*: ${modeText(input)}`,
    `Profile links on ${input.domains.map(escapeMrkdwn).join(', ')} unfurl into a compact card.`,
  ];
  if (input.mode === 'auto')
    lines.push(
      `Paid unfurl lookups today (UTC): ${formatInteger(input.usedToday)} of ${formatInteger(input.dailyCap)}`,
    );
  const blocks: SlackBlock[] = [section(lines.join('\n'))];
  if (input.isAdmin)
    blocks.push(actions([button({ text: 'Link unfurls', actionId: UNFURL_SETTINGS.open })], 'home_unfurl'));
  else blocks.push(context(['Only workspace admins and owners (and the Scout admins) can change this.']));
  return blocks;
}

function plain(text: string): { type: 'plain_text'; text: string } {
  return { type: 'plain_text', text };
}

export function unfurlSettingsModal(input: {
  mode: UnfurlMode;
  dailyCap: number;
  rawPrice: number;
}): ModalView {
  const option = (mode: UnfurlMode) => ({ text: plain(MODE_LABELS[mode]), value: mode });
  return modal({
    callbackId: UNFURL_SETTINGS.callbackId,
    title: 'Link unfurls',
    submit: 'Save',
    close: 'Cancel',
    blocks: [
      section(
        `How pasted creator profile links may spend. A raw lookup costs ≈${formatCredits(input.rawPrice)} credits and counts against the monthly budget. ` +
          'A link that is not unfurled for free offers a "Look up" button instead.',
      ),
      {
        type: 'input',
        block_id: UNFURL_SETTINGS.modeBlock,
        label: plain('Unfurls'),
        element: {
          type: 'radio_buttons',
          action_id: UNFURL_SETTINGS.modeAction,
          options: [option('auto'), option('cache'), option('off')],
          initial_option: option(input.mode),
        },
      } as KnownBlock,
      {
        type: 'input',
        block_id: UNFURL_SETTINGS.capBlock,
        label: plain('N: raw lookups a day (auto)'),
        hint: plain('Counted per UTC day across the workspace. 0 makes auto behave like cache only.'),
        element: {
          type: 'plain_text_input',
          action_id: UNFURL_SETTINGS.capAction,
          initial_value: String(input.dailyCap),
        },
      } as KnownBlock,
    ],
  });
}
