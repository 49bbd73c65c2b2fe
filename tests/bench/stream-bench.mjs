// The live-stream benchmark: how fast the server fans one inbound message out to many open
// event streams (GET /api/events, Server-Sent Events), and what the streams cost it in memory.
//
//   1. baseline: ONE stream open; inject inbound messages (POST /api/support/inbound) one at a
//      time and time each from the moment it is sent to the moment its text arrives on the
//      stream;
//   2. the same with STREAMS (500) streams open at once (signed-in sessions of the demo owner
//      and admin, who see every conversation), each message timed on every stream;
//   3. the server's resident memory (VmRSS of /proc/<pid>/status) with no stream open, with the
//      streams open, after the messages, and after they are closed.
//
// A REPORT, NOT A TEST: it never fails on figures (the machine is shared, loopback latencies
// are noisy). It exits non-zero only when the harness itself cannot run: the server does not
// answer, a stream cannot be opened, or no message ever reaches a stream.
//
// The client is this one node process (its fetch reads each stream as it arrives), so with 500
// streams the figures include the client's own time to read 500 sockets: they are an upper
// bound of the server's fan-out. Each stream is scanned for the message's unique marker
// without parsing the JSON, to keep that share small.
//
// Run it through scripts/bench-stream, which builds the release server, seeds a throw-away
// database and starts the server. It reads:
//   BENCH_BASE_URL        the server, e.g. http://127.0.0.1:18802 (required)
//   BENCH_SERVER_PID      the server's process id, for its memory (required)
//   BENCH_SUPPORT_TOKEN   the server's support token, to inject messages (required)
//   BENCH_STREAMS         streams of the big run (default 500)
//   BENCH_SESSIONS        signed-in sessions the streams share (default 20: sign-ins hash)
//   BENCH_MESSAGES        timed messages per run (default 20)
//   BENCH_RESULTS_DIR     where the JSON goes (default bench/results)

import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');

const BASE = required('BENCH_BASE_URL').replace(/\/$/, '');
const SERVER_PID = Number(required('BENCH_SERVER_PID'));
const SUPPORT_TOKEN = required('BENCH_SUPPORT_TOKEN');
const STREAMS = Number(process.env.BENCH_STREAMS ?? 500);
const SESSIONS = Math.max(1, Math.min(STREAMS, Number(process.env.BENCH_SESSIONS ?? 20)));
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 20);
const RESULTS_DIR = path.resolve(root, process.env.BENCH_RESULTS_DIR ?? 'bench/results');
// Every conversation is visible to both (../shared/product.md §3).
const EMAILS = ['owner@acme.test', 'admin@acme.test'];
const PASSWORD = 'demo';
/** How long one message may take to reach every stream before it counts as lost there. */
const DELIVERY_TIMEOUT_MS = 10_000;
/** How long the streams may take to open (the first message reaching all of them). */
const OPEN_TIMEOUT_MS = 30_000;
const EVENTS_PATH = '/api/events';

function required(name) {
  const value = process.env[name];
  if (!value) {
    console.error(`stream-bench: set ${name}`);
    process.exit(2);
  }
  return value;
}

function fail(message) {
  console.error(`stream-bench: ${message}`);
  process.exit(1);
}

async function api(method, url, { token, body } = {}) {
  const headers = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(BASE + url, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) fail(`${method} ${url}: ${res.status} ${text.slice(0, 300)}`);
  return text ? JSON.parse(text) : null;
}

/** The server's resident memory in MiB (VmRSS). */
function rssMib() {
  const status = fs.readFileSync(`/proc/${SERVER_PID}/status`, 'utf8');
  const kb = Number(/^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1]);
  if (!Number.isFinite(kb)) fail(`no VmRSS for process ${SERVER_PID}`);
  return kb / 1024;
}

async function signIn(email) {
  const reply = await api('POST', '/api/session', { body: { email, password: PASSWORD, bearer: true } });
  if (!reply?.token) fail(`signing in ${email} gave no token`);
  return reply.token;
}

/** Runs `task` over `items`, at most `limit` at a time. */
async function pooled(items, limit, task) {
  const out = new Array(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await task(items[i], i);
    }
  });
  await Promise.all(workers);
  return out;
}

/**
 * What the streams wait for: a marker (unique text of one injected message), when it was sent,
 * and who has seen it. The streams check every chunk for the open markers.
 */
class Expectation {
  constructor(marker, streams) {
    this.marker = marker;
    this.sentAt = performance.now();
    this.latencies = new Array(streams).fill(null);
    this.missing = streams;
    this.done = new Promise((resolve) => (this.resolve = resolve));
  }

  seenBy(stream) {
    if (this.latencies[stream] !== null) return;
    this.latencies[stream] = performance.now() - this.sentAt;
    if (--this.missing === 0) this.resolve();
  }
}

/** Open streams of GET /api/events, each scanning what arrives for the open expectations. */
class Streams {
  constructor() {
    this.controllers = [];
    this.readers = [];
    this.open = [];
    this.failures = 0;
  }

  async openAll(tokens, count) {
    await pooled(Array.from({ length: count }, (_, i) => i), 50, async (i) => {
      const controller = new AbortController();
      const res = await fetch(BASE + EVENTS_PATH, {
        headers: { authorization: `Bearer ${tokens[i % tokens.length]}`, accept: 'text/event-stream' },
        signal: controller.signal,
      });
      const type = res.headers.get('content-type') ?? '';
      if (!res.ok || !type.startsWith('text/event-stream')) {
        fail(`stream ${i}: ${res.status} ${type} ${(await res.text()).slice(0, 200)}`);
      }
      this.controllers[i] = controller;
      this.readers[i] = this.read(i, res.body);
    });
  }

  async read(i, body) {
    const decoder = new TextDecoder();
    // The end of the previous chunk, so that a marker cut in two by the network is found.
    let tail = '';
    try {
      for await (const chunk of body) {
        const text = tail + decoder.decode(chunk, { stream: true });
        for (const expectation of this.open) {
          if (text.includes(expectation.marker)) expectation.seenBy(i);
        }
        tail = text.slice(-64);
      }
    } catch (e) {
      if (e.name !== 'AbortError') this.failures++;
    }
  }

  async closeAll() {
    for (const c of this.controllers) c?.abort();
    await Promise.allSettled(this.readers);
    this.controllers = [];
    this.readers = [];
  }
}

/** Sends one inbound message with a unique marker and waits until every stream saw it. */
async function inject(streams, count, destination, marker, timeoutMs) {
  const expectation = new Expectation(marker, count);
  streams.open.push(expectation);
  await api('POST', '/api/support/inbound', {
    token: SUPPORT_TOKEN,
    body: { ...destination, text: `Stream benchmark ${marker}: is my booking still on?` },
  });
  let timer;
  await Promise.race([
    expectation.done,
    new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs))),
  ]);
  clearTimeout(timer);
  streams.open = streams.open.filter((e) => e !== expectation);
  return expectation;
}

function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

/** `MESSAGES` timed messages on `count` open streams (after one that proves they are open). */
async function measure(label, tokens, count, destination) {
  const streams = new Streams();
  const t0 = performance.now();
  await streams.openAll(tokens, count);
  const warm = await inject(streams, count, destination, `${label}-open-${Date.now()}`, OPEN_TIMEOUT_MS);
  if (warm.missing === count) fail(`${label}: no stream received the first message`);
  const openedMs = performance.now() - t0;
  const rssOpen = rssMib();
  const samples = [];
  const lastArrivals = [];
  let lost = warm.missing;
  for (let k = 0; k < MESSAGES; k++) {
    const e = await inject(streams, count, destination, `${label}-${k}-${Date.now()}`, DELIVERY_TIMEOUT_MS);
    const got = e.latencies.filter((v) => v !== null);
    samples.push(...got);
    lost += e.missing;
    if (got.length) lastArrivals.push(Math.max(...got));
    // Let the server's and this process's buffers drain between messages.
    await new Promise((r) => setTimeout(r, 50));
  }
  const rssAfter = rssMib();
  await streams.closeAll();
  samples.sort((a, b) => a - b);
  lastArrivals.sort((a, b) => a - b);
  return {
    streams: count,
    sessions: Math.min(tokens.length, count),
    messages: MESSAGES,
    deliveries: samples.length,
    lost,
    stream_errors: streams.failures,
    open_ms: Math.round(openedMs),
    p50_ms: round(percentile(samples, 50)),
    p99_ms: round(percentile(samples, 99)),
    max_ms: round(samples.at(-1) ?? null),
    all_streams_p50_ms: round(percentile(lastArrivals, 50)),
    rss_open_mib: round(rssOpen),
    rss_after_messages_mib: round(rssAfter),
  };
}

function round(v) {
  return v === null || v === undefined ? null : Math.round(v * 10) / 10;
}

async function main() {
  const started = Date.now();
  const health = await fetch(`${BASE}/api/health`).catch((e) => fail(`the server does not answer: ${e.message}`));
  if (!health.ok) fail(`GET /api/health: ${health.status}`);

  const tokens = await pooled(Array.from({ length: SESSIONS }, (_, i) => EMAILS[i % EMAILS.length]), 2, signIn);
  // A server from before the live stream: nothing to measure, and not a broken harness.
  const probe = new AbortController();
  const probed = await fetch(BASE + EVENTS_PATH, {
    headers: { authorization: `Bearer ${tokens[0]}`, accept: 'text/event-stream' },
    signal: probe.signal,
  });
  probe.abort();
  if (probed.status === 404) {
    console.log(`stream-bench: skipped, the server has no ${EVENTS_PATH}`);
    return;
  }

  // A new contact on the tenant's first SMS sender with a profile: the first message starts the
  // conversation (every owner and admin sees it), the others continue it.
  const senders = await api('GET', '/api/senders', { token: tokens[0] });
  const sms = senders.find((s) => s.stream === 'sms' && s.profile);
  if (!sms) fail('the demo tenant has no SMS sender in a profile');
  const destination = {
    stream: 'sms',
    to: sms.address,
    from: `+4477009${String(Math.floor(Math.random() * 1e5)).padStart(5, '0')}`,
  };

  const rssIdle = rssMib();
  const baseline = await measure('one', tokens, 1, destination);
  const rssBefore = rssMib();
  const many = await measure('many', tokens, STREAMS, destination);
  // The closed streams' memory is given back to the allocator, not always to the system.
  await new Promise((r) => setTimeout(r, 500));
  const rssClosed = rssMib();

  const result = {
    when: new Date().toISOString(),
    base_url: BASE,
    rss_idle_mib: round(rssIdle),
    rss_before_streams_mib: round(rssBefore),
    rss_after_close_mib: round(rssClosed),
    baseline,
    many,
    seconds: Math.round((Date.now() - started) / 100) / 10,
  };

  const row = (name, r) =>
    `  ${name.padEnd(12)} ${String(r.streams).padStart(5)} ${fmt(r.p50_ms)} ${fmt(r.p99_ms)} ${fmt(r.max_ms)} ${fmt(r.all_streams_p50_ms)} ${String(r.lost).padStart(5)} ${fmt(r.rss_open_mib)}`;
  console.log('');
  console.log(`Live stream fan-out (inject → event on each stream), ${MESSAGES} messages a run:`);
  console.log(`  ${'run'.padEnd(12)} ${'streams'.padStart(5)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'max ms'.padStart(8)} ${'all-in p50'.padStart(8)} ${'lost'.padStart(5)} ${'RSS MiB'.padStart(8)}`);
  console.log(row('baseline', baseline));
  console.log(row(`${STREAMS} streams`, many));
  if (baseline.p50_ms && many.p50_ms) {
    console.log(`  ratio p50 ${STREAMS} / 1: ${(many.p50_ms / baseline.p50_ms).toFixed(1)}x; p99: ${(many.p99_ms / baseline.p99_ms).toFixed(1)}x`);
  }
  const num = (v) => (v === null || v === undefined ? '–' : v.toFixed(1));
  console.log(
    `  server RSS: ${num(rssBefore)} MiB before the streams, ${num(many.rss_open_mib)} with ${STREAMS} open ` +
      `(${num(((many.rss_open_mib - rssBefore) * 1024) / STREAMS)} KiB a stream), ` +
      `${num(many.rss_after_messages_mib)} after the messages, ${num(rssClosed)} after closing them`,
  );
  console.log(`  streams opened in ${many.open_ms} ms; ${many.stream_errors} stream errors`);
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, `stream-${result.when.replace(/[:.]/g, '-')}.json`);
  fs.writeFileSync(file, JSON.stringify(result, null, 2) + '\n');
  console.log(`  results: ${path.relative(process.cwd(), file)} (${result.seconds} s)`);
}

function fmt(v) {
  return (v === null || v === undefined ? '–' : v.toFixed(1)).padStart(8);
}

main().catch((e) => fail(e.stack ?? String(e)));
