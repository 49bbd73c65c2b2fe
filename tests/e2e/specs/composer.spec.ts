import { test, expect, signIn, expectNoAxeViolations, shot, PASSWORD } from '../fixtures';
import { request as playwrightRequest } from '@playwright/test';
import type { Page, APIRequestContext, Locator } from '@playwright/test';

// The composer against the real server and its demo data (the Customer Care showcase: Priya on
// SMS, Lena on WhatsApp inside the 24-hour window, Marco outside it, Tomás and a nameless
// contact on Telegram). The delivery simulator runs instantly without failures (see
// playwright.config.ts), Telegram still paced one message a second per chat. What reached the
// server is always checked through the API, never only on screen.

// Refusals are part of these stories (injected 422/503/429, a dropped answer, a 403 by hand):
// the browser logs each of them.
// (One pattern: Playwright reads a two-element array as a value and its options.)
test.use({ allowedConsoleErrors: [/status of (403|422|429|503)|ERR_FAILED/] });
// Each story sends, waits for delivery and checks the server: more than the default 30 s on a
// busy two-core machine.
test.describe.configure({ timeout: 90_000 });

const BASE = `http://127.0.0.1:${process.env.E2E_PORT ?? 18765}`;

type Message = {
  id: number;
  kind: 'reply' | 'note' | 'event';
  direction: 'inbound' | 'outbound' | null;
  body: string;
  status: 'queued' | 'sent' | 'delivered' | 'read' | 'failed' | null;
  client_id: string | null;
  sender_profile: string | null;
};
type Me = { spaces: { id: number; name: string }[] };

async function json<T>(request: APIRequestContext, path: string): Promise<T> {
  const response = await request.get(path);
  expect(response.status(), path).toBe(200);
  return (await response.json()) as T;
}

async function spaceId(request: APIRequestContext, name = 'Support'): Promise<number> {
  const me = await json<Me>(request, '/api/me');
  return me.spaces.find((s) => s.name === name)!.id;
}

/** The id of the conversation whose contact matches `contact`, by the list's search. */
async function conversationOf(request: APIRequestContext, space: number, contact: string): Promise<number> {
  const page = await json<{ items: { id: number }[] }>(
    request,
    `/api/spaces/${space}/conversations?q=${encodeURIComponent(contact)}`,
  );
  expect(page.items.length, `a conversation with ${contact}`).toBeGreaterThan(0);
  return page.items[0].id;
}

async function messages(request: APIRequestContext, conversation: number): Promise<Message[]> {
  return (await json<{ items: Message[] }>(request, `/api/conversations/${conversation}/messages?limit=100`)).items;
}

async function withBody(request: APIRequestContext, conversation: number, body: string): Promise<Message[]> {
  return (await messages(request, conversation)).filter((m) => m.body === body);
}

const composer = (page: Page) => page.locator('.tp-composer');
const replyBox = (page: Page) => page.getByRole('textbox', { name: 'Write a reply' });
const noteBox = (page: Page) => page.getByRole('textbox', { name: 'Write an internal note' });
const sendButton = (page: Page) => composer(page).getByRole('button', { name: 'Send', exact: true });
const thread = (page: Page) => page.getByRole('log', { name: 'Messages' });
const counter = (page: Page) => page.locator('.tp-composer__counter');

/** Signs in and opens the conversation with `contact`; answers its id. */
async function open(page: Page, contact: string, email = 'agent@acme.test', password = PASSWORD) {
  await signIn(page, email, password);
  await expect(page.getByRole('button', { name: /account menu/ })).toBeVisible();
  const space = await spaceId(page.request);
  const id = await conversationOf(page.request, space, contact);
  await page.goto(`/inbox/s/${space}?conversation=${id}`);
  await expect(page.getByRole('heading', { level: 2, name: new RegExp(contact) })).toBeVisible();
  await expect(composer(page)).toBeVisible();
  return { space, id };
}

/** The thread's own message with `body` (the newest one if several). */
function bubble(page: Page, body: string): Locator {
  return thread(page).locator('article').filter({ hasText: body }).last();
}

test('SMS: the counter at 160/161, a UCS-2 character named and replaced, one message delivered', async ({ page }) => {
  const { id } = await open(page, 'Priya');
  const box = replyBox(page);
  await expect(box).toBeFocused({ timeout: 1 }).catch(() => undefined);
  await expect(counter(page)).toHaveText('160 left · 0 segments · GSM-7');
  await box.fill('a'.repeat(160));
  await expect(counter(page)).toHaveText('0 left · 1 segment · GSM-7');
  await box.press('End');
  await box.press('b');
  await expect(counter(page)).toHaveText('145 left · 2 segments · GSM-7');
  // An extension character counts two.
  await box.fill(`${'a'.repeat(159)}€`);
  await expect(counter(page)).toHaveText('145 left · 2 segments · GSM-7');
  await box.fill('a'.repeat(153 * 10));
  await expect(counter(page)).toHaveText('0 left · 10 segments · GSM-7');
  await box.press('End');
  await box.press('a');
  await expect(counter(page)).toHaveText('152 left · 11 segments · GSM-7');
  await expect(page.getByText('The message needs 11 SMS segments; at most 10 can be sent.')).toBeVisible();
  await expect(sendButton(page)).toHaveAttribute('aria-disabled', 'true');

  // One curly quote forces UCS-2: it is named, and replacing lookalikes brings GSM-7 back.
  const text = 'Hi Priya, you’re booked on the 18:40 flight – see you “soon”';
  await box.fill(text);
  await expect(counter(page)).toHaveText(/ left · 1 segment · UCS-2$/);
  const warning = composer(page).locator('.tp-composer__notice--warn');
  await expect(warning).toContainText('’ (U+2019)');
  await expect(warning).toContainText('– (U+2013)');
  await expectNoAxeViolations(page);
  await shot(page, 'composer-sms-ucs2');
  await warning.getByRole('button', { name: 'Replace lookalikes' }).click();
  const fixed = `Hi Priya, you're booked on the 18:40 flight - see you "soon"`;
  await expect(box).toHaveValue(fixed);
  await expect(counter(page)).toHaveText(`${160 - fixed.length} left · 1 segment · GSM-7`);
  await expect(warning).toHaveCount(0);
  await shot(page, 'composer-reply');

  await box.press('Enter');
  await expect(box).toHaveValue('');
  await expect(bubble(page, fixed)).toBeVisible();
  // Statuses move forward to the end of SMS's path, in the thread and on the server.
  await expect(bubble(page, fixed).getByText('Delivered')).toBeVisible({ timeout: 15_000 });
  await expect(bubble(page, fixed)).toContainText('Acme Support SMS');
  const stored = await withBody(page.request, id, fixed);
  expect(stored).toHaveLength(1);
  expect(stored[0]).toMatchObject({ kind: 'reply', direction: 'outbound', status: 'delivered' });
  expect(stored[0].client_id).toMatch(/^[0-9a-f-]{36}$/);
});

test('WhatsApp inside the window: a countdown, free text sent, read in the end', async ({ page }) => {
  const { id } = await open(page, 'Lena');
  await expect(composer(page).getByText(/WhatsApp window: \d+ h \d+ min left to reply freely/)).toBeVisible();
  const text = `Done: the bag is added and seat 14A is yours. ${Date.now()}`;
  await replyBox(page).fill(text);
  await sendButton(page).click();
  await expect(bubble(page, text)).toBeVisible();
  await expect(bubble(page, text).getByText('Read')).toBeVisible({ timeout: 15_000 });
  const stored = await withBody(page.request, id, text);
  expect(stored.map((m) => m.status)).toEqual(['read']);
});

test('WhatsApp outside the window: free text is locked, an approved template goes out unchanged', async ({ page }) => {
  const { id } = await open(page, 'Marco');
  const lock = composer(page).locator('#tp-compose-lock');
  await expect(lock).toContainText('The 24-hour window has closed.');
  await expect(replyBox(page)).toHaveAttribute('readonly', '');
  await expect(replyBox(page)).toHaveAccessibleDescription(/24-hour window has closed/);
  await shot(page, 'composer-whatsapp-locked');
  await expectNoAxeViolations(page);

  // The picker offers approved templates only.
  await lock.getByRole('button', { name: 'Choose an approved template' }).click();
  const search = page.getByRole('combobox', { name: 'Search templates' });
  await expect(search).toBeFocused();
  const options = page.getByRole('listbox', { name: 'Templates' }).getByRole('option');
  const names = await options.locator('.tp-picker__name').allInnerTexts();
  expect(names.length).toBeGreaterThan(0);
  expect(names.every((n) => n.includes('Approved'))).toBe(true);
  expect(names.join()).not.toContain('Refund in progress');
  await search.fill('follow');
  await search.press('Enter');
  const body = 'Hi Marco Bianchi, we are following up on your request to Acme Travel. Reply to this message to continue the conversation.';
  await expect(replyBox(page)).toHaveValue(body);
  await expect(replyBox(page)).toBeFocused();
  await sendButton(page).click();
  await expect(bubble(page, body)).toBeVisible();
  await expect(bubble(page, body).getByText(/Delivered|Read/)).toBeVisible({ timeout: 15_000 });
  expect((await withBody(page.request, id, body)).length).toBe(1);

  // Free text by hand is refused by the server too.
  const refused = await page.request.post(`/api/conversations/${id}/messages`, {
    headers: { 'Idempotency-Key': 'e2e-free-text-outside-window', 'X-TextPeak-Request': '1' },
    data: { kind: 'reply', body: 'Free text', client_id: 'e2e-free-text-outside-window' },
  });
  expect(refused.status()).toBe(422);
  expect((await refused.json()).rule).toBe('whatsapp_window');
});

test('Telegram: three quick replies are all sent, in order, paced one a second', async ({ page }) => {
  const { id } = await open(page, 'Tomás');
  const stamp = Date.now();
  const texts = [1, 2, 3].map((n) => `Invoice update ${n} (${stamp})`);
  for (const text of texts) {
    await replyBox(page).fill(text);
    await replyBox(page).press('Enter');
  }
  for (const text of texts) await expect(bubble(page, text)).toBeVisible();
  // Right after, the channel has not taken them all: the last waits its turn.
  const early = await messages(page.request, id);
  expect(early.filter((m) => texts.includes(m.body)).map((m) => m.body)).toEqual(texts);
  for (const text of texts) await expect(bubble(page, text).getByText('Sent')).toBeVisible({ timeout: 15_000 });
  const stored = (await messages(page.request, id)).filter((m) => texts.includes(m.body));
  expect(stored.map((m) => m.body)).toEqual(texts);
  expect(stored.map((m) => m.status)).toEqual(['sent', 'sent', 'sent']);
  expect(stored[0].id).toBeLessThan(stored[1].id);
  expect(stored[1].id).toBeLessThan(stored[2].id);
  expect(early.filter((m) => texts.includes(m.body)).some((m) => m.status === 'queued')).toBe(true);
});

test('an internal note stays with the team: styled as a note, no delivery status, stored as a note', async ({ page }) => {
  const { id } = await open(page, 'night_owl');
  await replyBox(page).focus();
  await page.keyboard.press('Alt+n');
  await expect(page.getByRole('tab', { name: 'Internal note' })).toHaveAttribute('aria-selected', 'true');
  await expect(noteBox(page)).toBeFocused();
  await expect(composer(page)).toHaveClass(/tp-composer--note/);
  await expect(composer(page).getByText('Only your team sees notes')).toBeVisible();
  const text = `Called the rail operator: replacement bus at 06:10. ${Date.now()}`;
  await noteBox(page).fill(text);
  await shot(page, 'composer-note');
  await expectNoAxeViolations(page);
  await noteBox(page).press('Enter');
  const note = bubble(page, text);
  await expect(note).toBeVisible();
  await expect(note).toHaveClass(/tp-msg--note/);
  await expect(note).toContainText('Internal note');
  await expect(note).toContainText('Arjun Patel');
  // Wait until the thread has the server's copy: still no status.
  await expect.poll(async () => (await withBody(page.request, id, text)).length).toBe(1);
  await page.reload();
  await expect(bubble(page, text)).toBeVisible();
  await expect(bubble(page, text).locator('.tp-delivery')).toHaveCount(0);
  const [stored] = await withBody(page.request, id, text);
  expect(stored).toMatchObject({ kind: 'note', direction: null, status: null });
  // Alt+R comes back to the reply, and the note's draft is gone with its send.
  await page.keyboard.press('Alt+r');
  await expect(replyBox(page)).toBeFocused();
});

test('templates: placeholders filled from the conversation, an unfilled one blocks until edited', async ({ page }) => {
  const { id } = await open(page, 'Tomás');
  const box = replyBox(page);
  await box.focus();
  await page.keyboard.press('/');
  const search = page.getByRole('combobox', { name: 'Search templates' });
  await expect(search).toBeFocused();
  await shot(page, 'composer-picker');
  await expectNoAxeViolations(page);
  // Escape closes and gives the focus back.
  await search.press('Escape');
  await expect(search).toHaveCount(0);
  await expect(box).toBeFocused();

  await composer(page).getByRole('button', { name: 'Templates' }).click();
  await page.getByRole('combobox', { name: 'Search templates' }).fill('closing');
  await page.getByRole('option', { name: /Closing/ }).click();
  await expect(box).toHaveValue(/^Thanks for contacting Acme Travel, Tomás Ortega! .* Arjun Patel/);
  await expect(page.locator('#tp-compose-unfilled')).toHaveCount(0);
  await box.fill('');

  await box.press('/');
  await page.getByRole('combobox', { name: 'Search templates' }).fill('call');
  await page.keyboard.press('Enter');
  await expect(box).toHaveValue(/we will call you back on \{\{contact\.phone\}\} within the hour/);
  const unfilled = page.locator('#tp-compose-unfilled');
  await expect(unfilled.getByRole('button', { name: '{{contact.phone}}' })).toBeVisible();
  await expect(page.getByText('Replace {{contact.phone}} with the right text before sending.')).toBeVisible();
  await expect(sendButton(page)).toHaveAttribute('aria-disabled', 'true');
  await box.press('Enter');
  await shot(page, 'composer-unfilled');
  await expect.poll(async () => (await messages(page.request, id)).filter((m) => m.body.includes('call you back')).length).toBe(0);

  // Selecting the placeholder and typing over it unblocks the send.
  await unfilled.getByRole('button', { name: '{{contact.phone}}' }).click();
  await page.keyboard.type('+34 600 111 222');
  await expect(box).toHaveValue(/call you back on \+34 600 111 222 within the hour/);
  await expect(unfilled).toHaveCount(0);
  await expect(sendButton(page)).toHaveAttribute('aria-disabled', 'false');
  await box.press('Enter');
  await expect.poll(async () => (await messages(page.request, id)).filter((m) => m.body.includes('+34 600 111 222')).length).toBe(1);
});

test('a send whose answer is lost is retried with the same key and stored once', async ({ page }) => {
  // Without the live stream, which would bring the stored message in by itself (the story
  // with the stream is in live.spec.ts): the retry is what recovers it here.
  await page.route('**/api/events**', (route) => route.abort());
  const { id } = await open(page, 'Lena');
  let posts = 0;
  await page.route(`**/api/conversations/${id}/messages`, async (route) => {
    if (route.request().method() !== 'POST') return route.fallback();
    posts += 1;
    if (posts === 1) {
      await route.fetch(); // the server stores it...
      return route.abort(); // ...and the answer never arrives
    }
    return route.fallback();
  });
  const text = `Your seat is confirmed. ${Date.now()}`;
  await replyBox(page).fill(text);
  await replyBox(page).press('Enter');
  const sent = bubble(page, text);
  await expect(sent.getByText(/Not sent: We couldn't reach TextPeak/)).toBeVisible();
  await expect(replyBox(page)).toHaveValue('');
  expect(await withBody(page.request, id, text)).toHaveLength(1);
  await sent.getByRole('button', { name: 'Retry' }).click();
  await expect(sent.getByRole('button', { name: 'Retry' })).toHaveCount(0);
  await expect(bubble(page, text).getByText(/Sent|Delivered|Read/)).toBeVisible({ timeout: 15_000 });
  expect(posts).toBe(2);
  await page.reload();
  await expect(bubble(page, text)).toBeVisible();
  await expect(thread(page).locator('article').filter({ hasText: text })).toHaveCount(1);
  expect(await withBody(page.request, id, text)).toHaveLength(1);
});

test('a send the server refuses keeps its text with the reason, Retry and Edit; 429 waits and retries by itself', async ({ page }) => {
  const { id } = await open(page, 'Priya');
  let refuse: 'unavailable' | 'rule' | 'busy' | null = 'unavailable';
  await page.route(`**/api/conversations/${id}/messages`, async (route) => {
    if (route.request().method() !== 'POST' || !refuse) return route.fallback();
    const kind = refuse;
    if (kind === 'unavailable') return route.fulfill({ status: 503, body: 'Service Unavailable' });
    if (kind === 'busy') {
      refuse = null;
      return route.fulfill({
        status: 429,
        headers: { 'Retry-After': '1', 'Content-Type': 'application/problem+json' },
        body: JSON.stringify({ code: 'rate_limited', title: 'Too many messages at once.', status: 429 }),
      });
    }
    return route.fulfill({
      status: 422,
      contentType: 'application/problem+json',
      body: JSON.stringify({
        code: 'channel_rule',
        title: 'This message breaks a channel rule.',
        status: 422,
        detail: 'The carrier refuses messages to this number today.',
        rule: 'sms_segments',
      }),
    });
  });
  const text = `We rebooked you on the 18:40 flight. ${Date.now()}`;
  await replyBox(page).fill(text);
  await sendButton(page).click();
  const failed = bubble(page, text);
  await expect(failed).toContainText('Not sent: Something went wrong on our side (HTTP 503).');
  await expect(failed.getByRole('button', { name: 'Retry' })).toBeVisible();
  await expect(failed.getByRole('button', { name: 'Edit' })).toBeVisible();
  await shot(page, 'composer-failed');
  await expectNoAxeViolations(page);

  refuse = 'rule';
  await failed.getByRole('button', { name: 'Retry' }).click();
  await expect(failed).toContainText('The carrier refuses messages to this number today.');
  // Still kept after a reload (the outbox is in local storage).
  await page.reload();
  await expect(bubble(page, text)).toContainText('Not sent');
  expect(await withBody(page.request, id, text)).toHaveLength(0);

  // Edit puts it back in the composer; 429 then waits its Retry-After and sends by itself.
  await bubble(page, text).getByRole('button', { name: 'Edit' }).click();
  await expect(replyBox(page)).toHaveValue(text);
  await expect(replyBox(page)).toBeFocused();
  await expect(thread(page).locator('article').filter({ hasText: text })).toHaveCount(0);
  refuse = 'busy';
  await replyBox(page).press('Enter');
  await expect(bubble(page, text)).toContainText('Trying again in 1 s');
  await expect(bubble(page, text).getByText(/Sent|Delivered/)).toBeVisible({ timeout: 15_000 });
  expect(await withBody(page.request, id, text)).toHaveLength(1);
});

test('drafts survive a reload, a space switch and signing in again, per mode', async ({ page }) => {
  await signIn(page, 'admin@acme.test');
  const support = await spaceId(page.request, 'Support');
  const sales = await spaceId(page.request, 'Sales');
  const id = await conversationOf(page.request, support, 'Lena');
  await page.goto(`/inbox/s/${support}?conversation=${id}`);
  const reply = `Draft reply ${Date.now()}`;
  const note = `Draft note ${Date.now()}`;
  await replyBox(page).fill(reply);
  await page.getByRole('tab', { name: 'Internal note' }).click();
  await noteBox(page).fill(note);
  await page.reload();
  await expect(noteBox(page).or(replyBox(page))).toBeVisible();
  await page.getByRole('tab', { name: 'Reply' }).click();
  await expect(replyBox(page)).toHaveValue(reply);
  await page.getByRole('tab', { name: 'Internal note' }).click();
  await expect(noteBox(page)).toHaveValue(note);

  await page.getByRole('button', { name: /switch space/ }).click();
  await page.getByRole('option', { name: /Sales/ }).click();
  await expect(page).toHaveURL(new RegExp(`/inbox/s/${sales}`));
  await page.goto(`/inbox/s/${support}?conversation=${id}`);
  await expect(replyBox(page)).toHaveValue(reply);

  await page.getByRole('button', { name: /account menu/ }).click();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in to TextPeak' })).toBeVisible();
  await signIn(page, 'admin@acme.test');
  await page.goto(`/inbox/s/${support}?conversation=${id}`);
  await expect(replyBox(page)).toHaveValue(reply);
  // Sending clears the draft for good.
  await replyBox(page).press('Enter');
  await expect(bubble(page, reply)).toBeVisible();
  await page.reload();
  await expect(replyBox(page)).toHaveValue('');
});

test('a custom role without "reply" gets no Reply and the server refuses a crafted one', async ({ page }) => {
  const admin = await playwrightRequest.newContext({ baseURL: BASE });
  expect((await admin.post('/api/session', { data: { email: 'admin@acme.test', password: PASSWORD } })).status()).toBe(200);
  const headers = { 'X-TextPeak-Request': '1' };
  const stamp = Date.now();
  const role = await admin.post('/api/roles', {
    headers,
    data: { name: `Notes only ${stamp}`, base: 'agent', disabled: ['reply'] },
  });
  expect(role.status()).toBeLessThan(300);
  const roleId = (await role.json()).id as number;
  const spaces = await json<{ id: number; name: string; teams: { id: number; name: string }[] }[]>(admin, '/api/settings/spaces');
  const support = spaces.find((s) => s.name === 'Support')!;
  const team = support.teams.find((t) => t.name === 'Customer Care')!;
  const invited = await admin.post('/api/users', {
    headers,
    data: { name: 'Nora Notes', email: `nora.${stamp}@acme.test`, role_id: roleId, space_ids: [support.id], team_ids: [team.id] },
  });
  expect(invited.status()).toBeLessThan(300);
  const password = (await invited.json()).temporary_password as string;
  await admin.dispose();

  const { id } = await open(page, 'Priya', `nora.${stamp}@acme.test`, password);
  await expect(page.getByRole('tab', { name: 'Reply' })).toHaveCount(0);
  await expect(replyBox(page)).toHaveCount(0);
  await expect(page.getByRole('tab', { name: 'Internal note' })).toHaveAttribute('aria-selected', 'true');
  await expect(noteBox(page)).toBeVisible();
  await expect(composer(page).getByRole('combobox', { name: /From/ })).toHaveCount(0);
  const crafted = await page.request.post(`/api/conversations/${id}/messages`, {
    headers: { 'Idempotency-Key': `crafted-${stamp}`, 'X-TextPeak-Request': '1' },
    data: { kind: 'reply', body: 'Crafted reply', client_id: `crafted-${stamp}` },
  });
  expect(crafted.status()).toBe(403);
  expect(await withBody(page.request, id, 'Crafted reply')).toHaveLength(0);
});

test('keyboard alone: write, pick a template, send', async ({ page }) => {
  const { id } = await open(page, 'Lena');
  // From the thread's message log, Tab reaches the composer's tabs, then the text area.
  await thread(page).locator('xpath=ancestor::div[@tabindex="0"]').focus();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('tab', { name: 'Reply' })).toBeFocused();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('tab', { name: 'Internal note' })).toBeFocused();
  await expect(page.getByRole('tab', { name: 'Internal note' })).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('Tab');
  await expect(replyBox(page)).toBeFocused();
  await page.keyboard.press('/');
  await page.keyboard.type('booking');
  await expect(page.getByRole('combobox', { name: 'Search templates' })).toHaveAttribute('aria-activedescendant', /tp-template-\d+/);
  await page.keyboard.press('Enter');
  await expect(replyBox(page)).toBeFocused();
  await expect(replyBox(page)).toHaveValue(/^Hello Lena Fischer, your booking is confirmed/);
  await page.keyboard.press('End');
  await page.keyboard.press('Shift+Enter');
  await page.keyboard.type(`Have a good trip! ${Date.now()}`);
  const value = await replyBox(page).inputValue();
  expect(value).toContain('\nHave a good trip!');
  await page.keyboard.press('Control+Enter');
  await expect(replyBox(page)).toHaveValue('');
  await expect(bubble(page, 'Have a good trip!')).toBeVisible();
  await expect.poll(async () => (await withBody(page.request, id, value)).length).toBe(1);
});

test('the composer on a phone', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 800 });
  await open(page, 'Priya');
  await replyBox(page).fill('Hi Priya, the 18:40 flight is yours – see you soon');
  await expect(sendButton(page)).toBeInViewport();
  const box = await composer(page).boundingBox();
  expect(box!.width).toBeLessThanOrEqual(390);
  await shot(page, 'composer-phone');
  await page.setViewportSize({ width: 360, height: 740 });
  await expect(sendButton(page)).toBeInViewport();
  await expectNoAxeViolations(page);
});
