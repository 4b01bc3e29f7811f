import type { KnownBlock, ModalView } from '@slack/types';
import { actions, button, context, modal, type SlackBlock, section } from './blocks.ts';
import { escapeMrkdwn } from './format.ts';

/** App Home's "Weekly digest" setting (channels, time zone) and its modal. Pure. */

export const DIGEST_SETTINGS = {
  open: 'home_digest_settings',
  callbackId: 'home_digest_modal',
  channelsBlock: 'home_digest_channels',
  channelsAction: 'home_digest_channels_input',
  zoneBlock: 'home_digest_zone',
  zoneAction: 'home_digest_zone_input',
} as const;

export interface DigestHomeInput {
  channels: readonly string[];
  zone: string;
  zoneSource: 'setting' | 'slack' | 'fallback';
  isAdmin: boolean;
}

function zoneText(input: Pick<DigestHomeInput, 'zone' | 'zoneSource'>): string {
  const zone = escapeMrkdwn(input.zone);
  if (input.zoneSource === 'setting') return `${zone} (set in Scout)`;
  if (input.zoneSource === 'slack') return `${zone} (the workspace's, from Slack)`;
  return `${zone}: Slack gives no time zone for this workspace`;
}

export function digestHomeBlocks(input: DigestHomeInput): SlackBlock[] {
  const where = input.channels.length
    ? input.channels.map((c) => `<#${c}>`).join(', ')
    : 'no channel yet (off)';
  const blocks: SlackBlock[] = [
    section(
      `*Weekly digest*: ${where}\nEvery Monday at 9:00, ${zoneText(input)}: last week's spend by feature and by person, and the batch jobs that finished.`,
    ),
  ];
  if (input.isAdmin)
    blocks.push(actions([button({ text: 'Weekly digest', actionId: DIGEST_SETTINGS.open })], 'home_digest'));
  else blocks.push(context(['Only workspace admins and owners (and the Scout admins) can change this.']));
  return blocks;
}

function plain(text: string): { type: 'plain_text'; text: string } {
  return { type: 'plain_text', text };
}

export function digestSettingsModal(input: { channels: readonly string[]; zone: string | null }): ModalView {
  return modal({
    callbackId: DIGEST_SETTINGS.callbackId,
    title: 'Weekly digest',
    submit: 'Save',
    close: 'Cancel',
    blocks: [
      section(
        'Scout posts one message in each channel every Monday at 9:00. Invite @Scout to private channels first.',
      ),
      {
        type: 'input',
        block_id: DIGEST_SETTINGS.channelsBlock,
        optional: true,
        label: plain('Channels'),
        hint: plain('Leave empty to switch the digest off.'),
        element: {
          type: 'multi_conversations_select',
          action_id: DIGEST_SETTINGS.channelsAction,
          placeholder: plain('Pick channels'),
          filter: { include: ['public', 'private'], exclude_bot_users: true },
          ...(input.channels.length ? { initial_conversations: [...input.channels] } : {}),
        },
      } as KnownBlock,
      {
        type: 'input',
        block_id: DIGEST_SETTINGS.zoneBlock,
        optional: true,
        label: plain('Time zone'),
        hint: plain("An IANA name such as Europe/Berlin. Empty: the workspace's from Slack, else UTC."),
        element: {
          type: 'plain_text_input',
          action_id: DIGEST_SETTINGS.zoneAction,
          ...(input.zone ? { initial_value: input.zone } : {}),
          placeholder: plain('Europe/Berlin'),
        },
      } as KnownBlock,
    ],
  });
}
