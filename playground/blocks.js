import { send, state } from './state.js';
import { h, image, plain, textObject } from './text.js';

// Block Kit elements and blocks for the playground page: rendering, and the state Slack would send.

// ---------- elements ----------
/** ctx: { kind: 'message', channel, ts } | { kind: 'view', viewId, root } */

export function fireAction(ctx, blockId, element, extra) {
  const action = { type: element.type, action_id: element.action_id, block_id: blockId, ...extra };
  if (ctx.kind === 'message') return send('/pg/action', { channel: ctx.channel, ts: ctx.ts, action });
  return send('/pg/action', { viewId: ctx.viewId, values: collectValues(ctx.root()), action });
}

export function optionList(element) {
  if (element.option_groups) {
    return element.option_groups.flatMap((g) => g.options.map((o) => ({ ...o, group: plain(g.label) })));
  }
  return element.options ?? [];
}

export function optionFromValue(element, value) {
  return optionList(element).find((o) => o.value === value);
}

export function selectElement(element, { multiple = false, placeholder } = {}) {
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

export function conversationOptions(element) {
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

export function userOptions(element) {
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
export function renderElement(element, blockId, ctx, input = null) {
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

export function externalSelect(element, blockId, ctx, input, stateAttrs) {
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
export function collectValues(root) {
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
export function renderBlocks(blocks, ctx, errors = {}) {
  return (blocks ?? []).map((block, i) => renderBlock(block, ctx, errors, i));
}

export function renderBlock(block, ctx, errors, index) {
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

export function richText(node) {
  if (typeof node.text === 'string') return node.text;
  if (node.type === 'link') return node.text ?? node.url;
  return (node.elements ?? []).map(richText).join('');
}
