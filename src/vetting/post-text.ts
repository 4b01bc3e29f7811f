import { isRecord } from '../ic/schemas/common.ts';

/**
 * The readable text of a post-details answer, whose shape is not documented per content type
 * (api-ref#open-questions q11): every string under a key that names text (transcript, comment text,
 * caption, …), at most 20,000 characters.
 */
const TEXT_KEY = /^(text|transcript|caption|comments?|content|body|title|description)$/i;
const MAX = 20_000;

export function textOf(result: unknown): string {
  const parts: string[] = [];
  let length = 0;
  const visit = (node: unknown, key: string, depth: number): void => {
    if (length >= MAX || depth > 6) return;
    if (typeof node === 'string') {
      if (TEXT_KEY.test(key) && node.trim() !== '') {
        parts.push(node);
        length += node.length + 1;
      }
      return;
    }
    if (Array.isArray(node)) {
      for (const item of node) visit(item, key, depth + 1);
      return;
    }
    if (isRecord(node)) for (const [k, v] of Object.entries(node)) visit(v, k, depth + 1);
  };
  visit(result, '', 0);
  return parts.join('\n').slice(0, MAX);
}
