// The plain baseline: a virtualized conversation list and a thread, in hand-written DOM code
// (see baseline.html for what it mirrors and its query parameters).
'use strict';
(() => {
  const params = new URLSearchParams(location.search);
  const spaceId = params.get('space');
  const listQuery = params.get('listQuery') ?? 'limit=50';
  const threadQuery = params.get('threadQuery') ?? 'limit=50';
  const olderQuery = params.get('olderQuery') ?? threadQuery;
  const rowHeight = Number(params.get('rowHeight')) || 64;
  const OVERSCAN = 6;
  const rect = (value, fallback) => {
    const parts = (value || '').split(',').map(Number);
    return parts.length === 4 && parts.every(Number.isFinite) ? parts : fallback;
  };
  const vw = innerWidth, vh = innerHeight;
  const listRect = rect(params.get('listRect'), [0, 0, 420, vh]);
  const right = listRect[0] + listRect[2];
  const threadRect = rect(params.get('threadRect'),
    vw - right >= 240 ? [right, 0, vw - right, vh] : [Math.round(vw / 2), 0, vw - Math.round(vw / 2), vh]);
  const place = (el, [x, y, w, h]) => {
    el.style.left = x + 'px'; el.style.top = y + 'px';
    el.style.width = w + 'px'; el.style.height = h + 'px';
  };

  const getJson = async (url) => {
    const response = await fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
    return response.json();
  };

  // ---- time formatting (relative for today, a date before) ----
  const dateFormat = new Intl.DateTimeFormat('en', { month: 'short', day: 'numeric' });
  const clockFormat = new Intl.DateTimeFormat('en', { hour: '2-digit', minute: '2-digit' });
  const relative = (iso) => {
    const t = Date.parse(iso), minutes = Math.floor((Date.now() - t) / 60000);
    if (minutes < 1) return 'now';
    if (minutes < 60) return minutes + 'm';
    if (minutes < 24 * 60) return Math.floor(minutes / 60) + 'h';
    return dateFormat.format(t);
  };
  const CHANNEL = { sms: 'SMS', whatsapp: 'WA', telegram: 'TG' };
  const el = (tag, className, text) => {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  };

  // ---- the conversation list: virtualized, keyed by index ----
  const listScroller = document.getElementById('list-scroller');
  const list = document.getElementById('list');
  place(listScroller, listRect);
  const items = [];
  let nextCursor = null, loading = false, finished = false, askedAt = -1;
  const rendered = new Map(); // index -> row element
  let selected = params.get('conversation');

  const conversationHref = (id) => {
    const q = new URLSearchParams(location.search);
    q.set('conversation', id);
    return location.pathname + '?' + q;
  };

  function renderRow(index) {
    const c = items[index];
    const row = el('div', 'row');
    row.setAttribute('role', 'listitem');
    row.setAttribute('aria-posinset', index + 1);
    row.setAttribute('aria-setsize', items.length);
    row.style.height = rowHeight + 'px';
    row.style.transform = `translateY(${index * rowHeight}px)`;
    const a = el('a');
    a.href = conversationHref(c.id);
    if (String(c.id) === selected) a.setAttribute('aria-current', 'page');
    const ch = el('span', 'ch ch--' + c.stream, CHANNEL[c.stream] || c.stream);
    ch.title = c.stream;
    const name = el('span', 'name', c.contact.name || c.contact.phone || c.contact.telegram || 'Unknown');
    const time = el('time', 'time', relative(c.last_activity_at));
    time.dateTime = c.last_activity_at;
    const preview = el('span', 'preview', c.preview);
    a.append(ch, name, time, preview);
    if (c.unread_count > 0) {
      const badge = el('span', 'badge', String(c.unread_count));
      badge.setAttribute('aria-label', `${c.unread_count} unread`);
      a.append(badge);
    }
    row.append(a);
    return row;
  }

  function renderWindow() {
    const count = items.length;
    list.style.height = count * rowHeight + 'px';
    const viewport = listScroller.clientHeight;
    const top = Math.min(Math.max(listScroller.scrollTop, 0), Math.max(count * rowHeight - viewport, 0));
    const first = Math.min(Math.floor(top / rowHeight), Math.max(count - 1, 0));
    const start = Math.max(first - OVERSCAN, 0);
    const end = Math.min(first + Math.ceil(viewport / rowHeight) + 1 + OVERSCAN, count);
    for (const [index, row] of rendered) {
      if (index < start || index >= end) { row.remove(); rendered.delete(index); }
      else row.setAttribute('aria-setsize', count);
    }
    const fragment = document.createDocumentFragment();
    for (let i = start; i < end; i++) {
      if (!rendered.has(i)) { const row = renderRow(i); rendered.set(i, row); fragment.append(row); }
    }
    list.append(fragment);
    // Near the end (once per list length): the next page.
    if (count > 0 && end + OVERSCAN >= count && askedAt !== count) { askedAt = count; loadMore(); }
  }

  async function loadMore() {
    if (loading || finished) return;
    loading = true;
    try {
      const q = new URLSearchParams(listQuery);
      if (nextCursor) q.set('cursor', nextCursor);
      const page = await getJson(`/api/spaces/${spaceId}/conversations?${q}`);
      items.push(...page.items);
      nextCursor = page.next_cursor;
      finished = !nextCursor;
    } catch (e) {
      showError(list, e);
    } finally {
      loading = false;
    }
    renderWindow();
  }
  listScroller.addEventListener('scroll', renderWindow, { passive: true });

  // ---- the thread: every loaded message, older pages prepended at the top ----
  const threadScroller = document.getElementById('thread-scroller');
  const thread = document.getElementById('thread');
  const COMPOSER_HEIGHT = 120;
  place(threadScroller, [threadRect[0], threadRect[1], threadRect[2], Math.max(threadRect[3] - COMPOSER_HEIGHT, 100)]);
  let threadId = null, beforeCursor = null, threadLoading = false, threadToken = 0;

  function renderMessage(m) {
    if (m.kind === 'event') {
      const li = el('li', 'msg event');
      li.append(el('span', null, `${m.author ? m.author.name + ' · ' : ''}${m.body || m.event}`));
      return li;
    }
    const li = el('li', 'msg msg--' + (m.kind === 'note' ? 'note' : m.direction));
    const bubble = el('div', 'bubble');
    bubble.append(el('p', null, m.body));
    const meta = [m.author && m.author.name, clockFormat.format(Date.parse(m.created_at)), m.status]
      .filter(Boolean).join(' · ');
    const time = el('time', 'meta', meta);
    time.dateTime = m.created_at;
    bubble.append(time);
    li.append(bubble);
    return li;
  }

  async function loadThread(older) {
    if (threadLoading || (older && !beforeCursor)) return;
    threadLoading = true;
    const token = threadToken;
    try {
      const q = new URLSearchParams(older ? olderQuery : threadQuery);
      if (older) q.set('before', beforeCursor);
      const page = await getJson(`/api/conversations/${threadId}/messages?${q}`);
      if (token !== threadToken) return;
      beforeCursor = page.before_cursor;
      const fragment = document.createDocumentFragment();
      for (const m of page.items) fragment.append(renderMessage(m));
      if (older) {
        // Keep what the reader looks at in place while older messages appear above it.
        const fromBottom = threadScroller.scrollHeight - threadScroller.scrollTop;
        thread.prepend(fragment);
        threadScroller.scrollTop = threadScroller.scrollHeight - fromBottom;
      } else {
        thread.replaceChildren(fragment);
        threadScroller.scrollTop = threadScroller.scrollHeight;
      }
    } catch (e) {
      showError(thread, e);
    } finally {
      if (token === threadToken) threadLoading = false;
    }
  }
  threadScroller.addEventListener('scroll', () => {
    if (threadScroller.scrollTop < 200) loadThread(true);
  }, { passive: true });

  // ---- the composer: a plain SMS counter (GSM 03.38 or UCS-2) and optimistic sending ----
  const composer = document.getElementById('composer');
  const composerText = document.getElementById('composer-text');
  const counter = document.getElementById('composer-counter');
  place(composer, [threadRect[0], threadRect[1] + threadRect[3] - COMPOSER_HEIGHT, threadRect[2], COMPOSER_HEIGHT]);
  const GSM = new Set('@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà');
  const GSM_EXT = new Set('\f^{}\\[~]|€');
  function countSms(text) {
    let septets = 0, gsm = true;
    for (const c of text) {
      if (GSM.has(c)) septets += 1;
      else if (GSM_EXT.has(c)) septets += 2;
      else { gsm = false; break; }
    }
    const units = gsm ? septets : text.length; // UTF-16 code units
    const [single, split] = gsm ? [160, 153] : [70, 67];
    const segments = units === 0 ? 0 : units <= single ? 1 : Math.ceil(units / split);
    const capacity = segments <= 1 ? single : segments * split;
    return `${capacity - units} left · ${segments} ${segments === 1 ? 'segment' : 'segments'} · ${gsm ? 'GSM-7' : 'UCS-2'}`;
  }
  const updateCounter = () => { counter.textContent = countSms(composerText.value); };
  composerText.addEventListener('input', updateCounter);
  composerText.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter' || event.shiftKey || !composerText.value.trim()) return;
    event.preventDefault();
    const body = composerText.value;
    const clientId = crypto.randomUUID();
    const li = renderMessage({ kind: 'reply', direction: 'outbound', body, created_at: new Date().toISOString(), status: 'sending' });
    thread.append(li);
    threadScroller.scrollTop = threadScroller.scrollHeight;
    const id = threadId;
    fetch(`/api/conversations/${id}/messages`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'Idempotency-Key': clientId },
      body: JSON.stringify({ kind: 'reply', body, client_id: clientId }),
    }).then(async (response) => {
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const stored = await response.json();
      if (id !== threadId) return;
      li.replaceWith(renderMessage(stored));
      if (composerText.value === body) { composerText.value = ''; updateCounter(); }
    }).catch((e) => showError(thread, e));
  });

  function openConversation(id) {
    selected = String(id);
    composer.hidden = false;
    updateCounter();
    threadId = id; beforeCursor = null; threadLoading = false; threadToken++;
    thread.replaceChildren();
    threadScroller.hidden = false;
    for (const row of rendered.values()) {
      const a = row.firstChild;
      if (a.href.endsWith('conversation=' + id)) a.setAttribute('aria-current', 'page');
      else a.removeAttribute('aria-current');
    }
    loadThread(false);
  }

  // Links to a conversation open it in place, as the app's router does.
  document.addEventListener('click', (event) => {
    const a = event.target.closest && event.target.closest('a[href]');
    if (!a || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey) return;
    const url = new URL(a.href);
    const id = url.searchParams.get('conversation');
    if (url.origin !== location.origin || url.pathname !== location.pathname || !id) return;
    event.preventDefault();
    history.pushState(null, '', url);
    openConversation(id);
  });

  function showError(parent, error) {
    const p = el('p', 'status', 'Could not load: ' + error.message);
    p.setAttribute('role', 'alert');
    parent.append(p);
    console.error(error);
  }

  // Like the app: who is signed in first, then the list.
  (async () => {
    try {
      await getJson('/api/me');
    } catch (e) {
      showError(list, e);
      return;
    }
    await loadMore();
    if (selected) openConversation(selected);
  })();
})();
