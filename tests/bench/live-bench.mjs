// The live-update benchmark: how long an inbound message takes to show in the app's DOM, and
// whether a storm of events makes the app janky or lose any, each next to a PLAIN BASELINE page
// (tests/bench/baseline/live.html: the same first list page and thread, kept current from the
// same event stream by hand-written DOM code) measured in the same run.
//
//   1. latency: with the Support space's list and one conversation open, MESSAGES inbound
//      messages (POST /api/support/inbound, sent from the page) one at a time, each timed from
//      the moment it is sent to the moment its text is in the list's row and in the thread
//      (a MutationObserver in the page), p50 and p95; the app and the baseline alternate in
//      blocks, so that both see the same machine;
//   2. a storm: STORM_RATE messages a second for STORM_SECONDS seconds over STORM_CONVERSATIONS
//      conversations (every tenth to the open one): long tasks (over 50 ms) while it lasts and
//      after, and whether everything arrived: every message of the open conversation once in
//      the thread, in the server's order, and the list's top rows as the server has them.
//
// A REPORT, NOT A TEST: it never fails on figures. It exits non-zero only when the harness
// itself breaks. Run it through scripts/bench-stream, which starts the server and serves the
// app with the baseline at /__bench/. It reads:
//   BENCH_BASE_URL        the server (required)
//   BENCH_SUPPORT_TOKEN   the server's support token, to inject messages (required)
//   BENCH_LIVE_MESSAGES   timed messages per side (default 30)
//   BENCH_STORM_RATE, BENCH_STORM_SECONDS, BENCH_STORM_CONVERSATIONS (100, 10, 50)
//   BENCH_RESULTS_DIR     where the JSON goes (default bench/results)

import { createRequire } from 'node:module';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const requireE2e = createRequire(path.join(root, 'tests/e2e/package.json'));
const { chromium } = requireE2e('@playwright/test');
const CHROMIUM = requireE2e('./chromium.cjs');

const BASE = required('BENCH_BASE_URL').replace(/\/$/, '');
const TOKEN = required('BENCH_SUPPORT_TOKEN');
const MESSAGES = Number(process.env.BENCH_LIVE_MESSAGES ?? 30);
const STORM_RATE = Number(process.env.BENCH_STORM_RATE ?? 100);
const STORM_SECONDS = Number(process.env.BENCH_STORM_SECONDS ?? 10);
const STORM_CONVERSATIONS = Number(process.env.BENCH_STORM_CONVERSATIONS ?? 50);
const RESULTS_DIR = path.resolve(root, process.env.BENCH_RESULTS_DIR ?? 'bench/results');
const SUPPORT_SMS = '+442079460123'; // Support's SMS line (Customer Care)
const BLOCKS = 3;

function required(name) {
  const value = process.env[name];
  if (!value) {
    console.error(`live-bench: set ${name}`);
    process.exit(2);
  }
  return value;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const quantile = (values, q) => {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};
const ms = (v) => (Number.isFinite(v) ? `${v.toFixed(1)} ms` : 'n/a');

async function inbound(from, text) {
  const response = await fetch(`${BASE}/api/support/inbound`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ stream: 'sms', to: SUPPORT_SMS, from, text }),
  });
  if (!response.ok) throw new Error(`inbound: HTTP ${response.status}`);
  return (await response.json()).conversation_id;
}

/** Installed before the page's scripts: long tasks, and a waiter for a text in list and thread. */
function instrument() {
  const b = (window.__liveBench = { longTasks: [] });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) b.longTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
  const inside = (selector, text) => {
    const el = document.querySelector(selector);
    return !!el && el.textContent.includes(text);
  };
  b.send = (token, to, from, text) =>
    new Promise((resolve, reject) => {
      const t0 = performance.now();
      const seen = { row: null, thread: null };
      const check = () => {
        const now = performance.now();
        if (seen.row === null && inside('[aria-label="Conversations"]', text)) seen.row = now - t0;
        if (seen.thread === null && inside('[role="log"][aria-label="Messages"]', text)) seen.thread = now - t0;
        if (seen.row !== null && seen.thread !== null) {
          observer.disconnect();
          clearTimeout(timer);
          resolve(seen);
        }
      };
      const observer = new MutationObserver(check);
      observer.observe(document.body, { subtree: true, childList: true, characterData: true });
      const timer = setTimeout(() => {
        observer.disconnect();
        reject(new Error(`"${text}" did not show within 15 s`));
      }, 15000);
      fetch('/api/support/inbound', {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ stream: 'sms', to, from, text }),
      }).catch(reject);
    });
}

async function main() {
  const browser = await chromium.launch({ executablePath: CHROMIUM.executablePath, args: CHROMIUM.args });
  const context = await browser.newContext({ baseURL: BASE, viewport: { width: 1280, height: 800 } });
  await context.addInitScript(instrument);
  const signIn = await context.request.post('/api/session', { data: { email: 'admin@acme.test', password: 'demo' } });
  if (!signIn.ok()) throw new Error(`sign-in: HTTP ${signIn.status()}`);
  const me = await (await context.request.get('/api/me')).json();
  const space = me.spaces.find((s) => s.name === 'Support').id;
  const number = `+447700${String(Date.now() % 1000000).padStart(6, '0')}`;
  const open = await inbound(number, 'The live benchmark starts here');

  const pages = {
    app: `/inbox/s/${space}?conversation=${open}`,
    baseline: `/__bench/live.html?space=${space}&conversation=${open}`,
  };
  const ready = {
    app: async (page) => {
      await page.getByRole('log', { name: 'Messages' }).locator('[data-message-id]').last().waitFor();
    },
    baseline: async (page) => {
      await page.waitForFunction(() => window.__live?.ready && window.__live?.open);
    },
  };
  const load = async (side) => {
    const page = await context.newPage();
    const stream = side === 'app'
      ? page.waitForResponse((r) => r.url().includes('/api/events') && r.status() === 200)
      : null;
    await page.goto(pages[side]);
    await ready[side](page);
    if (stream) await stream;
    await sleep(300);
    return page;
  };

  // 1. Latency, in alternating blocks.
  const latency = { app: { row: [], thread: [] }, baseline: { row: [], thread: [] } };
  let n = 0;
  for (let block = 0; block < BLOCKS; block += 1) {
    for (const side of ['app', 'baseline']) {
      const page = await load(side);
      for (let i = 0; i < Math.ceil(MESSAGES / BLOCKS); i += 1) {
        n += 1;
        const seen = await page.evaluate(
          ([token, to, from, text]) => window.__liveBench.send(token, to, from, text),
          [TOKEN, SUPPORT_SMS, number, `Live bench message ${n} ${Date.now()}`],
        );
        latency[side].row.push(seen.row);
        latency[side].thread.push(seen.thread);
        await sleep(50);
      }
      await page.close();
    }
  }

  // 2. The storm, each side on its own.
  const storm = {};
  const numbers = Array.from({ length: STORM_CONVERSATIONS }, (_, i) =>
    i === 0 ? number : `+447701${String((Date.now() + i) % 1000000).padStart(6, '0')}`,
  );
  for (const side of ['app', 'baseline']) {
    const page = await load(side);
    const shownIds = () =>
      page.evaluate(() =>
        [...document.querySelectorAll('[role="log"][aria-label="Messages"] [data-message-id]')].map((e) =>
          Number(e.getAttribute('data-message-id')),
        ),
      );
    const before = Math.max(0, ...(await shownIds()));
    const started = await page.evaluate(() => performance.now());
    const total = STORM_RATE * STORM_SECONDS;
    const sent = [];
    const t0 = Date.now();
    const inflight = [];
    for (let i = 0; i < total; i += 1) {
      const due = t0 + (i * 1000) / STORM_RATE;
      const wait = due - Date.now();
      if (wait > 0) await sleep(wait);
      const from = i % 10 === 0 ? number : numbers[1 + (i % (STORM_CONVERSATIONS - 1))];
      const text = `Storm ${side} ${i}`;
      inflight.push(inbound(from, text).then(() => sent.push(text)));
    }
    await Promise.all(inflight);
    const sendSeconds = (Date.now() - t0) / 1000;
    // Everything of the open conversation, once, in the server's order.
    const server = await (await context.request.get(`/api/conversations/${open}/messages?limit=200`)).json();
    const expected = server.items.map((m) => m.id).filter((id) => id > before);
    let shown = [];
    const settleUntil = Date.now() + 30_000;
    for (;;) {
      shown = (await shownIds()).filter((id) => id > before);
      if (JSON.stringify(shown) === JSON.stringify(expected) || Date.now() > settleUntil) break;
      await sleep(250);
    }
    const threadComplete = JSON.stringify(shown) === JSON.stringify(expected);
    const duplicates = shown.length - new Set(shown).size;
    // The list's top rows, as the server orders them now.
    const first = await (await context.request.get(`/api/spaces/${space}/conversations?limit=10`)).json();
    const previews = first.items.map((c) => c.preview);
    let rowsOk = false;
    const rowsUntil = Date.now() + 10_000;
    while (!rowsOk && Date.now() < rowsUntil) {
      rowsOk = await page.evaluate((previews) => {
        const list = document.querySelector('[aria-label="Conversations"]');
        const text = list ? list.textContent : '';
        return previews.every((p) => text.includes(p));
      }, previews);
      if (!rowsOk) await sleep(250);
    }
    const tasks = await page.evaluate((from) => window.__liveBench.longTasks.filter((t) => t.start >= from), started);
    storm[side] = {
      events: total,
      send_seconds: sendSeconds,
      long_tasks_over_50ms: tasks.filter((t) => t.duration > 50).length,
      // When they happened, from the storm's start (ms), and how long they took.
      long_tasks: tasks.map((t) => ({ at: Math.round(t.start - started), ms: Math.round(t.duration) })),
      longest_task_ms: tasks.reduce((m, t) => Math.max(m, t.duration), 0),
      thread_complete: threadComplete,
      thread_duplicates: duplicates,
      top_rows_current: rowsOk,
    };
    await page.close();
  }
  await browser.close();

  const figures = {};
  for (const side of ['app', 'baseline']) {
    figures[side] = {
      row_p50: quantile(latency[side].row, 0.5),
      row_p95: quantile(latency[side].row, 0.95),
      thread_p50: quantile(latency[side].thread, 0.5),
      thread_p95: quantile(latency[side].thread, 0.95),
    };
  }
  const ratio = (k) => figures.app[k] / figures.baseline[k];
  console.log(`    inbound → DOM (${latency.app.row.length} messages per side, sent from the page):`);
  console.log('                           app          baseline     app/baseline');
  for (const k of ['row_p50', 'row_p95', 'thread_p50', 'thread_p95']) {
    console.log(`      ${k.padEnd(16)}  ${ms(figures.app[k]).padEnd(12)} ${ms(figures.baseline[k]).padEnd(12)} ${ratio(k).toFixed(2)}×`);
  }
  console.log(`    storm: ${STORM_RATE} messages/s for ${STORM_SECONDS} s over ${STORM_CONVERSATIONS} conversations (every tenth to the open one):`);
  for (const side of ['app', 'baseline']) {
    const s = storm[side];
    console.log(
      `      ${side.padEnd(9)} sent in ${s.send_seconds.toFixed(1)} s; long tasks > 50 ms: ${s.long_tasks_over_50ms} ` +
        `(${s.longest_task_ms ? `longest ${s.longest_task_ms.toFixed(0)} ms` : 'none at all'}); thread complete: ${s.thread_complete}, ` +
        `duplicates: ${s.thread_duplicates}; top rows current: ${s.top_rows_current}`,
    );
  }
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, `live-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  fs.writeFileSync(file, JSON.stringify({ latency, figures, storm }, null, 2));
  console.log(`    results: ${path.relative(root, file)}`);
}

main().catch((e) => {
  console.error(`live-bench: ${e.stack ?? e}`);
  process.exit(1);
});
