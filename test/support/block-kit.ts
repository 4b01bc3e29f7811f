import { expect } from 'vitest';
import { LIMITS } from '../../views/format.ts';

/**
 * Checks a message, modal or Home view against the Block Kit limits Scout relies on
 * (docs/slack.md). Slack rejects the whole payload when one is exceeded, and it is
 * easy to exceed them with creator text, so every view test runs its worst case through this.
 * Returns the list of violations (empty = valid).
 */

type Json = Record<string, unknown>;

export type Surface = 'message' | 'modal' | 'home';

export function blockKitViolations(
  payload: {
    blocks?: unknown;
    text?: unknown;
    title?: unknown;
    submit?: unknown;
    close?: unknown;
    private_metadata?: unknown;
    callback_id?: unknown;
  },
  surface: Surface,
): string[] {
  const problems: string[] = [];
  const blocks = (payload.blocks ?? []) as Json[];
  const maxBlocks = surface === 'message' ? LIMITS.messageBlocks : LIMITS.surfaceBlocks;
  if (!Array.isArray(blocks)) return ['blocks is not an array'];
  if (blocks.length > maxBlocks) problems.push(`${blocks.length} blocks > ${maxBlocks}`);
  if (surface === 'message') {
    if (typeof payload.text !== 'string' || payload.text.trim() === '')
      problems.push('message has no text fallback');
    else if (payload.text.length > 4000) problems.push(`fallback text ${payload.text.length} chars > 4000`);
    // Slack parses the fallback as mrkdwn: a raw `<` could ping (<!channel>, <@U…>) or link.
    if (typeof payload.text === 'string' && /<|@(channel|here|everyone)\b/i.test(payload.text))
      problems.push(`fallback text not escaped: ${JSON.stringify(payload.text.slice(0, 120))}`);
  } else if (surface === 'modal') {
    for (const key of ['title', 'submit', 'close'] as const) {
      const t = payload[key] as Json | undefined;
      if (t && typeof t.text === 'string' && t.text.length > LIMITS.modalTitle)
        problems.push(`modal ${key} > 24 chars`);
    }
    if (!payload.title) problems.push('modal has no title');
    if (
      typeof payload.private_metadata === 'string' &&
      payload.private_metadata.length > LIMITS.privateMetadata
    )
      problems.push('private_metadata > 3000 chars');
    if (blocks.some((b) => b.type === 'input') && !payload.submit)
      problems.push('modal with inputs needs submit');
  }
  if (typeof payload.callback_id === 'string' && payload.callback_id.length > LIMITS.id)
    problems.push('callback_id > 255');
  const blockIds = new Set<string>();
  blocks.forEach((block, i) => {
    const where = `block ${i} (${String(block.type)})`;
    if (typeof block.block_id === 'string') {
      if (block.block_id.length > LIMITS.id) problems.push(`${where}: block_id > 255`);
      if (blockIds.has(block.block_id)) problems.push(`${where}: duplicate block_id ${block.block_id}`);
      blockIds.add(block.block_id);
    }
    switch (block.type) {
      case 'section': {
        const text = block.text as Json | undefined;
        const fields = block.fields as Json[] | undefined;
        if (!text && !fields) problems.push(`${where}: section needs text or fields`);
        if (text) checkText(text, LIMITS.sectionText, `${where} text`, problems, 1);
        if (fields) {
          if (fields.length > LIMITS.sectionFields) problems.push(`${where}: ${fields.length} fields > 10`);
          fields.forEach((f, j) => {
            checkText(f, LIMITS.fieldText, `${where} field ${j}`, problems, 1);
          });
        }
        if (block.accessory) checkElement(block.accessory as Json, `${where} accessory`, problems);
        break;
      }
      case 'header':
        checkText(block.text as Json, LIMITS.headerText, `${where} header`, problems, 1);
        if ((block.text as Json | undefined)?.type !== 'plain_text')
          problems.push(`${where}: header must be plain_text`);
        break;
      case 'context': {
        const elements = (block.elements ?? []) as Json[];
        if (elements.length === 0 || elements.length > LIMITS.contextElements)
          problems.push(`${where}: ${elements.length} context elements (1–10)`);
        elements.forEach((e, j) => {
          if (e.type === 'image') checkImage(e, `${where} element ${j}`, problems);
          else checkText(e, LIMITS.sectionText, `${where} element ${j}`, problems, 1);
        });
        break;
      }
      case 'actions': {
        const elements = (block.elements ?? []) as Json[];
        if (elements.length === 0 || elements.length > LIMITS.actionsElements)
          problems.push(`${where}: ${elements.length} action elements (1–25)`);
        const actionIds = new Set<string>();
        elements.forEach((e, j) => {
          checkElement(e, `${where} element ${j}`, problems);
          if (typeof e.action_id === 'string') {
            if (actionIds.has(e.action_id)) problems.push(`${where}: duplicate action_id ${e.action_id}`);
            actionIds.add(e.action_id);
          }
        });
        break;
      }
      case 'image':
        checkImage(block, where, problems);
        break;
      case 'input':
        if (surface === 'message') problems.push(`${where}: input blocks belong in modals`);
        checkText(block.label as Json, 2000, `${where} label`, problems, 1);
        if (block.element) checkElement(block.element as Json, `${where} element`, problems);
        break;
      case 'divider':
        break;
      case 'rich_text':
      case 'markdown':
        break;
      default:
        problems.push(`${where}: unexpected block type`);
    }
  });
  return problems;
}

/** Assert a payload is within Block Kit limits, showing every violation. */
export function expectValidBlockKit(
  payload: Parameters<typeof blockKitViolations>[0],
  surface: Surface,
): void {
  expect(blockKitViolations(payload, surface)).toEqual([]);
}

function checkText(text: Json | undefined, max: number, where: string, problems: string[], min = 0): void {
  if (!text || typeof text !== 'object') {
    problems.push(`${where}: missing text object`);
    return;
  }
  if (text.type !== 'plain_text' && text.type !== 'mrkdwn')
    problems.push(`${where}: bad text type ${String(text.type)}`);
  const value = text.text;
  if (typeof value !== 'string') {
    problems.push(`${where}: text is not a string`);
    return;
  }
  if (value.length < min) problems.push(`${where}: empty text`);
  if (value.length > max) problems.push(`${where}: ${value.length} chars > ${max}`);
  if (/undefined|NaN|\[object Object\]/.test(value))
    problems.push(`${where}: shows "${value.match(/undefined|NaN|\[object Object\]/)?.[0]}"`);
}

function checkImage(image: Json, where: string, problems: string[]): void {
  const url = image.image_url;
  if (typeof url !== 'string' || !/^https?:\/\//.test(url))
    problems.push(`${where}: image_url missing or not http(s)`);
  else if (url.length > LIMITS.url) problems.push(`${where}: image_url > 3000`);
  if (typeof image.alt_text !== 'string' || image.alt_text.length === 0)
    problems.push(`${where}: image needs alt_text`);
  else if (image.alt_text.length > LIMITS.altText) problems.push(`${where}: alt_text > 2000`);
}

function checkElement(element: Json, where: string, problems: string[]): void {
  if (typeof element.action_id === 'string' && element.action_id.length > LIMITS.id)
    problems.push(`${where}: action_id > 255`);
  switch (element.type) {
    case 'button': {
      checkText(element.text as Json, LIMITS.buttonText, `${where} button text`, problems, 1);
      if (typeof element.value === 'string' && element.value.length > LIMITS.buttonValue)
        problems.push(`${where}: button value > 2000`);
      if (
        element.url !== undefined &&
        (typeof element.url !== 'string' ||
          element.url.length > LIMITS.url ||
          !/^https?:\/\//.test(element.url))
      )
        problems.push(`${where}: bad button url`);
      if (element.style !== undefined && element.style !== 'primary' && element.style !== 'danger')
        problems.push(`${where}: bad style`);
      break;
    }
    case 'image':
      checkImage(element, where, problems);
      break;
    case 'static_select':
    case 'multi_static_select':
    case 'radio_buttons':
    case 'checkboxes':
    case 'overflow': {
      const options = (element.options ?? []) as Json[];
      const groups = (element.option_groups ?? []) as Json[];
      const max =
        element.type === 'overflow'
          ? 5
          : element.type === 'radio_buttons' || element.type === 'checkboxes'
            ? 10
            : LIMITS.options;
      if (options.length > max) problems.push(`${where}: ${options.length} options > ${max}`);
      for (const o of [...options, ...groups.flatMap((g) => (g.options ?? []) as Json[])])
        checkOption(o, where, problems);
      break;
    }
    default:
      break;
  }
}

function checkOption(option: Json, where: string, problems: string[]): void {
  checkText(option.text as Json, LIMITS.optionText, `${where} option text`, problems, 1);
  if (typeof option.value !== 'string' || option.value.length > LIMITS.optionValue)
    problems.push(`${where}: option value missing or > 75`);
}
