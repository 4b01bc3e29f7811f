import type { Button } from '@slack/types';
import type { CreatorSnapshot } from '../src/shortlists/types.ts';
import { button } from './blocks.ts';
import { LIMITS } from './format.ts';

/** The "Add to shortlist" button that cards and result rows carry (handled by /shortlist). */

export const SHORTLIST_ADD_ACTION = 'shortlist_add';

/** The button, or undefined when the creator has no handle (nothing to add). */
export function addToShortlistButton(snapshot: CreatorSnapshot | null): Button | undefined {
  if (!snapshot) return undefined;
  const value = JSON.stringify(snapshot);
  if (value.length > LIMITS.buttonValue) return undefined;
  return button({ text: 'Add to shortlist', actionId: SHORTLIST_ADD_ACTION, value });
}
