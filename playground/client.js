// The playground page's script: renders what Scout posted (Block Kit) and sends what the person does
// back to the playground server, which turns it into the signed Slack request Scout expects.
// Plain browser JavaScript, no build step, no framework.

import { collectValues, renderBlocks } from './blocks.js';
import { send, state } from './state.js';
import { h, mrkdwnToHtml, plain, userName } from './text.js';

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
