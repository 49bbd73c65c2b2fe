// The plain baseline of the live benchmark (see live.html).
'use strict';
(() => {
  const params = new URLSearchParams(location.search);
  const space = Number(params.get('space'));
  const open = Number(params.get('conversation'));
  const list = document.getElementById('rows');
  const log = document.getElementById('log');
  const rows = new Map();
  const state = (window.__live = { open: false, events: 0, ready: false });

  const getJson = async (url) => {
    const response = await fetch(url, { headers: { Accept: 'application/json' } });
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
    return response.json();
  };
  const name = (c) => c.contact.name || c.contact.phone || c.contact.telegram || 'Unknown';
  const row = (c) => {
    let li = rows.get(c.id);
    if (!li) {
      li = document.createElement('li');
      li.setAttribute('role', 'listitem');
      rows.set(c.id, li);
    }
    li.textContent = `${name(c)} · ${c.preview}${c.unread_count ? ` (${c.unread_count})` : ''}`;
    return li;
  };
  const message = (m) => {
    const li = document.createElement('li');
    li.dataset.messageId = m.id;
    li.textContent = m.body;
    return li;
  };

  const apply = (event) => {
    if (event.type !== 'conversation' || event.space_id !== space) return;
    list.prepend(row(event.conversation));
    const m = event.message;
    if (event.conversation.id === open && m && !log.querySelector(`[data-message-id="${m.id}"]`)) {
      log.append(message(m));
    }
  };

  const stream = async () => {
    const response = await fetch('/api/events', { headers: { 'X-TextPeak-Request': '1' } });
    state.open = response.ok;
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = block
          .split('\n')
          .filter((line) => line.startsWith('data:'))
          .map((line) => line.slice(5).trimStart())
          .join('\n');
        if (!data) continue;
        state.events += 1;
        apply(JSON.parse(data));
      }
    }
  };

  (async () => {
    const [page, thread] = await Promise.all([
      getJson(`/api/spaces/${space}/conversations?limit=50`),
      getJson(`/api/conversations/${open}/messages?limit=50`),
    ]);
    for (const c of page.items) list.append(row(c));
    for (const m of thread.items) log.append(message(m));
    state.ready = true;
    await stream();
  })();
})();
