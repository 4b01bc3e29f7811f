/**
 * Every text a person sees in a Slack message, in order: the notification fallback, then each
 * block's text, fields and elements (context text, button labels).
 */
export function visibleText(body: unknown): string {
  const message = (body ?? {}) as { text?: unknown; blocks?: unknown };
  const parts = [String(message.text ?? '')];
  const blocks = Array.isArray(message.blocks) ? (message.blocks as Block[]) : [];
  for (const b of blocks) {
    if (b.text) parts.push(b.text.text);
    for (const f of b.fields ?? []) parts.push(f.text);
    for (const e of b.elements ?? []) {
      if (typeof e.text === 'string') parts.push(e.text);
      else if (e.text && typeof e.text === 'object') parts.push(e.text.text);
    }
  }
  return parts.join('\n');
}

interface Block {
  text?: { text: string };
  fields?: { text: string }[];
  elements?: { text?: string | { text: string } }[];
}
