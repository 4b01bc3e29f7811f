// The playground page's script: renders what Scout posted (Block Kit) and sends what the person does
// back to the playground server, which turns it into the signed Slack request Scout expects.
// Plain browser JavaScript, no build step, no framework.

const state = {
  user: localStorage.getItem('scout-playground-user') || 'U0MEMBER',
  tab: 'C0MARKETING',
  version: -1,
  data: null,
  rendered: { messages: '', modal: '', modalErrors: '', home: '' },
  poll: null,
};

const EMOJI = {
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
function h(tag, attrs = {}, ...children) {
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
const escapeHtml = (s) =>
  String(s).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c],
  );

function userName(id) {
  const user = state.data?.users.find((u) => u.id === id);
  return user ? user.name : id;
}

function emoji(text) {
  return text.replace(/:([a-z0-9_+-]+):/g, (all, name) => EMOJI[name] ?? all);
}

/** Slack mrkdwn (already &-escaped by the sender) → safe HTML. */
function mrkdwnToHtml(input) {
  // Links and mentions become placeholders first, so `*<url|label>*` is a bold link like in Slack.
  const specials = [];
  const text = String(input ?? '').replace(/<([^<>]+)>/g, (_, inner) => {
    specials.push(special(inner));
    return `\uE000${specials.length - 1}\uE001`;
  });
  return formatPlain(text).replace(/\uE000(\d+)\uE001/g, (_, i) => specials[Number(i)]);
}

function special(inner) {
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

function formatPlain(segment) {
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

function textObject(obj, cls = '') {
  if (!obj) return null;
  if (obj.type === 'mrkdwn') return h('div', { class: `mrkdwn ${cls}`, html: mrkdwnToHtml(obj.text) });
  return h('div', { class: `mrkdwn ${cls}` }, obj.emoji === false ? obj.text : emoji(obj.text ?? ''));
}

const plain = (obj) => (obj ? emoji(String(obj.text ?? '')) : '');

// ---------- images ----------
function image(url, alt, size) {
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

// ---------- elements ----------
/** ctx: { kind: 'message', channel, ts } | { kind: 'view', viewId, root } */
function send(path, body) {
  return fetch(`${path}?user=${encodeURIComponent(state.user)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  }).then((r) => r.json());
}

function fireAction(ctx, blockId, element, extra) {
  const action = { type: element.type, action_id: element.action_id, block_id: blockId, ...extra };
  if (ctx.kind === 'message') return send('/pg/action', { channel: ctx.channel, ts: ctx.ts, action });
  return send('/pg/action', { viewId: ctx.viewId, values: collectValues(ctx.root()), action });
}

function optionList(element) {
  if (element.option_groups) {
    return element.option_groups.flatMap((g) => g.options.map((o) => ({ ...o, group: plain(g.label) })));
  }
  return element.options ?? [];
}

function optionFromValue(element, value) {
  return optionList(element).find((o) => o.value === value);
}

function selectElement(element, { multiple = false, placeholder } = {}) {
  const select = h('select', { multiple, 'aria-label': placeholder || element.action_id });
  if (!multiple)
    select.append(h('option', { value: '' }, placeholder || plain(element.placeholder) || 'Choose…'));
  const initial = new Set(
    [element.initial_option?.value, ...(element.initial_options ?? []).map((o) => o.value)].filter(Boolean),
  );
  const groups = new Map();
  for (const option of optionList(element)) {
    const node = h(
      'option',
      { value: option.value, selected: initial.has(option.value) },
      plain(option.text),
    );
    if (option.group) {
      if (!groups.has(option.group)) {
        const group = h('optgroup', { label: option.group });
        groups.set(option.group, group);
        select.append(group);
      }
      groups.get(option.group).append(node);
    } else select.append(node);
  }
  if (multiple) select.size = Math.min(6, Math.max(3, select.options.length));
  return select;
}

function conversationOptions(element) {
  const channels = state.data?.channels ?? [];
  return {
    ...element,
    options: channels.map((c) => ({ text: { type: 'plain_text', text: `#${c.name}` }, value: c.id })),
    initial_option:
      element.initial_conversation || element.initial_channel
        ? { value: element.initial_conversation || element.initial_channel }
        : undefined,
  };
}

function userOptions(element) {
  return {
    ...element,
    options: (state.data?.users ?? []).map((u) => ({
      text: { type: 'plain_text', text: u.name },
      value: u.id,
    })),
    initial_option: element.initial_user ? { value: element.initial_user } : undefined,
  };
}

/** An interactive element; `input` says it sits in an input block (its value is state, not an action). */
function renderElement(element, blockId, ctx, input = null) {
  const stateAttrs = (el) => {
    el.dataset.state = element.type;
    el.dataset.blockId = blockId;
    el.dataset.actionId = element.action_id ?? '';
    return el;
  };
  const dispatch = input?.dispatch_action === true || !input;
  switch (element.type) {
    case 'button': {
      const button = h(
        'button',
        {
          class: `btn ${element.style ?? ''}`,
          type: 'button',
          dataset: { actionId: element.action_id ?? '' },
        },
        plain(element.text),
      );
      button.addEventListener('click', async () => {
        if (
          element.confirm &&
          !window.confirm(`${plain(element.confirm.title)}\n\n${element.confirm.text?.text ?? ''}`)
        )
          return;
        if (element.url) window.open(element.url, '_blank', 'noopener');
        button.disabled = true;
        try {
          await fireAction(
            ctx,
            blockId,
            element,
            element.value !== undefined ? { value: element.value } : {},
          );
        } finally {
          button.disabled = false;
        }
      });
      return button;
    }
    case 'static_select':
    case 'conversations_select':
    case 'channels_select':
    case 'users_select':
    case 'overflow': {
      const source =
        element.type === 'conversations_select' || element.type === 'channels_select'
          ? conversationOptions(element)
          : element.type === 'users_select'
            ? userOptions(element)
            : element;
      const select = selectElement(source, { placeholder: element.type === 'overflow' ? '⋯' : undefined });
      if (input) stateAttrs(select);
      if (dispatch) {
        select.addEventListener('change', () => {
          const value = select.value;
          if (!value) return;
          const extra =
            element.type === 'conversations_select'
              ? { selected_conversation: value }
              : element.type === 'channels_select'
                ? { selected_channel: value }
                : element.type === 'users_select'
                  ? { selected_user: value }
                  : { selected_option: optionFromValue(element, value) };
          fireAction(ctx, blockId, element, extra);
        });
      }
      return select;
    }
    case 'multi_static_select':
    case 'multi_conversations_select':
    case 'multi_users_select': {
      const source =
        element.type === 'multi_static_select'
          ? element
          : element.type === 'multi_users_select'
            ? userOptions(element)
            : conversationOptions(element);
      const select = selectElement(source, { multiple: true });
      if (input) stateAttrs(select);
      return select;
    }
    case 'external_select':
    case 'multi_external_select':
      return externalSelect(element, blockId, ctx, input, stateAttrs);
    case 'plain_text_input': {
      const attrs = {
        placeholder: plain(element.placeholder),
        'aria-label': input ? plain(input.label) : element.action_id,
      };
      const field = element.multiline
        ? h('textarea', { ...attrs, rows: 3 }, element.initial_value ?? '')
        : h('input', { ...attrs, type: 'text', value: element.initial_value ?? '' });
      return stateAttrs(field);
    }
    case 'number_input':
      return stateAttrs(
        h('input', {
          type: 'number',
          step: element.is_decimal_allowed ? 'any' : '1',
          min: element.min_value,
          max: element.max_value,
          value: element.initial_value ?? '',
          placeholder: plain(element.placeholder),
          'aria-label': input ? plain(input.label) : element.action_id,
        }),
      );
    case 'datepicker':
      return stateAttrs(h('input', { type: 'date', value: element.initial_date ?? '' }));
    case 'checkboxes':
    case 'radio_buttons': {
      const initial = new Set(
        [element.initial_option?.value, ...(element.initial_options ?? []).map((o) => o.value)].filter(
          Boolean,
        ),
      );
      const name = `${blockId}-${element.action_id}`;
      const list = stateAttrs(h('div', { class: 'choice-list' }));
      for (const option of element.options ?? []) {
        list.append(
          h(
            'label',
            {},
            h('input', {
              type: element.type === 'checkboxes' ? 'checkbox' : 'radio',
              name,
              value: option.value,
              checked: initial.has(option.value),
            }),
            ' ',
            plain(option.text),
          ),
        );
      }
      list._options = element.options ?? [];
      return list;
    }
    case 'image':
      return image(element.image_url, element.alt_text, 20);
    default:
      return h('span', { class: 'edited' }, `[${element.type} is not shown in the playground]`);
  }
}

function externalSelect(element, blockId, ctx, input, stateAttrs) {
  const multiple = element.type === 'multi_external_select';
  const wrap = stateAttrs(h('div', { class: 'ext' }));
  const selected = [
    ...(element.initial_options ?? []),
    ...(element.initial_option ? [element.initial_option] : []),
  ];
  wrap._selected = selected;
  const chips = h('div', { class: 'chips' });
  const field = h('input', {
    type: 'text',
    placeholder: plain(element.placeholder) || 'Type to search…',
    'aria-label': input ? plain(input.label) : element.action_id,
  });
  const list = h('ul', { hidden: true, role: 'listbox' });
  const drawChips = () => {
    chips.replaceChildren(
      ...wrap._selected.map((o) =>
        h(
          'span',
          { class: 'chip' },
          plain(o.text),
          h(
            'button',
            {
              type: 'button',
              'aria-label': `Remove ${plain(o.text)}`,
              onclick: () => {
                wrap._selected = wrap._selected.filter((s) => s.value !== o.value);
                drawChips();
              },
            },
            '×',
          ),
        ),
      ),
    );
  };
  const pick = (option) => {
    wrap._selected = multiple
      ? [...wrap._selected.filter((s) => s.value !== option.value), option]
      : [option];
    drawChips();
    list.hidden = true;
    field.value = '';
    if (!multiple && input?.dispatch_action) fireAction(ctx, blockId, element, { selected_option: option });
  };
  let seq = 0;
  field.addEventListener('input', async () => {
    const value = field.value;
    const min = element.min_query_length ?? 3;
    if (value.length < min) {
      list.hidden = true;
      return;
    }
    const mine = ++seq;
    const answer = await send('/pg/suggest', {
      viewId: ctx.viewId,
      values: collectValues(ctx.root()),
      block_id: blockId,
      action_id: element.action_id,
      value,
    });
    if (mine !== seq) return;
    const items = [];
    const add = (o) => items.push(h('li', { role: 'option', onclick: () => pick(o) }, plain(o.text)));
    for (const o of answer.options ?? []) add(o);
    for (const g of answer.option_groups ?? []) {
      items.push(h('li', { class: 'group' }, plain(g.label)));
      for (const o of g.options ?? []) add(o);
    }
    if (items.length === 0) items.push(h('li', { class: 'group' }, 'No matches'));
    list.replaceChildren(...items);
    list.hidden = false;
  });
  drawChips();
  wrap.append(chips, field, list);
  return wrap;
}

/** The modal's or Home tab's state, shaped like Slack's `view.state.values`. */
function collectValues(root) {
  const values = {};
  if (!root) return values;
  for (const el of root.querySelectorAll('[data-state]')) {
    const { blockId, actionId } = el.dataset;
    const type = el.dataset.state;
    let value;
    switch (type) {
      case 'plain_text_input':
      case 'number_input':
        value = { type, value: el.value === '' ? null : el.value };
        break;
      case 'datepicker':
        value = { type, selected_date: el.value || null };
        break;
      case 'static_select':
      case 'overflow': {
        const option = el.value ? [...el.options].find((o) => o.value === el.value) : null;
        value = {
          type,
          selected_option: option
            ? { text: { type: 'plain_text', text: option.textContent }, value: option.value }
            : null,
        };
        break;
      }
      case 'conversations_select':
        value = { type, selected_conversation: el.value || null };
        break;
      case 'channels_select':
        value = { type, selected_channel: el.value || null };
        break;
      case 'users_select':
        value = { type, selected_user: el.value || null };
        break;
      case 'multi_static_select':
        value = {
          type,
          selected_options: [...el.selectedOptions].map((o) => ({
            text: { type: 'plain_text', text: o.textContent },
            value: o.value,
          })),
        };
        break;
      case 'multi_conversations_select':
        value = { type, selected_conversations: [...el.selectedOptions].map((o) => o.value) };
        break;
      case 'multi_users_select':
        value = { type, selected_users: [...el.selectedOptions].map((o) => o.value) };
        break;
      case 'external_select':
        value = { type, selected_option: el._selected[0] ?? null };
        break;
      case 'multi_external_select':
        value = { type, selected_options: el._selected };
        break;
      case 'checkboxes':
      case 'radio_buttons': {
        const checked = [...el.querySelectorAll('input:checked')].map((i) =>
          el._options.find((o) => o.value === i.value),
        );
        value =
          type === 'checkboxes'
            ? { type, selected_options: checked }
            : { type, selected_option: checked[0] ?? null };
        break;
      }
      default:
        continue;
    }
    values[blockId] ??= {};
    values[blockId][actionId] = value;
  }
  return values;
}

// ---------- blocks ----------
function renderBlocks(blocks, ctx, errors = {}) {
  return (blocks ?? []).map((block, i) => renderBlock(block, ctx, errors, i));
}

function renderBlock(block, ctx, errors, index) {
  const blockId = block.block_id ?? `b${index}`;
  switch (block.type) {
    case 'section': {
      const content = h('div', { class: 'content' }, textObject(block.text));
      if (block.fields)
        content.append(
          h(
            'div',
            { class: 'fields' },
            block.fields.map((f) => textObject(f)),
          ),
        );
      const accessory = block.accessory
        ? h(
            'div',
            { class: 'accessory' },
            block.accessory.type === 'image'
              ? image(block.accessory.image_url, block.accessory.alt_text, 72)
              : renderElement(block.accessory, blockId, ctx),
          )
        : null;
      return h('div', { class: 'block section', dataset: { blockId } }, content, accessory);
    }
    case 'header':
      return h('div', { class: 'block header-block', role: 'heading', 'aria-level': 3 }, plain(block.text));
    case 'divider':
      return h('hr', { class: 'divider' });
    case 'context':
      return h(
        'div',
        { class: 'block context' },
        (block.elements ?? []).map((e) =>
          e.type === 'image' ? image(e.image_url, e.alt_text, 16) : textObject(e),
        ),
      );
    case 'image':
      return h(
        'div',
        { class: 'block image-block' },
        block.title ? h('div', { class: 'edited' }, plain(block.title)) : null,
        image(block.image_url, block.alt_text, 120),
      );
    case 'actions':
      return h(
        'div',
        { class: 'block actions', dataset: { blockId } },
        (block.elements ?? []).map((e) => renderElement(e, blockId, ctx)),
      );
    case 'input': {
      const error = errors[blockId];
      return h(
        'div',
        { class: 'block input-block', dataset: { blockId } },
        h(
          'label',
          {},
          plain(block.label),
          block.optional ? h('span', { class: 'optional' }, ' (optional)') : null,
        ),
        renderElement(block.element, blockId, ctx, block),
        block.hint ? h('div', { class: 'hint-text' }, plain(block.hint)) : null,
        h(
          'div',
          { class: 'error', role: 'alert', dataset: { errorFor: blockId }, hidden: !error },
          error ?? '',
        ),
      );
    }
    case 'rich_text':
      return h('div', { class: 'block mrkdwn' }, richText(block));
    default:
      return h('div', { class: 'block edited' }, `[${block.type} block]`);
  }
}

function richText(node) {
  if (typeof node.text === 'string') return node.text;
  if (node.type === 'link') return node.text ?? node.url;
  return (node.elements ?? []).map(richText).join('');
}

// ---------- messages ----------
function formatSize(bytes) {
  return bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} KB`;
}

function renderMessage(message) {
  const bot = message.user === 'UBOTSCOUT';
  const name = bot ? 'Scout' : userName(message.user);
  const time = new Date(Number(message.ts.split('.')[0]) * 1000).toLocaleTimeString([], {
    hour: '2-digit',
    minute: '2-digit',
  });
  const ctx = { kind: 'message', channel: message.channel, ts: message.ts };
  const body = h(
    'div',
    { class: 'msg-body' },
    message.ephemeralFor ? h('div', { class: 'only-you' }, 'Only visible to you') : null,
    h(
      'div',
      { class: 'meta' },
      h('span', { class: 'name' }, name),
      bot ? h('span', { class: 'app-badge' }, 'APP') : null,
      h('span', {}, time),
      message.edited ? h('span', { class: 'edited' }, '(edited)') : null,
    ),
    message.blocks?.length
      ? renderBlocks(message.blocks, ctx)
      : message.command
        ? h('div', { class: 'mrkdwn' }, h('code', {}, message.text))
        : message.text
          ? h('div', { class: 'mrkdwn', html: mrkdwnToHtml(message.text) })
          : null,
    (message.files ?? []).map((f) =>
      h(
        'div',
        { class: 'file-card' },
        h('span', { class: 'icon' }, (f.name.split('.').pop() || 'file').toUpperCase().slice(0, 4)),
        h(
          'div',
          {},
          h('div', { style: 'font-weight:600' }, f.name),
          h('div', { class: 'edited' }, formatSize(f.size)),
        ),
        h('a', { href: `/pg/files/${f.id}`, download: f.name, class: 'btn' }, 'Download'),
      ),
    ),
  );
  return h(
    'div',
    {
      class: `msg${message.ephemeralFor ? ' ephemeral' : ''}`,
      dataset: { ts: message.ts, ephemeral: message.ephemeralFor ? 'true' : 'false' },
    },
    h('div', { class: `avatar${bot ? ' bot' : ''}` }, bot ? 'S' : name.slice(0, 1)),
    body,
  );
}

function renderMessages() {
  const all = state.data.messages.filter((m) => m.channel === state.tab);
  const key = JSON.stringify(all);
  if (key === state.rendered.messages) return;
  state.rendered.messages = key;
  const container = document.getElementById('messages');
  const atBottom = container.scrollHeight - container.scrollTop - container.clientHeight < 80;
  const tops = all.filter((m) => !m.threadTs || m.threadTs === m.ts || !all.some((p) => p.ts === m.threadTs));
  const nodes = tops.map((m) => {
    const node = renderMessage(m);
    const replies = all.filter((r) => r.threadTs === m.ts && r.ts !== m.ts);
    if (replies.length > 0) {
      node
        .querySelector('.msg-body')
        .append(
          h(
            'div',
            { class: 'thread-label' },
            `${replies.length} ${replies.length === 1 ? 'reply' : 'replies'} in thread`,
          ),
          h('div', { class: 'thread', dataset: { threadOf: m.ts } }, replies.map(renderMessage)),
        );
    }
    return node;
  });
  if (nodes.length === 0) {
    nodes.push(
      h(
        'div',
        { class: 'empty' },
        'Nothing here yet. Try ',
        h('code', {}, '/creator acme_fitness'),
        ', ',
        h('code', {}, '/discover travel'),
        ' or drop a CSV below.',
      ),
    );
  }
  container.replaceChildren(...nodes);
  if (atBottom) container.scrollTop = container.scrollHeight;
}

// ---------- modal ----------
function renderModal() {
  const root = document.getElementById('modal-root');
  const modal = state.data.modal;
  const key = modal ? `${modal.id}:${modal.hash}` : '';
  if (key !== state.rendered.modal) {
    state.rendered.modal = key;
    state.rendered.modalErrors = '';
    if (!modal) {
      root.replaceChildren();
      return;
    }
    const view = modal.view;
    const ctx = { kind: 'view', viewId: modal.id, root: () => root.querySelector('.modal') };
    const close = () => send('/pg/close', { viewId: modal.id, values: collectValues(ctx.root()) });
    const submit = async (event) => {
      event.preventDefault();
      const button = root.querySelector('button[type="submit"]');
      if (button) button.disabled = true;
      try {
        await send('/pg/submit', { viewId: modal.id, values: collectValues(ctx.root()) });
      } finally {
        if (button) button.disabled = false;
      }
    };
    root.replaceChildren(
      h(
        'div',
        { class: 'overlay' },
        h(
          'form',
          {
            class: 'modal',
            role: 'dialog',
            'aria-modal': 'true',
            'aria-label': plain(view.title),
            onsubmit: submit,
          },
          h('h2', {}, plain(view.title)),
          h(
            'div',
            { class: 'modal-body' },
            renderBlocks(view.blocks, ctx, modal.errors ?? {}),
            h('div', { class: 'error', dataset: { errorFor: '_' }, hidden: true }),
          ),
          h(
            'footer',
            {},
            h('button', { class: 'btn', type: 'button', onclick: close }, plain(view.close) || 'Cancel'),
            view.submit ? h('button', { class: 'btn primary', type: 'submit' }, plain(view.submit)) : null,
          ),
        ),
      ),
    );
  }
  if (!modal) return;
  const errors = JSON.stringify(modal.errors ?? {});
  if (errors !== state.rendered.modalErrors) {
    state.rendered.modalErrors = errors;
    for (const el of root.querySelectorAll('[data-error-for]')) {
      const message = modal.errors?.[el.dataset.errorFor];
      el.textContent = message ?? '';
      el.hidden = !message;
    }
  }
}

// ---------- home ----------
function renderHome() {
  const root = document.getElementById('home');
  const home = state.data.home;
  const key = home ? `${home.id}:${home.hash}` : 'none';
  if (key === state.rendered.home) return;
  state.rendered.home = key;
  if (!home) {
    root.replaceChildren(h('div', { class: 'empty' }, 'Opening Scout’s Home tab…'));
    return;
  }
  const ctx = { kind: 'view', viewId: home.id, root: () => root };
  root.replaceChildren(...renderBlocks(home.view.blocks, ctx));
}

// ---------- chrome ----------
function renderChrome() {
  const data = state.data;
  document.getElementById('notes').textContent = data.notes.join(' ');
  const users = document.getElementById('user');
  if (users.options.length !== data.users.length) {
    users.replaceChildren(...data.users.map((u) => h('option', { value: u.id }, u.name)));
  }
  users.value = state.user;
  const tabs = [
    ...data.channels.map((c) => ({ id: c.id, label: `# ${c.name}` })),
    { id: `D${state.user}`, label: 'Scout DMs' },
    { id: 'home', label: 'Home' },
  ];
  const nav = document.getElementById('tabs');
  const key = tabs.map((t) => `${t.id}${t.id === state.tab}`).join();
  if (nav.dataset.key !== key) {
    nav.dataset.key = key;
    nav.replaceChildren(
      ...tabs.map((t) =>
        h(
          'button',
          {
            role: 'tab',
            type: 'button',
            'aria-selected': String(t.id === state.tab),
            onclick: () => selectTab(t.id),
          },
          t.label,
        ),
      ),
    );
  }
}

function render() {
  if (!state.data) return;
  renderChrome();
  document.getElementById('channel-view').hidden = state.tab === 'home';
  document.getElementById('home').hidden = state.tab !== 'home';
  if (state.tab === 'home') renderHome();
  else renderMessages();
  renderModal();
}

function selectTab(tab) {
  state.tab = tab;
  state.rendered.messages = '';
  render();
  if (tab === 'home') send('/pg/home', {});
}

async function pollLoop() {
  for (;;) {
    const controller = new AbortController();
    state.poll = controller;
    try {
      const response = await fetch(
        `/pg/state?user=${encodeURIComponent(state.user)}&since=${state.version}`,
        { signal: controller.signal },
      );
      const data = await response.json();
      state.data = data;
      state.version = data.version;
      render();
    } catch (error) {
      if (error.name !== 'AbortError') await new Promise((r) => setTimeout(r, 1000));
    }
  }
}

// ---------- composer ----------
const composer = document.getElementById('composer');
const suggestions = document.getElementById('suggestions');
const usageHint = document.getElementById('usage-hint');

function updateSuggestions() {
  const commands = state.data?.commands ?? [];
  const text = composer.value;
  const typed = /^(\/\S*)(\s?)/.exec(text);
  if (!typed) {
    suggestions.hidden = true;
    usageHint.textContent = '';
    return;
  }
  const exact = commands.find((c) => c.command === typed[1]);
  if (exact && typed[2]) {
    suggestions.hidden = true;
    usageHint.textContent = `${exact.command} ${exact.usageHint}`;
    return;
  }
  const matching = commands.filter((c) => c.command.startsWith(typed[1]));
  usageHint.textContent = '';
  suggestions.hidden = matching.length === 0;
  suggestions.replaceChildren(
    ...matching.map((c) =>
      h(
        'li',
        {
          onmousedown: (event) => {
            event.preventDefault();
            composer.value = `${c.command} `;
            composer.focus();
            updateSuggestions();
          },
        },
        h('span', { class: 'cmd' }, c.command),
        h('span', { class: 'usage' }, c.usageHint),
        h('span', { class: 'desc' }, c.description),
      ),
    ),
  );
}

composer.addEventListener('input', updateSuggestions);
composer.addEventListener('blur', () => {
  suggestions.hidden = true;
});
document.getElementById('composer-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const text = composer.value.trim();
  if (!text) return;
  composer.value = '';
  updateSuggestions();
  await send('/pg/command', { channel: state.tab, text });
});

// ---------- CSV drop ----------
const dropzone = document.getElementById('dropzone');
async function upload(file) {
  await fetch(
    `/pg/upload?user=${encodeURIComponent(state.user)}&channel=${encodeURIComponent(state.tab)}&name=${encodeURIComponent(file.name)}`,
    {
      method: 'POST',
      headers: { 'content-type': file.type || 'text/csv', 'x-scout-playground': '1' },
      body: file,
    },
  );
}
for (const target of [dropzone, document.getElementById('messages')]) {
  target.addEventListener('dragover', (event) => {
    event.preventDefault();
    dropzone.classList.add('over');
  });
  target.addEventListener('dragleave', () => dropzone.classList.remove('over'));
  target.addEventListener('drop', async (event) => {
    event.preventDefault();
    dropzone.classList.remove('over');
    for (const file of event.dataTransfer?.files ?? []) await upload(file);
  });
}
document.getElementById('file-input').addEventListener('change', async (event) => {
  for (const file of event.target.files ?? []) await upload(file);
  event.target.value = '';
});

// ---------- user picker ----------
document.getElementById('user').addEventListener('change', (event) => {
  state.user = event.target.value;
  localStorage.setItem('scout-playground-user', state.user);
  state.version = -1;
  state.rendered = { messages: '', modal: '', modalErrors: '', home: '' };
  if (state.tab.startsWith('D')) state.tab = `D${state.user}`;
  state.poll?.abort();
  if (state.tab === 'home') send('/pg/home', {});
});

pollLoop();
