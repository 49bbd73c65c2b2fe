import { test, expect } from '../fixtures';
import { request as playwrightRequest } from '@playwright/test';
import type { Page } from '@playwright/test';
import { spawn, ChildProcess } from 'child_process';
import * as os from 'os';
import * as path from 'path';
import * as fs from 'fs';

// Live updates across a restart of the server, on a server of this spec's own (its own port and
// database), so that stopping it disturbs no other spec. The app's stream drops with the
// server; after the restart it resumes from the last event id out of the event log (every
// message once), or, when the restarted server keeps a shorter log, is told `reset` and
// refetches what it shows.

test.use({ allowedConsoleErrors: [/ERR_FAILED|ERR_CONNECTION_REFUSED|ERR_CONNECTION_RESET|ERR_EMPTY_RESPONSE|ERR_INCOMPLETE_CHUNKED_ENCODING/] });
test.describe.configure({ mode: 'serial', timeout: 120_000 });

const PORT = Number(process.env.E2E_PORT ?? 18765) + 7;
const BASE = `http://127.0.0.1:${PORT}`;
const TOKEN = 'live-restart-support';
const DB = path.join(os.tmpdir(), `textpeak-live-restart-${PORT}.db`);
const SUPPORT_SMS = '+442079460123';

let server: ChildProcess | null = null;

async function start(...extra: string[]) {
  server = spawn(
    process.env.E2E_SERVER!,
    [
      '--addr', `127.0.0.1:${PORT}`, '--db', DB, '--static-dir', path.resolve(__dirname, '../../../dist'),
      '--support-token', TOKEN, '--delivery', 'instant', '--delivery-failure-rate', '0', ...extra,
    ],
    { stdio: 'ignore' },
  );
  await expect
    .poll(async () => fetch(`${BASE}/api/health`).then((r) => r.status).catch(() => 0), { timeout: 60_000 })
    .toBe(200);
}

async function stop() {
  if (!server) return;
  const exited = new Promise((resolve) => server!.once('exit', resolve));
  server.kill('SIGTERM');
  await exited;
  server = null;
}

test.beforeAll(async () => {
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(DB + suffix, { force: true });
  await start();
});
test.afterAll(stop);

async function inbound(from: string, text: string): Promise<number> {
  const context = await playwrightRequest.newContext({ baseURL: BASE });
  const response = await context.post('/api/support/inbound', {
    headers: { Authorization: `Bearer ${TOKEN}` },
    data: { stream: 'sms', to: SUPPORT_SMS, from, text },
  });
  expect(response.status()).toBeLessThan(300);
  const { conversation_id } = await response.json();
  await context.dispose();
  return conversation_id;
}

async function storedIds(page: Page, id: number): Promise<number[]> {
  const response = await page.request.get(`${BASE}/api/conversations/${id}/messages?limit=200`);
  expect(response.status()).toBe(200);
  return ((await response.json()).items as { id: number }[]).map((m) => m.id);
}

const thread = (page: Page) => page.getByRole('log', { name: 'Messages' });
const rows = (page: Page) => page.getByRole('list', { name: 'Conversations' }).getByRole('link');
const banner = (page: Page) => page.getByRole('status').filter({ hasText: 'Live updates paused' });
const shownIds = (page: Page) =>
  thread(page)
    .locator('[data-message-id]')
    .evaluateAll((items) => items.map((i) => Number(i.getAttribute('data-message-id'))));

async function openLive(page: Page, number: string): Promise<number> {
  await page.goto(`${BASE}/sign-in`);
  await page.getByLabel('E-mail').fill('admin@acme.test');
  await page.getByLabel('Password').fill('demo');
  await page.getByLabel('Password').press('Enter');
  await expect(page.getByRole('button', { name: /account menu/ })).toBeVisible();
  const me = await (await page.request.get(`${BASE}/api/me`)).json();
  const space = (me.spaces as { id: number; name: string }[]).find((s) => s.name === 'Support')!.id;
  const id = await inbound(number, `Before the restart ${Date.now()}`);
  const stream = page.waitForResponse((r) => r.url().includes('/api/events') && r.status() === 200);
  await page.goto(`${BASE}/inbox/s/${space}?conversation=${id}`);
  await stream;
  // One live message first, so the app has an event id to resume from.
  const live = `Still there? ${Date.now()}`;
  await inbound(number, live);
  await expect(thread(page).getByText(live)).toBeVisible();
  return id;
}

/** Stops the server, runs `meanwhile` on the restarted one while the app cannot reach its
 *  stream yet, then lets the app reconnect. */
async function restartAround(page: Page, meanwhile: () => Promise<void>, ...flags: string[]) {
  await page.route('**/api/events**', (route) => route.abort('connectionrefused'));
  await stop();
  await expect(banner(page)).toBeVisible();
  await start(...flags);
  await meanwhile();
  await page.unroute('**/api/events**');
  const resumed = page.waitForRequest((r) => r.url().includes('/api/events') && !!r.headers()['last-event-id']);
  await banner(page).getByRole('button', { name: 'Retry now' }).click();
  await resumed;
  await expect(banner(page)).toBeHidden();
}

test('after a server restart the stream resumes from the log: every message once, the new conversation in the list', async ({ page }) => {
  const number = `+4477012${Date.now() % 100000}`;
  const id = await openLive(page, number);
  const missed = [`While it restarted ${Date.now()}`, `And one more ${Date.now()}`];
  const newcomer = `A new customer meanwhile ${Date.now()}`;
  await restartAround(page, async () => {
    for (const text of missed) await inbound(number, text);
    await inbound(`+4477013${Date.now() % 100000}`, newcomer);
  });
  for (const text of missed) await expect(thread(page).getByText(text)).toHaveCount(1);
  await expect(rows(page).filter({ hasText: newcomer })).toHaveCount(1);
  const stored = await storedIds(page, id);
  await expect.poll(() => shownIds(page)).toEqual(stored);
});

test('a restarted server that no longer holds the last event id says reset, and the app refetches', async ({ page }) => {
  const number = `+4477014${Date.now() % 100000}`;
  const id = await openLive(page, number);
  const last = await page.evaluate(async (base) => {
    // The log's newest id, as a fresh stream's first block names it.
    const response = await fetch(`${base}/api/events`, { headers: { 'X-TextPeak-Request': '1' } });
    const reader = response.body!.getReader();
    const { value } = await reader.read();
    await reader.cancel();
    return Number(new TextDecoder().decode(value).match(/^id: (\d+)$/m)![1]);
  }, BASE);
  const missed = Array.from({ length: 4 }, (_, i) => `Lost in the pruned log ${i} ${Date.now()}`);
  await restartAround(
    page,
    async () => {
      for (const text of missed) await inbound(number, text);
      // The restarted server prunes at start: only the newest two events are left.
      await stop();
      await start('--event-log-keep', '2');
    },
    '--event-log-keep', '100000',
  );
  // The server really answered `reset` to that id.
  const answer = await page.evaluate(async ([base, id]) => {
    const response = await fetch(`${base}/api/events`, { headers: { 'X-TextPeak-Request': '1', 'Last-Event-ID': String(id) } });
    const reader = response.body!.getReader();
    let text = '';
    while (!text.includes('event: reset')) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    await reader.cancel();
    return text;
  }, [BASE, last] as const);
  expect(answer).toContain('event: reset');
  for (const text of missed) await expect(thread(page).getByText(text)).toHaveCount(1);
  const stored = await storedIds(page, id);
  await expect.poll(() => shownIds(page)).toEqual(stored);
});
