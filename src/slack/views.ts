import type { ModalView } from '@slack/types';
import type { WebClient } from '@slack/web-api';

/**
 * Opening and updating modals with the views' own `ModalView` type, so a modal built in views/ is
 * checked against what views.open/views.update accept instead of being cast past the compiler.
 */

/** Opens `view`; the trigger id expires 3 s after the interaction that carried it. */
export async function openModal(client: WebClient, triggerId: string, view: ModalView): Promise<void> {
  await client.views.open({ trigger_id: triggerId, view });
}

/**
 * Replaces an open modal. With `hash`, Slack refuses the update (hash_conflict) when the modal
 * changed since that hash was read, so a newer update is never overwritten by an older one.
 */
export async function updateModal(
  client: WebClient,
  modal: { id: string; hash?: string | undefined },
  view: ModalView,
): Promise<void> {
  await client.views.update({ view_id: modal.id, ...(modal.hash ? { hash: modal.hash } : {}), view });
}
