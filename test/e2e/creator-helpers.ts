import { expect } from 'vitest';
import type { Harness } from '../support/harness.ts';

/** Reading the creator card and its buttons in what Scout posted, for the /creator end-to-end tests. */

export const ENRICH = '/public/v1/creators/enrich/handle/full/';
export const EMAIL_BASIC = '/public/v1/creators/enrich/email/';
export const EMAIL_ADVANCED = '/public/v1/creators/enrich/email/advanced/';
export const POSTS = '/public/v1/creators/content/posts/';
export const SOCIALS = '/public/v1/creators/socials/';
export const TEAM = 'T0TEST';

export type Json = Record<string, unknown>;
export interface Element {
  type: string;
  action_id?: string;
  value?: string;
  text?: { text: string };
  confirm?: { text: { text: string }; confirm: { text: string } };
}
export interface Block {
  type: string;
  text?: { type: string; text: string };
  fields?: { text: string }[];
  elements?: (Element & { text?: unknown })[];
  accessory?: Element;
}

export function blocksOf(body: Json): Block[] {
  return (body.blocks ?? []) as Block[];
}

/** Only what Slack parses for mentions and links: mrkdwn text objects and the notification fallback. */
export function mrkdwnText(body: Json): string {
  const parts = [String(body.text ?? '')];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node && typeof node === 'object') {
      const o = node as Json;
      if (o.type === 'mrkdwn' && typeof o.text === 'string') parts.push(o.text);
      Object.values(o).forEach(visit);
    }
  };
  visit(body.blocks);
  return parts.join('\n');
}

export function buttons(body: Json): Element[] {
  return blocksOf(body).flatMap((b) => [
    ...(b.type === 'actions' ? (b.elements ?? []) : []),
    ...(b.accessory?.type === 'button' ? [b.accessory] : []),
  ]);
}

export function buttonOf(body: Json, actionId: string): Element {
  const found = buttons(body).find((e) => e.action_id === actionId);
  if (!found) throw new Error(`no ${actionId} button in ${JSON.stringify(body).slice(0, 500)}`);
  return found;
}

/** The field `*Label*\nvalue` of a card. */
export function field(body: Json, label: string): string | undefined {
  for (const b of blocksOf(body)) {
    for (const f of b.fields ?? []) {
      if (f.text.startsWith(`*${label}*\n`)) return f.text.slice(label.length + 3);
    }
  }
  return undefined;
}

export function requestsTo(h: Harness, path: string) {
  return h.api.requests.filter((r) => r.path === path);
}

export async function lookUp(h: Harness, text: string, user = 'U0ALICE') {
  const { ack, responseId } = await h.command('/creator', text, { user_id: user });
  expect(ack.status).toBe(200);
  const posted = await h.slack.waitForResponse(responseId);
  return { ack: ack.json as Json, body: posted.body, responseId };
}

export async function click(h: Harness, actionId: string, value: string) {
  const { ack, responseId } = await h.action({ action_id: actionId, value });
  expect(ack.status).toBe(200);
  const posted = await h.slack.waitForResponse(responseId ?? '');
  return posted.body;
}
