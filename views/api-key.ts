import type { HomeView, KnownBlock, ModalView } from '@slack/types';
import { LIMITS } from '../src/text.ts';
import { actions, button, divider, modal, type SlackBlock, section } from './blocks.ts';
import { escapeMrkdwn } from './format.ts';

/**
 * A workspace's own Influencers Club API key (multi-workspace mode), for its admins in App Home: which
 * account the workspace spends, a modal to set or change the key (checked before it is saved) and a
 * way back to the shared account. The key itself is never shown: only its last four characters.
 */

export const API_KEY_ACTIONS = { set: 'scout_apikey_set', remove: 'scout_apikey_remove' } as const;
export const API_KEY_MODAL = {
  callbackId: 'scout_apikey_modal',
  blockId: 'scout_apikey',
  actionId: 'value',
} as const;

export const NO_API_KEY_TEXT =
  "Scout has no Influencers Club API key for this workspace yet, so nothing was looked up and nothing was charged. An admin adds one in Scout's App Home: open Scout, then Home → *Set API key*.";

export interface ApiKeyView {
  /** The workspace's own key, or null when it spends the shared account (or none). */
  readonly own: { readonly last4: string; readonly setBy: string; readonly setAt: number } | null;
  /** Whether Scout has a shared (operator) account to fall back on. */
  readonly operatorKey: boolean;
}

export function apiKeyBlocks(input: ApiKeyView): SlackBlock[] {
  const date = (at: number) => new Date(at).toISOString().slice(0, 10);
  const text = input.own
    ? `*Influencers Club account:* this workspace's own API key (ending in \`${escapeMrkdwn(input.own.last4)}\`), set by <@${input.own.setBy}> on ${date(input.own.setAt)}. Lookups here spend that account's credits; /credits shows its balance.`
    : input.operatorKey
      ? "*Influencers Club account:* Scout's shared account. Set this workspace's own API key to spend its own credits instead."
      : "*Influencers Club account:* none yet. Set this workspace's API key (Influencers Club dashboard → API) to start looking up creators.";
  const buttons = input.own
    ? [
        button({ text: 'Change API key', actionId: API_KEY_ACTIONS.set }),
        button({
          text: input.operatorKey ? "Use Scout's account" : 'Remove API key',
          actionId: API_KEY_ACTIONS.remove,
          style: 'danger',
          confirm: {
            title: 'Remove the API key?',
            text: input.operatorKey
              ? "This workspace's lookups will spend Scout's shared account again."
              : 'Paid lookups stop until an admin sets a key again.',
            confirm: 'Remove',
          },
        }),
      ]
    : [button({ text: 'Set API key', actionId: API_KEY_ACTIONS.set, style: 'primary' })];
  return [divider(), section(text), actions(buttons)];
}

/** The Home view with the API key part added at the end (when there is room). */
export function withApiKey(view: HomeView, input: ApiKeyView): HomeView {
  const extra = apiKeyBlocks(input);
  if (view.blocks.length + extra.length > LIMITS.surfaceBlocks) return view;
  return { ...view, blocks: [...view.blocks, ...extra] };
}

export function apiKeyModal(): ModalView {
  const plain = (text: string) => ({ type: 'plain_text' as const, text });
  return modal({
    callbackId: API_KEY_MODAL.callbackId,
    title: 'Influencers Club key',
    submit: 'Check and save',
    close: 'Cancel',
    blocks: [
      section(
        "This workspace's own Influencers Club API key. Scout checks it with the account's balance before saving it, keeps it encrypted and shows only its last four characters.",
      ),
      {
        type: 'input',
        block_id: API_KEY_MODAL.blockId,
        label: plain('API key'),
        element: {
          type: 'plain_text_input',
          action_id: API_KEY_MODAL.actionId,
          placeholder: plain('Your API key'),
        },
      } as KnownBlock,
    ],
  });
}

export function apiKeyCheckError(reason: 'rejected' | 'unreachable' | 'malformed'): string {
  switch (reason) {
    case 'rejected':
      return 'Influencers Club did not accept this key. Copy it again from your dashboard.';
    case 'unreachable':
      return 'Influencers Club could not be reached to check this key. Try again in a moment.';
    case 'malformed':
      return 'An API key is one word without spaces.';
  }
}
