import { state } from './state.js';

// mrkdwn, emoji and images for the playground page (plain browser JavaScript).

export const EMOJI = {
  warning: '⚠️',
  white_check_mark: '✅',
  x: '❌',
  hourglass: '⌛',
  hourglass_flowing_sand: '⏳',
  mag: '🔍',
  link: '🔗',
  coin: '🪙',
  star: '⭐',
  heart: '❤️',
  eyes: '👀',
  speech_balloon: '💬',
  round_pushpin: '📍',
  busts_in_silhouette: '👥',
  bust_in_silhouette: '👤',
  page_facing_up: '📄',
  inbox_tray: '📥',
  outbox_tray: '📤',
  information_source: 'ℹ️',
  no_entry: '⛔',
  no_entry_sign: '🚫',
  recycle: '♻️',
  arrows_counterclockwise: '🔄',
  arrow_forward: '▶️',
  double_vertical_bar: '⏸️',
  grey_question: '❔',
  thinking_face: '🤔',
  lock: '🔒',
  cloud: '☁️',
  tada: '🎉',
  fire: '🔥',
  sparkles: '✨',
  rocket: '🚀',
  bar_chart: '📊',
  chart_with_upwards_trend: '📈',
  chart_with_downwards_trend: '📉',
  email: '📧',
  envelope: '✉️',
  globe_with_meridians: '🌐',
  camera: '📷',
  movie_camera: '🎥',
  tv: '📺',
  video_game: '🎮',
  iphone: '📱',
  '+1': '👍',
  '-1': '👎',
  heavy_check_mark: '✔️',
  large_green_circle: '🟢',
  red_circle: '🔴',
  large_yellow_circle: '🟡',
  moneybag: '💰',
  money_with_wings: '💸',
  gear: '⚙️',
  bell: '🔔',
  calendar: '📅',
  clock3: '🕒',
  trophy: '🏆',
  medal: '🏅',
  crown: '👑',
  handshake: '🤝',
  wave: '👋',
  bulb: '💡',
  memo: '📝',
  clipboard: '📋',
  file_folder: '📁',
  paperclip: '📎',
  pushpin: '📌',
  satellite: '📡',
  heavy_plus_sign: '➕',
  heavy_minus_sign: '➖',
  arrow_right: '➡️',
  arrow_left: '⬅️',
  arrow_up: '⬆️',
  arrow_down: '⬇️',
  small_red_triangle: '🔺',
  small_red_triangle_down: '🔻',
  house: '🏠',
  stop_sign: '🛑',
  construction: '🚧',
  robot_face: '🤖',
  sleeping: '😴',
  zap: '⚡',
};

// ---------- tiny DOM helper ----------
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
    else if (key === 'html') el.innerHTML = value;
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

// ---------- mrkdwn ----------
export const escapeHtml = (s) =>
  String(s).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c],
  );

export function userName(id) {
  const user = state.data?.users.find((u) => u.id === id);
  return user ? user.name : id;
}

export function emoji(text) {
  return text.replace(/:([a-z0-9_+-]+):/g, (all, name) => EMOJI[name] ?? all);
}

/** Slack mrkdwn (already &-escaped by the sender) → safe HTML. */
export function mrkdwnToHtml(input) {
  // Links and mentions become placeholders first, so `*<url|label>*` is a bold link like in Slack.
  const specials = [];
  const text = String(input ?? '').replace(/<([^<>]+)>/g, (_, inner) => {
    specials.push(special(inner));
    return `\uE000${specials.length - 1}\uE001`;
  });
  return formatPlain(text).replace(/\uE000(\d+)\uE001/g, (_, i) => specials[Number(i)]);
}

export function special(inner) {
  const [target, label] = inner.split('|');
  if (target.startsWith('@')) return `<span class="mention">@${escapeHtml(userName(target.slice(1)))}</span>`;
  if (target.startsWith('#')) {
    const id = target.slice(1);
    const name = label || state.data?.channels.find((c) => c.id === id)?.name || id;
    return `<span class="mention">#${escapeHtml(name)}</span>`;
  }
  if (target.startsWith('!date')) return escapeHtml(label ?? '');
  if (target.startsWith('!')) return `<span class="mention">@${escapeHtml(label ?? target.slice(1))}</span>`;
  const href = target.replace(/&amp;/g, '&');
  if (!/^(https?:|mailto:)/i.test(href)) return formatPlain(label ?? target);
  return `<a href="${escapeHtml(href)}" target="_blank" rel="noopener noreferrer">${formatPlain(label ?? target)}</a>`;
}

export function formatPlain(segment) {
  // The sender escaped &, < and >; decode then escape for HTML (quotes too).
  let s = escapeHtml(segment.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&'));
  s = s.replace(/```([\s\S]+?)```/g, (_, code) => `<pre>${code}</pre>`);
  s = s.replace(/`([^`\n]+)`/g, (_, code) => `<code>${code}</code>`);
  s = s.replace(/(^|[\s(>])\*([^*\n]+)\*(?=$|[\s).,!?:;<\uE000])/g, '$1<b>$2</b>');
  s = s.replace(/(^|[\s(>])_([^_\n]+)_(?=$|[\s).,!?:;<\uE000])/g, '$1<i>$2</i>');
  s = s.replace(/(^|[\s(>])~([^~\n]+)~(?=$|[\s).,!?:;<\uE000])/g, '$1<s>$2</s>');
  s = s.replace(/(^|\n)&gt; ?([^\n]*)/g, '$1<blockquote>$2</blockquote>');
  return emoji(s);
}

export function textObject(obj, cls = '') {
  if (!obj) return null;
  if (obj.type === 'mrkdwn') return h('div', { class: `mrkdwn ${cls}`, html: mrkdwnToHtml(obj.text) });
  return h('div', { class: `mrkdwn ${cls}` }, obj.emoji === false ? obj.text : emoji(obj.text ?? ''));
}

export const plain = (obj) => (obj ? emoji(String(obj.text ?? '')) : '');

// ---------- images ----------
export function image(url, alt, size) {
  const fallback = () =>
    h(
      'span',
      { class: 'img-fallback', style: `width:${size}px;height:${size}px`, title: alt || '' },
      (alt || '?')
        .replace(/[^A-Za-z0-9]/g, '')
        .slice(0, 2)
        .toUpperCase() || '🖼',
    );
  let host = '';
  try {
    host = new URL(url).hostname;
  } catch {
    return fallback();
  }
  // The API double's pictures live on reserved example domains: show initials instead of a broken image.
  if (/\.(test|example|invalid|localhost)$|(^|\.)example\.(com|org|net)$/.test(host)) return fallback();
  const img = h('img', { src: url, alt: alt || '', loading: 'lazy', referrerpolicy: 'no-referrer' });
  img.addEventListener('error', () => img.replaceWith(fallback()));
  return img;
}
