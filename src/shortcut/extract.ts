import { parseCreatorRef } from '../creator-ref.ts';
import type { Platform } from '../ic/platforms.ts';
import { profileOfLink } from '../unfurl/links.ts';

/**
 * Every creator a Slack message names: profile links (Slack sends them as `<url|label>` or
 * bare), `@handles` and email addresses (`<mailto:…|…>` or bare). Slack mentions of people,
 * channels and groups (`<@U…>`, `<#C…>`, `<!…>`) are never creators; links to posts and other
 * sites are skipped. Duplicates (however written) count once, in order of first appearance.
 */

export type FoundCreator =
  | {
      kind: 'handle';
      platform: Platform;
      handle: string;
      /** The platform was guessed (a bare @handle is taken for Instagram); a link says its own. */
      guessed: boolean;
    }
  | { kind: 'email'; email: string };

export function creatorKey(found: FoundCreator): string {
  return found.kind === 'email' ? `email:${found.email}` : `${found.platform}:${found.handle}`;
}

const SLACK_ENTITY = /<([^<>]+)>/g;
const BARE_URL = /https?:\/\/[^\s<>"')\]]+/gi;
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
/** An @handle standing alone (not inside an email or a word). */
const AT_HANDLE = /(^|[\s(,;:!?"'])@([\p{L}\p{N}._-]{1,60})/gu;

function fromLink(url: string): FoundCreator | null {
  const target = profileOfLink(url.replace(/[.,;:!?]+$/, ''));
  return target ? { kind: 'handle', ...target, guessed: false } : null;
}

function fromEmail(text: string): FoundCreator | null {
  const ref = parseCreatorRef(text);
  return ref.kind === 'email' ? { kind: 'email', email: ref.email } : null;
}

function fromHandle(handle: string): FoundCreator | null {
  const ref = parseCreatorRef(`@${handle.replace(/[.]+$/, '')}`);
  return ref.kind === 'handle'
    ? { kind: 'handle', platform: ref.platform, handle: ref.handle, guessed: true }
    : null;
}

export function creatorsInText(text: string): FoundCreator[] {
  const found: FoundCreator[] = [];
  const add = (creator: FoundCreator | null) => {
    if (creator && !found.some((f) => creatorKey(f) === creatorKey(creator))) found.push(creator);
  };
  // Slack's own markup first: links and mailto, never mentions.
  const rest = text.replace(SLACK_ENTITY, (_whole, inner: string) => {
    const target = inner.split('|')[0] ?? '';
    if (/^mailto:/i.test(target)) add(fromEmail(target.slice('mailto:'.length)));
    else if (/^https?:\/\//i.test(target)) add(fromLink(target));
    return ' ';
  });
  const withoutUrls = rest.replace(BARE_URL, (url) => {
    add(fromLink(url));
    return ' ';
  });
  const withoutEmails = withoutUrls.replace(EMAIL, (email) => {
    add(fromEmail(email));
    return ' ';
  });
  for (const match of withoutEmails.matchAll(AT_HANDLE)) {
    const word = match[2] ?? '';
    if (/^(channel|here|everyone)$/i.test(word)) continue;
    add(fromHandle(word));
  }
  return found;
}
