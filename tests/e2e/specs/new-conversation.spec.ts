import { test, expect, signIn, expectNoAxeViolations, shot } from '../fixtures';
import type { Page, APIRequestContext, Locator } from '@playwright/test';

// Starting a conversation through the New conversation dialog, against the real server: an SMS
// to a valid number (and an invalid one refused with the field named), a WhatsApp one by an
// approved template, a Telegram one only to a contact who started the chat with the bot, and
// the open conversation offered instead of a duplicate. What reached the server is checked
// through the API.

// The refusals of these stories (422, 409) are logged by the browser.
test.use({ allowedConsoleErrors: [/status of (409|422)/] });
test.describe.configure({ timeout: 60_000 });

type Me = { user: { name: string }; spaces: { id: number; name: string }[] };
type Detail = { summary: { id: number; stream: string; status: string; contact: { name: string | null; phone: string | null; telegram: string | null }; team: { name: string } } };
type Message = { kind: string; body: string; direction: string | null };

async function api<T>(request: APIRequestContext, path: string): Promise<T> {
  const response = await request.get(path);
  expect(response.status(), path).toBe(200);
  return (await response.json()) as T;
}

async function spaceId(request: APIRequestContext, name: string): Promise<number> {
  const me = await api<Me>(request, '/api/me');
  return me.spaces.find((s) => s.name === name)!.id;
}

/** The open conversation's id, from the URL. */
function openId(page: Page): number {
  const id = new URL(page.url()).searchParams.get('conversation');
  expect(id, 'an open conversation').toBeTruthy();
  return Number(id);
}

async function openDialog(page: Page): Promise<Locator> {
  await page.getByRole('button', { name: 'New conversation' }).click();
  const dialog = page.getByRole('dialog', { name: 'New conversation' });
  await expect(dialog).toBeVisible();
  return dialog;
}

/** A number nobody in the demo data has, different for each run of a story. */
function freshNumber(): string {
  const tail = String(Date.now() % 1_000_000).padStart(6, '0');
  return `+44 7700 9${tail.slice(0, 2)} ${tail.slice(2)}`;
}

test('an SMS to a valid number starts the conversation; an invalid number is refused at its field', async ({ page }) => {
  await signIn(page, 'admin@acme.test');
  const support = await spaceId(page.request, 'Support');
  await page.goto(`/inbox/s/${support}`);
  const dialog = await openDialog(page);
  await expectNoAxeViolations(page);
  await dialog.getByLabel('From', { exact: true }).selectOption({ label: 'Acme Support SMS · SMS' });
  await dialog.getByLabel('Team').selectOption({ label: 'Refunds' });

  const phone = dialog.getByLabel('Phone number');
  await phone.fill('0044 12');
  await phone.blur();
  await expect(phone).toHaveAttribute('aria-invalid', 'true');
  await expect(dialog.getByText(/Too short for a phone number/)).toBeVisible();
  await phone.fill('07700 900123');
  await expect(dialog.getByText(/Start with \+ and the country code/)).toBeVisible();
  await dialog.getByLabel('Message').fill('Hello from the new conversation dialog');
  await dialog.getByRole('button', { name: 'Start conversation' }).click();
  // Refused before it leaves: the dialog stays with everything typed, the number's field named.
  await expect(dialog).toBeVisible();
  await expect(phone).toBeFocused();
  await expect(dialog.getByLabel('Message')).toHaveValue('Hello from the new conversation dialog');
  await shot(page, 'new-conversation-invalid');

  // The server refuses it the same way, naming the field.
  const options = await api<{ sender_profiles: { id: number; stream: string }[]; teams: { id: number }[] }>(
    page.request,
    `/api/spaces/${support}/start`,
  );
  const invalidKey = `e2e-invalid-${Date.now()}`;
  const crafted = await page.request.post(`/api/spaces/${support}/conversations`, {
    headers: { 'X-TextPeak-Request': '1', 'Idempotency-Key': invalidKey },
    data: {
      sender_profile_id: options.sender_profiles.find((p) => p.stream === 'sms')!.id,
      team_id: options.teams[0].id,
      phone: '07700 900123',
      message: { kind: 'reply', body: 'Hi', client_id: invalidKey },
    },
  });
  expect(crafted.status()).toBe(422);
  expect((await crafted.json()).field).toBe('phone');

  const number = freshNumber();
  const e164 = number.replace(/\s/g, '');
  await phone.fill(number);
  await expect(phone).toHaveAttribute('aria-invalid', 'false');
  await expect(dialog.getByText(`${e164} · United Kingdom`)).toBeVisible();
  await expect(dialog.getByText(/left · 1 segment · GSM-7/)).toBeVisible();
  await shot(page, 'new-conversation-sms');
  await dialog.getByRole('button', { name: 'Start conversation' }).click();
  await expect(dialog).toBeHidden();

  const id = openId(page);
  const detail = await api<Detail>(page.request, `/api/conversations/${id}`);
  expect(detail.summary.stream).toBe('sms');
  expect(detail.summary.contact.phone).toBe(e164);
  expect(detail.summary.team.name).toBe('Refunds');
  const messages = (await api<{ items: Message[] }>(page.request, `/api/conversations/${id}/messages`)).items;
  expect(messages.filter((m) => m.kind === 'reply').map((m) => m.body)).toEqual(['Hello from the new conversation dialog']);
  await expect(page.getByText('Hello from the new conversation dialog').first()).toBeVisible();

  // The same contact on the same profile: the open conversation is offered, not a second one.
  const again = await openDialog(page);
  await again.getByLabel('From', { exact: true }).selectOption({ label: 'Acme Support SMS · SMS' });
  await again.getByLabel('Phone number').fill(e164);
  const offer = again.getByRole('button', { name: 'Open the existing conversation' });
  await expect(offer).toBeVisible();
  await shot(page, 'new-conversation-existing');
  await expectNoAxeViolations(page);
  // Starting anyway is refused by the server (409), which names the conversation again.
  await again.getByLabel('Message').fill('A duplicate');
  await again.getByRole('button', { name: 'Start conversation' }).click();
  await expect(offer).toBeVisible();
  await page.goto(`/inbox/s/${support}`);
  const third = await openDialog(page);
  await third.getByLabel('From', { exact: true }).selectOption({ label: 'Acme Support SMS · SMS' });
  await third.getByLabel('Phone number').fill(number);
  await third.getByRole('button', { name: 'Open the existing conversation' }).click();
  await expect(third).toBeHidden();
  expect(openId(page)).toBe(id);
});

test('a WhatsApp conversation starts only with an approved template', async ({ page }) => {
  await signIn(page, 'admin@acme.test');
  const me = await api<Me>(page.request, '/api/me');
  const sales = await spaceId(page.request, 'Sales');
  await page.goto(`/inbox/s/${sales}`);
  const dialog = await openDialog(page);
  await dialog.getByLabel('From', { exact: true }).selectOption({ label: 'Acme Sales WhatsApp · WhatsApp' });
  const number = freshNumber();
  await dialog.getByLabel('Phone number').fill(number);
  await dialog.getByLabel('Name (optional)').fill('Greta Lindqvist');
  const template = dialog.getByLabel('Approved template');
  // Only approved templates are offered.
  await expect(template.locator('option')).toHaveText(['Choose a template', 'Booking confirmed', 'Follow-up after 24 hours']);
  await dialog.getByRole('button', { name: 'Start conversation' }).click();
  await expect(dialog.getByText(/only lets a business write first with an approved template/)).toBeVisible();
  await template.selectOption({ label: 'Booking confirmed' });
  const filled = `Hello Greta Lindqvist, your booking is confirmed. Your e-tickets will arrive by e-mail shortly. ${me.user.name}, Acme Travel`;
  await expect(dialog.getByLabel('Message preview')).toHaveText(filled);
  await shot(page, 'new-conversation-whatsapp');
  await expectNoAxeViolations(page);
  if (process.env.SCREENSHOTS) {
    await page.setViewportSize({ width: 390, height: 844 });
    await shot(page, 'new-conversation-whatsapp-phone');
    await page.setViewportSize({ width: 1280, height: 720 });
  }
  await dialog.getByRole('button', { name: 'Start conversation' }).click();
  await expect(dialog).toBeHidden();

  const id = openId(page);
  const detail = await api<Detail>(page.request, `/api/conversations/${id}`);
  expect(detail.summary.stream).toBe('whatsapp');
  expect(detail.summary.contact.name).toBe('Greta Lindqvist');
  const messages = (await api<{ items: Message[] }>(page.request, `/api/conversations/${id}/messages`)).items;
  expect(messages.filter((m) => m.kind === 'reply').map((m) => m.body)).toEqual([filled]);
});

test('Telegram starts only with a contact who started the chat with the bot', async ({ page }) => {
  await signIn(page, 'admin@acme.test');
  const sales = await spaceId(page.request, 'Sales');
  const start = await api<{ sender_profiles: { id: number; name: string; stream: string }[]; teams: { id: number }[] }>(page.request, `/api/spaces/${sales}/start`);
  const bot = start.sender_profiles.find((p) => p.stream === 'telegram')!;
  const contacts = await api<{ id: number; name: string | null; telegram: string }[]>(
    page.request,
    `/api/spaces/${sales}/start/contacts?sender_profile=${bot.id}`,
  );
  // One who has no open conversation with the bot yet.
  let chosen: { id: number; name: string | null; telegram: string } | undefined;
  for (const c of contacts.filter((c) => c.name)) {
    const existing = await api<{ conversation_id: number | null }>(
      page.request,
      `/api/spaces/${sales}/start/existing?sender_profile=${bot.id}&contact=${c.id}`,
    );
    if (existing.conversation_id === null) {
      chosen = c;
      break;
    }
  }
  expect(chosen, 'a Telegram contact without an open conversation').toBeTruthy();

  await page.goto(`/inbox/s/${sales}`);
  // The C key opens the dialog too (once the + shows: what the dialog offers has loaded).
  await expect(page.getByRole('button', { name: 'New conversation' })).toBeVisible();
  await page.locator('body').press('c');
  const dialog = page.getByRole('dialog', { name: 'New conversation' });
  await expect(dialog).toBeVisible();
  await dialog.getByLabel('From', { exact: true }).selectOption({ label: `${bot.name} · Telegram` });
  await expect(dialog.getByText(/Only contacts who have started a chat with this bot can be written to/)).toBeVisible();
  await expect(dialog.getByLabel('Phone number')).toHaveCount(0);
  await dialog.getByRole('button', { name: 'Start conversation' }).click();
  await expect(dialog.getByText('Choose a contact who has started a chat with the bot.')).toBeVisible();

  const search = dialog.getByRole('combobox', { name: 'Contact' });
  await search.fill(chosen!.telegram);
  const options = dialog.getByRole('listbox', { name: 'Contacts who started a chat' }).getByRole('option');
  await expect(options).toHaveCount(1);
  await search.press('ArrowDown');
  await search.press('Enter');
  await expect(dialog.getByText(`@${chosen!.telegram}`)).toBeVisible();
  await dialog.getByLabel('Message').fill('Hello on Telegram');
  await expect(dialog.getByRole('button', { name: 'Open the existing conversation' })).toHaveCount(0);
  await shot(page, 'new-conversation-telegram');
  await expectNoAxeViolations(page);
  await dialog.getByRole('button', { name: 'Start conversation' }).click();
  await expect(dialog).toBeHidden();

  const id = openId(page);
  const detail = await api<Detail>(page.request, `/api/conversations/${id}`);
  expect(detail.summary.stream).toBe('telegram');
  expect(detail.summary.contact.telegram).toBe(chosen!.telegram);

  // A contact who wrote to another bot but never to this one cannot be named in a crafted
  // request either.
  const support = await spaceId(page.request, 'Support');
  const supportStart = await api<{ sender_profiles: { id: number; stream: string }[] }>(page.request, `/api/spaces/${support}/start`);
  const otherBot = supportStart.sender_profiles.find((p) => p.stream === 'telegram')!;
  const others = await api<{ id: number; telegram: string }[]>(
    page.request,
    `/api/spaces/${support}/start/contacts?sender_profile=${otherBot.id}`,
  );
  let stranger: number | undefined;
  for (const c of others) {
    const here = await api<unknown[]>(page.request, `/api/spaces/${sales}/start/contacts?sender_profile=${bot.id}&q=${c.telegram}`);
    if (here.length === 0) {
      stranger = c.id;
      break;
    }
  }
  expect(stranger, 'a contact who never wrote to this bot').toBeTruthy();
  const strangerKey = `e2e-tg-${Date.now()}`;
  const refused = await page.request.post(`/api/spaces/${sales}/conversations`, {
    headers: { 'X-TextPeak-Request': '1', 'Idempotency-Key': strangerKey },
    data: {
      sender_profile_id: bot.id,
      team_id: start.teams[0].id,
      contact_id: stranger,
      message: { kind: 'reply', body: 'Hi', client_id: strangerKey },
    },
  });
  expect(refused.status()).toBe(422);
  const problem = await refused.json();
  expect(problem.field).toBe('contact_id');
  expect(problem.rule).toBe('telegram_not_started');
});

test('a role that may not start conversations has no + and no C', async ({ page }) => {
  await signIn(page, 'tom@acme.test');
  const support = await spaceId(page.request, 'Support');
  // What the dialog would offer has been asked for (and said no) before anything is checked.
  const options = page.waitForResponse((r) => r.url().endsWith(`/api/spaces/${support}/start`));
  await page.goto(`/inbox/s/${support}`);
  expect((await options).status()).toBe(200);
  expect((await api<{ can_start: boolean }>(page.request, `/api/spaces/${support}/start`)).can_start).toBe(false);
  await expect(page.getByRole('heading', { name: 'Conversations' })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Conversations' }).getByRole('link').first()).toBeVisible();
  await expect(page.getByRole('button', { name: 'New conversation' })).toHaveCount(0);
  await page.locator('body').press('c');
  await expect(page.getByRole('dialog', { name: 'New conversation' })).toHaveCount(0);
});

test('the dialog keeps focus inside, Escape closes it and the focus returns to +', async ({ page }) => {
  await signIn(page, 'agent@acme.test');
  const support = await spaceId(page.request, 'Support');
  await page.goto(`/inbox/s/${support}`);
  const plus = page.getByRole('button', { name: 'New conversation' });
  const dialog = await openDialog(page);
  await expect(dialog.getByLabel('From', { exact: true })).toBeFocused();
  for (let i = 0; i < 12; i++) await page.keyboard.press('Tab');
  expect(await dialog.evaluate((d) => d.contains(document.activeElement))).toBe(true);
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(plus).toBeFocused();
});
