// The dashboard benchmark: loads the built app in headless Chromium against a server holding a
// 100,000-conversation space and measures what a user of a big inbox feels, each figure next to
// the same figure of a PLAIN BASELINE page (tests/bench/baseline.html: the same rows from the
// same API, hand-written DOM code; tests/bench/baseline/) measured in the same run:
//
//   1. time from navigation to the first visible conversation row (signed in; cold and warm),
//   2. scrolling 2,000 rows of the virtualized list: frames, frame times, long tasks, total time,
//   3. opening the 5,000-message conversation (time to its first messages), then scrolling its
//      thread to the very top until every older page is loaded,
//   4. DOM nodes and 5. JS heap (after a forced GC; plus the WebAssembly memory of the app),
//   6. the composer of an SMS conversation: keystroke → SMS counter updated on a 1,600-character
//      message, and Enter → the sent message visible in the thread.
//
// A REPORT, NOT A TEST: it never fails on figures (they are noisy on a shared 2-core machine).
// It exits non-zero only when the harness itself breaks. When the app's dashboard cannot be
// measured (not built yet, or a DOM that differs from the contract below) it says so and still
// reports the baseline.
//
// Run it through scripts/bench, which builds everything, creates the benchmark database and
// starts the server. It reads:
//   BENCH_BASE_URL           the server, e.g. http://127.0.0.1:18799 (required)
//   BENCH_LONG_CONVERSATION  id of the 5,000-message conversation (required)
//   BENCH_RESULTS_DIR        where the JSON goes (default bench/results)
//   BENCH_ROWS               rows to scroll through (default 2000)
//   BENCH_RUNS               warm reloads for the first-render figure (default 3)
//   BENCH_ONLY               "app" or "baseline" to measure one side only
//   BENCH_COMPRESSION        1: let the server compress responses (off by default, see below)
//   CHROMIUM                 the browser (default /usr/bin/chromium)
//
// The app's DOM this relies on (src/pages/inbox):
//   dashboard URL /inbox/s/{space}; the open conversation is ?conversation={id};
//   the list is role=list named "Conversations" inside a scroll container; rows are
//   role=listitem (fixed height), each with one link; the thread is role=log named "Messages"
//   with one <li> per message, oldest at the top, loading older pages when scrolled to the top;
//   the composer is a <textarea> labelled "Write a reply" (Enter sends) with an SMS counter whose
//   text reads "N left · S segment(s) · GSM-7|UCS-2".

import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
// Playwright is a dependency of the end-to-end suite; no packages of our own. The browser and
// its flags are the suite's too.
const requireE2e = createRequire(path.join(root, 'tests/e2e/package.json'));
const { chromium } = requireE2e('@playwright/test');
const CHROMIUM = requireE2e('./chromium.cjs');

const BASE = required('BENCH_BASE_URL').replace(/\/$/, '');
const LONG_CONVERSATION = Number(required('BENCH_LONG_CONVERSATION'));
const RESULTS_DIR = path.resolve(root, process.env.BENCH_RESULTS_DIR ?? 'bench/results');
const ROWS = Number(process.env.BENCH_ROWS ?? 2000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const ONLY = process.env.BENCH_ONLY ?? '';
const EMAIL = 'admin@acme.test';
const PASSWORD = 'demo'; // the demo accounts' password (../shared/product.md §6)
const VIEWPORT = { width: 1280, height: 800 };
const BASELINE_DIR = path.join(here, 'baseline');
const BASELINE_PATH = '/__bench/baseline.html';
const KEYSTROKES = Number(process.env.BENCH_KEYSTROKES ?? 20);
const SENDS = Number(process.env.BENCH_SENDS ?? 5);
const WITHIN = 1.5; // the list should stay within this factor of the baseline
// The reference server compresses every response on the fly; a debug build takes about 1.5 s
// to brotli the app's 1.1 MB wasm, which would swamp the first-render figure with server work
// that a production host does ahead of time (and the network is free here anyway). So both
// sides ask for uncompressed responses unless BENCH_COMPRESSION=1.
const COMPRESSION = process.env.BENCH_COMPRESSION === '1';
const HEADERS = COMPRESSION ? {} : { 'Accept-Encoding': 'identity' };

function required(name) {
  const value = process.env[name];
  if (!value) {
    console.error(`dashboard-bench: ${name} is not set; run scripts/bench`);
    process.exit(2);
  }
  return value;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------------------------
// In-page instrumentation, installed before any script of the page runs (both pages).

function instrument() {
  const b = (window.__bench = { longTasks: [], wasmMemories: [], firstRow: null });
  try {
    new PerformanceObserver((entries) => {
      for (const e of entries.getEntries()) b.longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch (e) {
    b.noLongTasks = String(e);
  }
  // The app keeps its data in WebAssembly memory, which the JS heap figure does not include.
  for (const name of ['instantiate', 'instantiateStreaming']) {
    const original = WebAssembly[name];
    if (typeof original !== 'function') continue;
    WebAssembly[name] = function (...args) {
      b.wasmStart ??= performance.now();
      return original.apply(this, args).then((result) => {
        b.wasmReady ??= performance.now();
        try {
          const instance = result instanceof WebAssembly.Instance ? result : result.instance;
          for (const v of Object.values(instance.exports)) {
            if (v instanceof WebAssembly.Memory) b.wasmMemories.push(v);
          }
        } catch {}
        return result;
      });
    };
  }

  // ---- the DOM contract ----
  b.list = () =>
    document.querySelector(
      '[role="list"][aria-label="Conversations"], ul[aria-label="Conversations"], ol[aria-label="Conversations"]',
    );
  b.rows = (list = b.list()) => {
    if (!list) return [];
    const rows = list.querySelectorAll('[role="listitem"]');
    return [...(rows.length ? rows : list.querySelectorAll(':scope > li'))];
  };
  b.log = () => document.querySelector('[role="log"][aria-label="Messages"]');
  b.messages = (log = b.log()) => {
    if (!log) return [];
    const direct = log.querySelectorAll(':scope > li');
    return [...(direct.length ? direct : log.querySelectorAll('li'))];
  };
  b.composer = () =>
    [...document.querySelectorAll('textarea')].find((t) =>
      [...(t.labels ?? [])].some((l) => l.textContent.trim() === 'Write a reply'),
    );
  b.counter = () =>
    [...document.querySelectorAll('span, output, p')].find(
      (e) => e.childElementCount === 0 && /^\d+ left · \d+ segments? · (GSM-7|UCS-2)/.test(e.textContent.trim()),
    );
  b.scrollerOf = (el) => {
    for (let e = el; e && e !== document.documentElement; e = e.parentElement) {
      const overflow = getComputedStyle(e).overflowY;
      if (overflow === 'auto' || overflow === 'scroll') return e;
    }
    return document.scrollingElement;
  };
  b.visible = (el) => {
    if (!el || !el.isConnected) return false;
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && r.bottom > 0 && r.top < innerHeight && r.right > 0 && r.left < innerWidth;
  };
  b.rect = (el) => {
    const r = el.getBoundingClientRect();
    return [r.x, r.y, r.width, r.height].map(Math.round).join(',');
  };

  // Resolves with performance.now() at the first animation frame in which `test()` holds
  // (checked after every DOM change and every frame), or null after `timeout` ms.
  b.when = (test, timeout = 30000) =>
    new Promise((resolve) => {
      const started = performance.now();
      let done = false;
      const finish = (value) => {
        if (done) return;
        done = true;
        observer.disconnect();
        resolve(value);
      };
      const check = () => {
        if (done) return;
        let ok = false;
        try {
          ok = test();
        } catch {}
        if (ok) requestAnimationFrame(() => finish(performance.now()));
      };
      const observer = new MutationObserver(check);
      observer.observe(document, { childList: true, subtree: true, attributes: true });
      const frame = () => {
        if (done) return;
        if (performance.now() - started > timeout) return finish(null);
        check();
        requestAnimationFrame(frame);
      };
      check();
      requestAnimationFrame(frame);
    });

  // The first visible row, from navigation start.
  const start = () => b.when(() => b.rows().some(b.visible), 30000).then((t) => (b.firstRow = t ?? -1));
  if (document.documentElement) start();
  else document.addEventListener('readystatechange', start, { once: true });
}

// Scrolls the list by one viewport per animation frame until `rows` rows have passed, waiting
// at the end of the loaded rows for the next page. Runs in the page.
async function scrollList({ rows, timeout, stallTimeout }) {
  const b = window.__bench;
  const list = b.list();
  if (!list) throw new Error('no list named "Conversations"');
  const first = b.rows(list)[0];
  if (!first) throw new Error('the list has no rows');
  const rowHeight = first.getBoundingClientRect().height;
  const scroller = b.scrollerOf(list);
  if (scroller.scrollHeight <= scroller.clientHeight + rowHeight) {
    const name = scroller.className ? `.${String(scroller.className).split(' ')[0]}` : scroller.tagName;
    throw new Error(
      `the list's scroll container (${name}) is ${scroller.clientHeight} px tall and does not scroll ` +
        `(${b.rows(list).length} rows rendered): nothing constrains its height, so the virtualization is not in effect`,
    );
  }
  const target = rows * rowHeight;
  const step = scroller.clientHeight;
  const frames = [];
  let stalledFrames = 0;
  let stalledMs = 0;
  return new Promise((resolve) => {
    let last = null;
    let t0 = null;
    let progressAt = null;
    let progressTop = -1;
    let stalled = false;
    const tick = (ts) => {
      if (last !== null) frames.push(ts - last);
      last = ts;
      const top = scroller.scrollTop;
      if (top > progressTop + 1) {
        progressTop = top;
        progressAt = ts;
      }
      const done = top >= target - 1;
      stalled = ts - progressAt > stallTimeout;
      const timedOut = ts - t0 > timeout;
      if (done || timedOut || stalled) {
        // One more frame so that the last position is rendered, then check the view is not blank.
        requestAnimationFrame((end) => {
          frames.push(end - last);
          const box = scroller.getBoundingClientRect();
          const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
          const rowsNow = b.rows(list);
          resolve({
            t0,
            t1: end,
            totalMs: end - t0,
            frames,
            stalledFrames,
            stalledMs,
            rowHeight,
            viewport: scroller.clientHeight,
            reachedRow: Math.floor(scroller.scrollTop / rowHeight),
            renderedRows: rowsNow.length,
            blankAtEnd: !(hit && hit.closest('[role="listitem"], li')),
            timedOut: !done,
            reason: done ? null : stalled ? `no new rows for ${stallTimeout / 1000} s` : `timed out after ${timeout / 1000} s`,
            listRect: b.rect(scroller),
          });
        });
        return;
      }
      const want = Math.min(target, top + step);
      scroller.scrollTop = want;
      if (scroller.scrollTop < want - 1) {
        // At the end of what is loaded: the list is fetching the next page.
        stalledFrames += 1;
        if (frames.length) stalledMs += frames[frames.length - 1];
      }
      requestAnimationFrame(tick);
    };
    requestAnimationFrame((ts) => {
      t0 = ts;
      last = ts;
      progressAt = ts;
      requestAnimationFrame(tick);
    });
  });
}

// Opens a conversation the way a click on a link does (the app's router and the baseline both
// handle same-origin links in place) and times its first visible message. Runs in the page.
async function openThread({ href, timeout }) {
  const b = window.__bench;
  const a = document.createElement('a');
  a.href = href;
  a.textContent = 'open';
  a.style.cssText = 'position:fixed;left:0;bottom:0;width:1px;height:1px;overflow:hidden;opacity:0';
  document.body.append(a);
  const t0 = performance.now();
  const shown = b.when(() => b.messages().some(b.visible), timeout);
  a.click();
  a.remove();
  const t1 = await shown;
  if (t1 === null) {
    const log = b.log();
    const messages = b.messages(log);
    const where = messages[0] ? ` (${messages.length} in the DOM, the first at y=${Math.round(messages[0].getBoundingClientRect().y)} of a ${innerHeight} px window)` : log ? ' (the log is empty)' : ' (no log named "Messages")';
    return { error: `no message of the thread became visible within ${timeout / 1000} s${where}`, url: location.href };
  }
  const log = b.log();
  return { ms: t1 - t0, t0, t1, messages: b.messages(log).length, threadRect: b.rect(b.scrollerOf(log)), url: location.href };
}

// Keeps the thread scrolled to the very top until the harness says the last (oldest) page has
// arrived (window.__bench.threadComplete) and the thread has stopped growing. Runs in the page.
async function scrollThreadToTop({ timeout, stallTimeout }) {
  const b = window.__bench;
  const log = b.log();
  if (!log) throw new Error('no log named "Messages"');
  const scroller = b.scrollerOf(log);
  const frames = [];
  return new Promise((resolve) => {
    let last = null;
    let t0 = null;
    let stableFrames = 0;
    let lastCount = -1;
    let lastHeight = -1;
    let lastPages = b.threadPages ?? 0;
    let lastProgress = null;
    const tick = (ts) => {
      frames.push(ts - last);
      last = ts;
      const count = b.messages(log).length;
      const height = scroller.scrollHeight;
      const pages = b.threadPages ?? 0;
      if (count !== lastCount || height !== lastHeight || pages !== lastPages) {
        lastCount = count;
        lastHeight = height;
        lastPages = pages;
        lastProgress = ts;
        stableFrames = 0;
      } else {
        stableFrames += 1;
      }
      const complete = b.threadComplete != null && stableFrames >= 10 && scroller.scrollTop <= 1;
      const stalled = ts - lastProgress > stallTimeout;
      if (complete || stalled || ts - t0 > timeout) {
        const end = complete ? lastProgress : ts;
        resolve({
          t0,
          t1: end,
          totalMs: end - t0,
          frames: frames.filter((_, i) => frames.length - i > stableFrames),
          messages: count,
          complete,
          reason: complete ? null : stalled ? `the thread stopped loading for ${stallTimeout} ms at the top` : `timed out after ${timeout} ms`,
        });
        return;
      }
      scroller.scrollTop = 0;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame((ts) => {
      t0 = ts;
      last = ts;
      lastProgress = ts;
      scroller.scrollTop = 0;
      requestAnimationFrame(tick);
    });
  });
}

// Opens the SMS conversation, then times (a) keystrokes in a 1,600-character reply until the
// SMS counter shows their effect, alternating a character and Backspace so the length stays at
// 1,599-1,600, and (b) Enter until the sent message is visible in the thread. Both from the
// browser's keydown (capture phase, before any handler of the page) to the first animation
// frame that shows the change.
async function measureComposer(page, side, ctx) {
  const href =
    side === 'app'
      ? `/inbox/s/${ctx.spaceId}?conversation=${ctx.smsConversation}`
      : `${BASELINE_PATH}?${new URLSearchParams({ space: ctx.spaceId, ...ctx.baselineParams, conversation: ctx.smsConversation })}`;
  const open = await page.evaluate(openThread, { href, timeout: 20000 });
  if (open.error) throw new Error(`${open.error} (at ${open.url})`);
  await page.waitForFunction(() => window.__bench.composer() && window.__bench.counter(), null, { timeout: 20000 });
  const composer = page.getByLabel('Write a reply', { exact: true });
  await composer.fill('a'.repeat(1599));
  await page.waitForFunction(() => / · 11 segments · GSM-7$/.test(window.__bench.counter()?.textContent.trim() ?? ''), null, { timeout: 10000 });
  const arm = (test) => {
    const b = window.__bench;
    b.keyT0 = null;
    document.addEventListener('keydown', () => (b.keyT0 = performance.now()), { once: true, capture: true });
    const before = b.counter()?.textContent;
    const done = test === null ? () => b.counter()?.textContent !== before : () => b.messages().some((li) => b.visible(li) && li.textContent.includes(test));
    b.keyDone = b.when(done, 10000);
  };
  const settle = () => page.evaluate(async () => {
    const t1 = await window.__bench.keyDone;
    return t1 == null || window.__bench.keyT0 == null ? null : t1 - window.__bench.keyT0;
  });
  const keystrokes = [];
  for (let i = 0; i < KEYSTROKES; i++) {
    await page.evaluate(arm, null);
    await page.keyboard.press(i % 2 === 0 ? 'x' : 'Backspace');
    keystrokes.push(await settle());
  }
  const sends = [];
  for (let i = 0; i < SENDS; i++) {
    const text = `Benchmark reply ${side} ${i + 1} (${Date.now()})`;
    await composer.fill(text);
    await page.evaluate(arm, text);
    await page.keyboard.press('Enter');
    sends.push(await settle());
    // The confirmation, before the next send.
    await page.waitForFunction(() => !window.__bench.composer()?.value, null, { timeout: 10000 }).catch(() => {});
    await sleep(300);
  }
  const valid = (xs) => xs.filter((x) => x != null);
  if (valid(keystrokes).length === 0) throw new Error('the SMS counter never changed after a keystroke');
  if (valid(sends).length === 0) throw new Error('no sent message became visible in the thread');
  return {
    conversation: ctx.smsConversation,
    keystrokes: stats(valid(keystrokes)),
    keystrokesMissed: keystrokes.length - valid(keystrokes).length,
    sends: stats(valid(sends)),
    sendsMissed: sends.length - valid(sends).length,
  };
}

// ---------------------------------------------------------------------------------------------
// Harness

function stats(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const q = (p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] : NaN);
  return { count: sorted.length, p50: q(0.5), p95: q(0.95), max: sorted.length ? sorted[sorted.length - 1] : NaN };
}
const median = (xs) => stats(xs).p50;

async function longTasksBetween(page, t0, t1) {
  await sleep(200); // long task entries arrive asynchronously
  return page.evaluate(
    ([t0, t1]) => window.__bench.longTasks.filter((t) => t.start + t.duration > t0 && t.start < t1),
    [t0, t1],
  );
}

async function memory(page, cdp) {
  await sleep(500);
  await cdp.send('HeapProfiler.collectGarbage');
  await sleep(100);
  const { metrics } = await cdp.send('Performance.getMetrics');
  const metric = (name) => metrics.find((m) => m.name === name)?.value ?? NaN;
  const inPage = await page.evaluate(() => ({
    domNodes: document.getElementsByTagName('*').length,
    listNodes: (() => {
      const list = window.__bench.list();
      return list ? list.getElementsByTagName('*').length + 1 : null;
    })(),
    wasmBytes: window.__bench.wasmMemories.reduce((sum, m) => sum + m.buffer.byteLength, 0),
    usedJSHeapSize: performance.memory?.usedJSHeapSize ?? null,
  }));
  return { ...inPage, jsHeapBytes: metric('JSHeapUsedSize'), cdpNodes: metric('Nodes'), listeners: metric('JSEventListeners') };
}

/** Measures one side (`app` or `baseline`) in a fresh browser context. */
async function measure(browser, side, ctx) {
  const result = { side, errors: [], console: [] };
  const context = await browser.newContext({ baseURL: BASE, viewport: VIEWPORT, extraHTTPHeaders: HEADERS });
  try {
    const signIn = await context.request.post('/api/session', { data: { email: EMAIL, password: PASSWORD } });
    if (!signIn.ok()) throw new Error(`sign-in failed: HTTP ${signIn.status()}`);
    const page = await context.newPage();
    page.setDefaultTimeout(30000);
    page.on('pageerror', (e) => result.console.push(`page error: ${e.message}`));
    page.on('console', (m) => m.type() === 'error' && result.console.push(`console error: ${m.text()} (${m.location().url})`));
    await page.addInitScript(instrument);
    if (side === 'baseline' && !ctx.baselineServed) {
      // A server without tests/bench/baseline/ in its static folder (scripts/bench puts it
      // there): serve the files from here. Interception costs every request of the page a trip
      // through this process, so the baseline's figures come out a little slow.
      await page.route('**/__bench/*', (route) => {
        const file = path.join(BASELINE_DIR, path.basename(new URL(route.request().url()).pathname));
        if (!fs.existsSync(file)) return route.fulfill({ status: 404 });
        const type = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' }[path.extname(file)];
        return route.fulfill({ status: 200, contentType: `${type}; charset=utf-8`, body: fs.readFileSync(file) });
      });
    }
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');

    // What the page asks the API for: the list pages and the thread pages.
    const listRequests = [];
    const threadRequests = [];
    const threadPath = `/api/conversations/${LONG_CONVERSATION}/messages`;
    page.on('request', (r) => {
      const u = new URL(r.url());
      if (/^\/api\/spaces\/\d+\/conversations$/.test(u.pathname)) listRequests.push(u.search);
      if (u.pathname === threadPath) threadRequests.push(u.search);
    });
    let threadPages = 0;
    let threadComplete = false;
    page.on('response', async (r) => {
      if (new URL(r.url()).pathname !== threadPath) return;
      try {
        const body = await r.json();
        threadPages += 1;
        if (body.before_cursor == null && new URL(r.url()).searchParams.has('before')) threadComplete = true;
        await page.evaluate(
          ([pages, complete]) => {
            window.__bench.threadPages = pages;
            if (complete && window.__bench.threadComplete == null) window.__bench.threadComplete = performance.now();
          },
          [threadPages, threadComplete],
        );
      } catch {}
    });

    const url =
      side === 'app'
        ? `/inbox/s/${ctx.spaceId}`
        : `${BASELINE_PATH}?${new URLSearchParams({ space: ctx.spaceId, ...ctx.baselineParams })}`;
    result.url = url;

    // 1. First list render: cold (fresh context: nothing cached), then warm reloads. Without
    // it nothing else can be measured; the later phases report their failures and go on.
    const firstRender = async (load) => {
      await load();
      const handle = await page.waitForFunction(() => window.__bench?.firstRow, null, { timeout: 35000 });
      const t = await handle.jsonValue();
      if (t < 0) throw new Error('no conversation row became visible within 30 s');
      return t;
    };
    try {
      result.firstRenderCold = await firstRender(() => page.goto(url, { waitUntil: 'commit' }));
      result.wasmReadyCold = await page.evaluate(() => window.__bench.wasmReady ?? null);
    } catch (e) {
      const where = await page.evaluate(() => ({ url: location.href, title: document.title, text: document.body?.innerText.slice(0, 300) })).catch(() => ({}));
      throw new Error(`${e.message.split('\n')[0]} (page ${where.url}, title "${where.title}", text: ${JSON.stringify(where.text)})`);
    }
    result.firstRenderWarm = [];
    for (let i = 0; i < RUNS; i++) {
      result.firstRenderWarm.push(await firstRender(() => page.reload({ waitUntil: 'commit' })));
    }
    result.firstListQuery = listRequests.find((q) => !new URLSearchParams(q).has('cursor')) ?? null;
    result.geometry = await page.evaluate(() => {
      const b = window.__bench;
      const list = b.list();
      return { rowHeight: b.rows(list)[0].getBoundingClientRect().height, listRect: b.rect(b.scrollerOf(list)) };
    });
    await sleep(1000); // let the rest of the page settle (counts, filters, summary)

    const phase = async (name, run) => {
      try {
        await run();
        return true;
      } catch (e) {
        result.errors.push(`${name}: ${e.message.split('\n')[0].replace(/^page\.evaluate: (Error: )?/, '')}`);
        return false;
      }
    };

    // 2. Scroll through ROWS rows.
    await phase('scrolling the list', async () => {
      const listRequestsBefore = listRequests.length;
      const scroll = await page.evaluate(scrollList, { rows: ROWS, timeout: 60000, stallTimeout: 15000 });
      const scrollLongTasks = await longTasksBetween(page, scroll.t0, scroll.t1);
      result.scroll = {
        ...scroll,
        frames: undefined,
        frameStats: stats(scroll.frames),
        framesOver50: scroll.frames.filter((f) => f > 50).length,
        longTasks: scrollLongTasks.length,
        longTaskMs: scrollLongTasks.reduce((s, t) => s + t.duration, 0),
        longestTask: Math.max(0, ...scrollLongTasks.map((t) => t.duration)),
        pagesFetched: listRequests.length - listRequestsBefore,
      };
      if (scroll.timedOut) {
        result.errors.push(`scrolling the list: stopped at row ${scroll.reachedRow} of ${ROWS}: ${scroll.reason}`);
      }
      if (scroll.blankAtEnd) result.errors.push('scrolling the list: the middle of the list was blank at the end');
    });

    // 4, 5. DOM and memory after the scroll.
    await phase('measuring memory', async () => {
      result.afterScroll = await memory(page, cdp);
    });

    // 3. Open the 5,000-message conversation, then load its whole thread.
    const href =
      side === 'app'
        ? `/inbox/s/${ctx.spaceId}?conversation=${LONG_CONVERSATION}`
        : `${BASELINE_PATH}?${new URLSearchParams({ space: ctx.spaceId, ...ctx.baselineParams, conversation: LONG_CONVERSATION })}`;
    const opened = await phase('opening the 5,000-message conversation', async () => {
      const open = await page.evaluate(openThread, { href, timeout: 20000 });
      result.firstThreadQuery = threadRequests.find((q) => !new URLSearchParams(q).has('before')) ?? null;
      if (open.error) throw new Error(`${open.error} (at ${open.url})`);
      result.openThread = open;
      await sleep(1000);
      result.afterOpen = await memory(page, cdp);
    });
    if (opened) {
      await phase('loading the whole thread', async () => {
        const top = await page.evaluate(scrollThreadToTop, { timeout: 60000, stallTimeout: 8000 });
        const topLongTasks = await longTasksBetween(page, top.t0, top.t1);
        result.threadTop = {
          ...top,
          frames: undefined,
          frameStats: stats(top.frames),
          pagesFetched: threadPages,
          longTasks: topLongTasks.length,
          longestTask: Math.max(0, ...topLongTasks.map((t) => t.duration)),
        };
        result.olderThreadQuery = threadRequests.find((q) => new URLSearchParams(q).has('before')) ?? null;
        if (!top.complete) throw new Error(top.reason);
        result.afterThread = await memory(page, cdp);
      });
    }

    // 6. The composer of an SMS conversation.
    if (ctx.smsConversation) {
      await phase('the composer', async () => {
        result.composer = await measureComposer(page, side, ctx);
      });
    }
  } catch (e) {
    result.failed = e.message;
  } finally {
    await context.close();
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// Report

const MB = 1024 * 1024;
const METRICS = [
  // [label, getter, unit, part of the list check]
  ['first list render, cold (ms)', (r) => r.firstRenderCold, 'ms', true],
  ['  of which until the wasm is ready (ms)', (r) => r.wasmReadyCold, 'ms', false],
  [`first list render, warm (ms, median of ${RUNS})`, (r) => r.firstRenderWarm && median(r.firstRenderWarm), 'ms', true],
  [`scroll ${ROWS} rows: total (ms)`, (r) => r.scroll?.totalMs, 'ms', true],
  ['  of which waiting for pages (ms)', (r) => r.scroll?.stalledMs, 'ms', false],
  ['  list pages fetched', (r) => r.scroll?.pagesFetched, '', false],
  ['  frames', (r) => r.scroll?.frameStats.count, '', false],
  ['  frame time p50 (ms)', (r) => r.scroll?.frameStats.p50, 'ms', false],
  ['  frame time p95 (ms)', (r) => r.scroll?.frameStats.p95, 'ms', false],
  ['  frame time max (ms)', (r) => r.scroll?.frameStats.max, 'ms', false],
  ['  frames over 50 ms', (r) => r.scroll?.framesOver50, '', false],
  ['  long tasks over 50 ms', (r) => r.scroll?.longTasks, '', false],
  ['  longest task (ms)', (r) => r.scroll?.longestTask, 'ms', false],
  ['  rows in the DOM at the end', (r) => r.scroll?.renderedRows, '', false],
  ['DOM nodes after the scroll, whole page', (r) => r.afterScroll?.domNodes, '', false],
  ['DOM nodes after the scroll, the list', (r) => r.afterScroll?.listNodes, '', true],
  ['JS heap after the scroll (MB, after GC)', (r) => r.afterScroll && r.afterScroll.jsHeapBytes / MB, 'MB', false],
  ['wasm memory after the scroll (MB)', (r) => r.afterScroll && r.afterScroll.wasmBytes / MB, 'MB', false],
  ['JS heap + wasm after the scroll (MB)', (r) => r.afterScroll && (r.afterScroll.jsHeapBytes + r.afterScroll.wasmBytes) / MB, 'MB', true],
  ['open 5,000-message thread: first messages (ms)', (r) => r.openThread?.ms, 'ms', false],
  ['  messages in the DOM when opened', (r) => r.openThread?.messages, '', false],
  ['whole thread (scroll to top): total (ms)', (r) => r.threadTop?.complete && r.threadTop.totalMs, 'ms', false],
  ['  thread pages fetched', (r) => r.threadTop?.pagesFetched, '', false],
  ['  frame time p95 (ms)', (r) => r.threadTop?.frameStats.p95, 'ms', false],
  ['  frame time max (ms)', (r) => r.threadTop?.frameStats.max, 'ms', false],
  ['  long tasks over 50 ms', (r) => r.threadTop?.longTasks, '', false],
  ['  messages in the DOM at the end', (r) => r.threadTop?.messages, '', false],
  ['DOM nodes, whole thread loaded', (r) => r.afterThread?.domNodes, '', false],
  ['JS heap + wasm, whole thread (MB)', (r) => r.afterThread && (r.afterThread.jsHeapBytes + r.afterThread.wasmBytes) / MB, 'MB', false],
  [`composer: keystroke → SMS counter, 1,600 chars (ms, p50 of ${KEYSTROKES})`, (r) => r.composer?.keystrokes.p50, 'ms', false],
  ['  keystroke → counter p95 (ms)', (r) => r.composer?.keystrokes.p95, 'ms', false],
  [`composer: Enter → message visible (ms, p50 of ${SENDS})`, (r) => r.composer?.sends.p50, 'ms', false],
  ['  Enter → message visible max (ms)', (r) => r.composer?.sends.max, 'ms', false],
];

const num = (v) => typeof v === 'number' && Number.isFinite(v);
function fmt(v) {
  if (!num(v)) return '—';
  if (Number.isInteger(v)) return String(v);
  return Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(1);
}
function ratio(a, b) {
  if (!num(a) || !num(b)) return null;
  if (b === 0) return a === 0 ? 1 : null;
  return a / b;
}

function report(app, baseline) {
  const rows = METRICS.map(([label, get, unit, listCheck]) => {
    const a = app ? get(app) : undefined;
    const b = baseline ? get(baseline) : undefined;
    return { metric: label, unit, app: num(a) ? a : null, baseline: num(b) ? b : null, ratio: ratio(a, b), listCheck };
  });
  const w = Math.max(...rows.map((r) => r.metric.length));
  const line = (m, a, b, r) => `  ${m.padEnd(w)}  ${a.padStart(9)}  ${b.padStart(9)}  ${r.padStart(7)}`;
  console.log(line('metric', 'app', 'baseline', 'ratio'));
  console.log(line('-'.repeat(w), '-'.repeat(9), '-'.repeat(9), '-'.repeat(7)));
  for (const r of rows) {
    console.log(line(r.metric, fmt(r.app), fmt(r.baseline), r.ratio == null ? '—' : `${r.ratio.toFixed(2)}×`));
  }
  return rows;
}

function flags(rows, app, baseline) {
  const out = {};
  if (!app || app.failed || !baseline || baseline.failed) return out;
  console.log('');
  const checked = rows.filter((r) => r.listCheck && r.ratio != null);
  const missing = rows.filter((r) => r.listCheck && r.ratio == null).map((r) => r.metric.trim());
  const over = checked.filter((r) => r.ratio > WITHIN);
  out.listWithin = {
    limit: WITHIN,
    ok: over.length === 0 && missing.length === 0,
    over: over.map((r) => `${r.metric.trim()} ${r.ratio.toFixed(2)}×`),
    notMeasured: missing,
  };
  const names = (list) => list.map((r) => r.metric.trim().replace(/ \(.*\)$/, '')).join(', ');
  if (over.length) console.log(`  ⚠ the list is over ${WITHIN}× the baseline: ${out.listWithin.over.join('; ')}`);
  else if (checked.length) console.log(`  ✔ the list stays within ${WITHIN}× the baseline (${names(checked)})`);
  if (missing.length) console.log(`  ⚠ not compared (not measured): ${missing.join('; ')}`);

  const lt = (out.longTasksWhileScrolling = {
    app: app.scroll?.longTasks ?? null,
    appLongestMs: app.scroll?.longestTask ?? null,
    baseline: baseline.scroll?.longTasks ?? null,
  });
  if (lt.app == null) console.log("  ⚠ long tasks while scrolling: not measured (the app's list did not scroll)");
  else if (lt.app > 0) {
    console.log(`  ⚠ ${lt.app} long task(s) over 50 ms while scrolling the app's list (longest ${fmt(lt.appLongestMs)} ms; baseline: ${lt.baseline})`);
  } else console.log(`  ✔ no long task over 50 ms while scrolling the app's list (baseline: ${lt.baseline})`);
  return out;
}

function chromiumVersion(executable) {
  try {
    return execFileSync(executable, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

async function main() {
  const started = Date.now();
  const loadBefore = os.loadavg()[0];
  const { executablePath } = CHROMIUM;
  const browser = await chromium.launch({ executablePath, args: [...CHROMIUM.args, '--enable-precise-memory-info'] });
  let app = null;
  let baseline = null;
  try {
    // Who we are and where the Benchmark space is; and a first request of each kind, so that
    // neither side pays for the server's cold caches.
    const api = await browser.newContext({ baseURL: BASE });
    const signIn = await api.request.post('/api/session', { data: { email: EMAIL, password: PASSWORD } });
    if (!signIn.ok()) throw new Error(`sign-in as ${EMAIL} failed: HTTP ${signIn.status()}`);
    const me = await (await api.request.get('/api/me')).json();
    const space = me.spaces?.find((s) => s.name === 'Benchmark');
    if (!space) throw new Error(`${EMAIL} has no space named "Benchmark"; was the database made with bench-space?`);
    // Walk what both sides will read (the first ROWS rows, the whole thread) once, so that the
    // side measured first does not pay alone for cold caches.
    let total = null;
    for (let cursor = null, seen = 0; seen < ROWS + 200; ) {
      const page = await (await api.request.get(`/api/spaces/${space.id}/conversations?limit=200${cursor ? `&cursor=${cursor}` : ''}`)).json();
      total ??= page.counts?.all;
      seen += page.items.length;
      cursor = page.next_cursor;
      if (!cursor) break;
    }
    for (let before = null; ; ) {
      const page = await (await api.request.get(`/api/conversations/${LONG_CONVERSATION}/messages?limit=200${before ? `&before=${before}` : ''}`)).json();
      before = page.before_cursor;
      if (!before) break;
    }
    // An open SMS conversation of the space for the composer (the admin may reply in it).
    const sms = await (await api.request.get(`/api/spaces/${space.id}/conversations?stream=sms&status=open&limit=1`)).json();
    const smsConversation = sms.items?.[0]?.id ?? null;
    if (!smsConversation) console.log('  ⚠ no open SMS conversation in the space: the composer is not measured');
    // Whether the server has the baseline page next to the app (scripts/bench sees to it).
    const served = await api.request.get(BASELINE_PATH);
    const baselineServed = served.ok() && (await served.text()).includes('Benchmark baseline');
    if (!baselineServed) console.log(`  ⚠ the server does not serve ${BASELINE_PATH}; the harness serves it through interception`);
    await api.close();
    console.log(`  space "Benchmark" (id ${space.id}): ${total} conversations; long thread: conversation ${LONG_CONVERSATION}`);

    const ctx = { spaceId: space.id, baselineParams: {}, baselineServed, smsConversation };
    if (ONLY !== 'baseline') {
      app = await measure(browser, 'app', ctx);
      if (app.failed) {
        console.log('');
        console.log(`  ⚠ THE APP'S DASHBOARD COULD NOT BE MEASURED: ${app.failed}`);
        console.log('    (is src/pages/inbox built into dist/, and does its DOM match the contract at the top of');
        console.log('    tests/bench/dashboard-bench.mjs?) The baseline is measured alone.');
      }
    }
    // The baseline asks the API exactly what the app asked, and lays itself out where the app's
    // list and thread were, with the app's row height.
    const strip = (q, key) => {
      if (q == null) return undefined;
      const p = new URLSearchParams(q);
      p.delete(key);
      return p.toString();
    };
    // Rectangles only when they lie inside the window (an app whose layout is broken would
    // otherwise push the baseline off-screen too).
    const inWindow = (r) => {
      const [x, y, w, h] = (r ?? '').split(',').map(Number);
      return w >= 100 && h >= 100 && x >= 0 && y >= 0 && x + w <= VIEWPORT.width + 1 && y + h <= VIEWPORT.height + 1 ? r : undefined;
    };
    const listRect = inWindow(app?.geometry?.listRect);
    const params = {
      listQuery: strip(app?.firstListQuery, 'cursor'),
      threadQuery: strip(app?.firstThreadQuery, 'before'),
      olderQuery: strip(app?.olderThreadQuery, 'before'),
      rowHeight: app?.geometry?.rowHeight,
      listRect,
      threadRect: listRect && inWindow(app?.openThread?.threadRect),
    };
    if (app?.geometry && !listRect) {
      console.log(`  ⚠ the app's list is not inside the window (${app.geometry.listRect}); the baseline uses its own layout`);
    }
    // (An empty query is kept: the app relied on the API's defaults, and so will the baseline.)
    for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null) ctx.baselineParams[k] = String(v);
    if (ONLY !== 'app') {
      baseline = await measure(browser, 'baseline', ctx);
      if (baseline.failed) console.log(`\n  ⚠ the baseline could not be measured: ${baseline.failed}`);
    }
    for (const r of [app, baseline]) {
      if (!r) continue;
      for (const e of r.errors) console.log(`  ⚠ ${r.side}: ${e}`);
      for (const c of [...new Set(r.console)].slice(0, 5)) console.log(`  ⚠ ${r.side}: ${c}`);
    }

    // Other work on the machine (a build, another test run) shows up in every figure.
    const load = { before: loadBefore, after: os.loadavg()[0], cpus: os.cpus().length };
    console.log('');
    console.log(
      `  Dashboard benchmark: ${total} conversations, ${ROWS} rows scrolled, viewport ${VIEWPORT.width}×${VIEWPORT.height}, ` +
        `responses ${COMPRESSION ? 'compressed by the server' : 'uncompressed'}`,
    );
    // (The benchmark itself keeps about one core and a half busy; the database build before it, one.)
    if (load.before > 0.75 * load.cpus || load.after > load.cpus + 1) {
      console.log(`  ⚠ the machine was busy (load average ${load.before.toFixed(1)} before, ${load.after.toFixed(1)} after, ${load.cpus} cores): expect noisy figures`);
    }
    console.log(`  ratio = app / baseline (lower is better for every figure)`);
    console.log('');
    const rows = report(app, baseline);
    console.log('  (frame times come in whole vsync intervals of 16.7 ms; wasm memory is the reserved linear');
    console.log('  memory of the app, which grows and never shrinks; JS heap figures are after a forced GC)');
    const verdict = flags(rows, app, baseline);

    fs.mkdirSync(RESULTS_DIR, { recursive: true });
    const stamp = new Date().toISOString().replace(/[:.]/g, '-').replace(/Z$/, '');
    const file = path.join(RESULTS_DIR, `dashboard-${stamp}.json`);
    let commit = null;
    try {
      commit = execFileSync('git', ['-C', root, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    } catch {}
    fs.writeFileSync(
      file,
      JSON.stringify(
        {
          date: new Date().toISOString(),
          commit,
          machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, memoryGB: Math.round(os.totalmem() / 2 ** 30), load },
          chromium: chromiumVersion(executablePath),
          config: { base: BASE, compression: COMPRESSION, space: space.id, conversations: total, longConversation: LONG_CONVERSATION, rows: ROWS, warmRuns: RUNS, viewport: VIEWPORT },
          baselineParams: ctx.baselineParams,
          table: rows,
          flags: verdict,
          app,
          baseline,
        },
        null,
        2,
      ) + '\n',
    );
    console.log('');
    console.log(`  results: ${path.relative(process.cwd(), file)} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
    if (baseline?.failed) process.exitCode = 1; // the harness's own page broke: that is a bug here
  } finally {
    await browser.close();
  }
}

main().catch((e) => {
  console.error(`dashboard-bench: the harness failed: ${e.stack ?? e}`);
  process.exit(1);
});
