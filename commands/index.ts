import type { Feature } from '../src/feature.ts';
import { apiKey } from './api-key.ts';
import { batch } from './batch/index.ts';
import { creator } from './creator/index.ts';
import { credits } from './credits.ts';
import { digest } from './digest.ts';
import { discover } from './discover/index.ts';
import { home } from './home.ts';
import { overlap } from './overlap.ts';
import { share } from './share.ts';
import { shortcuts } from './shortcuts.ts';
import { shortlist } from './shortlist/index.ts';
import { similar } from './similar.ts';
import { socials } from './socials.ts';
import { unfurl } from './unfurl.ts';
import { vetting } from './vetting/index.ts';

/**
 * Every feature Scout has, in one list: this is the table of contents of the app.
 * Each module registers its slash command together with its buttons, modals and events.
 */
export const features: readonly Feature[] = [
  share,
  creator,
  socials,
  similar,
  overlap,
  discover,
  credits,
  home,
  apiKey,
  batch,
  unfurl,
  shortcuts,
  digest,
  shortlist,
  vetting,
];
