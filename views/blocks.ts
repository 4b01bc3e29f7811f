import type {
  Block,
  Button,
  ImageElement,
  KnownBlock,
  ModalView,
  SectionBlock,
  SectionBlockAccessory,
} from '@slack/types';
import { LIMITS, plainText, truncate } from './format.ts';

/**
 * Small Block Kit builders that every view uses. Each one clamps its text to the block's limit, so a
 * view can pass creator text straight in (already escaped where it is mrkdwn) and never produce a
 * payload Slack rejects.
 */

export type SlackBlock = KnownBlock | Block;

/** What a view returns for a message: blocks plus the plain fallback for notifications. */
export interface SlackMessage {
  text: string;
  blocks: SlackBlock[];
}

export function header(text: string): KnownBlock {
  return {
    type: 'header',
    text: { type: 'plain_text', text: plainText(text, LIMITS.headerText) || ' ', emoji: true },
  };
}

/** A section with mrkdwn text (the caller escapes untrusted parts). */
export function section(
  mrkdwn: string,
  options: { accessory?: SectionBlockAccessory | undefined; blockId?: string } = {},
): SectionBlock {
  return {
    type: 'section',
    text: { type: 'mrkdwn', text: truncate(mrkdwn, LIMITS.sectionText) || ' ' },
    ...(options.accessory ? { accessory: options.accessory } : {}),
    ...(options.blockId ? { block_id: truncate(options.blockId, LIMITS.id) } : {}),
  };
}

/** A section of up to 10 two-column fields (mrkdwn). Extra fields are dropped, not sent. */
export function fields(
  items: readonly string[],
  options: { accessory?: SectionBlockAccessory | undefined } = {},
): SectionBlock {
  return {
    type: 'section',
    fields: items
      .slice(0, LIMITS.sectionFields)
      .map((f) => ({ type: 'mrkdwn' as const, text: truncate(f, LIMITS.fieldText) || ' ' })),
    ...(options.accessory ? { accessory: options.accessory } : {}),
  };
}

/** A context line made of mrkdwn snippets and images (at most 10 elements). */
export function context(elements: readonly (string | { imageUrl: string; alt: string })[]): KnownBlock {
  return {
    type: 'context',
    elements: elements.slice(0, LIMITS.contextElements).map((e) =>
      typeof e === 'string'
        ? { type: 'mrkdwn' as const, text: truncate(e, LIMITS.sectionText) || ' ' }
        : {
            type: 'image' as const,
            image_url: e.imageUrl,
            alt_text: truncate(e.alt, LIMITS.altText) || 'image',
          },
    ),
  };
}

export function divider(): KnownBlock {
  return { type: 'divider' };
}

export function actions(elements: readonly Button[], blockId?: string): KnownBlock {
  return {
    type: 'actions',
    elements: elements.slice(0, LIMITS.actionsElements),
    ...(blockId ? { block_id: truncate(blockId, LIMITS.id) } : {}),
  };
}

export function button(options: {
  text: string;
  actionId: string;
  value?: string;
  url?: string;
  style?: 'primary' | 'danger';
  confirm?: { title: string; text: string; confirm: string; deny?: string };
}): Button {
  if (options.value !== undefined && options.value.length > LIMITS.buttonValue) {
    // A value over the limit makes Slack reject the message; that is a bug in the caller.
    throw new RangeError(`button value for ${options.actionId} is ${options.value.length} chars (max 2000)`);
  }
  return {
    type: 'button',
    text: { type: 'plain_text', text: plainText(options.text, LIMITS.buttonText) || ' ', emoji: true },
    action_id: truncate(options.actionId, LIMITS.id),
    ...(options.value !== undefined ? { value: options.value } : {}),
    ...(options.url && options.url.length <= LIMITS.url ? { url: options.url } : {}),
    ...(options.style ? { style: options.style } : {}),
    ...(options.confirm
      ? {
          confirm: {
            title: { type: 'plain_text', text: truncate(options.confirm.title, 100) },
            text: { type: 'mrkdwn', text: truncate(options.confirm.text, 300) },
            confirm: { type: 'plain_text', text: truncate(options.confirm.confirm, 30) },
            deny: { type: 'plain_text', text: truncate(options.confirm.deny ?? 'Cancel', 30) },
          },
        }
      : {}),
  };
}

/** An image accessory (avatar); dropped when the URL is not http(s) or too long. */
export function imageAccessory(url: string | null | undefined, alt: string): ImageElement | undefined {
  if (!url || !/^https?:\/\//.test(url) || url.length > LIMITS.url) return undefined;
  return { type: 'image', image_url: url, alt_text: truncate(alt || 'avatar', LIMITS.altText) };
}

/** A modal: Slack's shape with plain-text title and buttons; `submit` absent for a read-only modal. */
export function modal(options: {
  callbackId?: string;
  title: string;
  submit?: string;
  close: string;
  privateMetadata?: string;
  blocks: SlackBlock[];
}): ModalView {
  const plain = (text: string) => ({ type: 'plain_text' as const, text });
  return {
    type: 'modal',
    ...(options.callbackId ? { callback_id: options.callbackId } : {}),
    title: plain(options.title),
    ...(options.submit ? { submit: plain(options.submit) } : {}),
    close: plain(options.close),
    ...(options.privateMetadata !== undefined ? { private_metadata: options.privateMetadata } : {}),
    blocks: options.blocks,
  };
}
