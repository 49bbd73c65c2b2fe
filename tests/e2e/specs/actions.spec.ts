import { test, expect, signIn, expectNoAxeViolations, shot, BASE, json, support, freshNumber, inbound } from '../fixtures';
import { request as playwrightRequest } from '@playwright/test';
import type { Page, APIRequestContext, Locator } from '@playwright/test';

// The conversation actions of issue 13 through the UI, per role, against the real server:
// assign (to me, to a teammate, never outside the team), move to another team, tags (and a tag
// created on the spot where the role may), close and next, snooze and its end (by the test
// clock and by the contact writing). Each story starts its own conversations with simulated
// inbound messages, so that no other spec's demo conversation changes; what reached the server
// is always read back through the API.

// The crafted request below is refused on purpose, and the browser logs refusals.
test.use({ allowedConsoleErrors: [/status of (403|404|409|422)/] });
test.describe.configure({ timeout: 90_000 });

/** Support's SMS line, routed to Customer Care; Sales' SMS line, routed to Leads. */
const SUPPORT_SMS = '+442079460123';
const SALES_SMS = '+14155550101';

type Ref = { id: number; name: string };
type Summary = {
  id: number;
  status: 'open' | 'snoozed' | 'closed';
  team: Ref;
  assignee: Ref | null;
  tags: (Ref & { color: string })[];
  snoozed_until: string | null;
};
type Detail = { summary: Summary };
type Message = { kind: string; event: string | null; body: string };
type Me = { user: { id: number; name: string }; spaces: Ref[] };

async function me(page: Page): Promise<Me> {
  return json<Me>(page.request, '/api/me');
}

async function spaceOf(page: Page, name: string): Promise<number> {
  return (await me(page)).spaces.find((s) => s.name === name)!.id;
}

async function detail(page: Page, id: number): Promise<Summary> {
  return (await json<Detail>(page.request, `/api/conversations/${id}`)).summary;
}

async function events(page: Page, id: number): Promise<string[]> {
  const items = (await json<{ items: Message[] }>(page.request, `/api/conversations/${id}/messages?limit=200`)).items;
  return items.filter((m) => m.kind === 'event').map((m) => m.event ?? '');
}

const threadPane = (page: Page) => page.locator('section.tp-thread-pane');
const actions = (page: Page) => page.getByRole('group', { name: 'Conversation actions' });
const details = (page: Page) => page.getByRole('complementary', { name: 'Details' });
const thread = (page: Page) => page.getByRole('log', { name: 'Messages' });
/** Puts the focus on the thread (not a text field), where the shortcuts act. */
const focusThread = (page: Page) => page.locator('.tp-thread__scroll').focus();
const rows = (page: Page) => page.getByRole('list', { name: 'Conversations' }).getByRole('link');

/** Opens conversation `id` of `space`, with the list `query` (a query string) beside it. */
async function openConversation(page: Page, space: number, id: number, query = '') {
  const sep = query ? '&' : '';
  await page.goto(`/inbox/s/${space}?${query}${sep}conversation=${id}`);
  await expect(threadPane(page).getByRole('heading', { level: 2 })).not.toHaveText(/Loading/);
  await expect(actions(page)).toBeVisible();
}

/** The names of the options of an open listbox, as a screen reader reads them. */
async function optionNames(listbox: Locator): Promise<string[]> {
  await expect(listbox.getByRole('option').first()).toBeVisible();
  return listbox.getByRole('option').evaluateAll((options) =>
    options.map((o) => {
      const copy = o.cloneNode(true) as HTMLElement;
      copy.querySelectorAll('[aria-hidden="true"]').forEach((e) => e.remove());
      return (copy.textContent ?? '').replace(/\s+/g, ' ').replace(/ ,/g, ',').trim();
    }),
  );
}

test('an agent assigns to themselves and to a teammate, never to someone outside the team', async ({ page }) => {
  const number = freshNumber('+4477001');
  const id = await inbound(SUPPORT_SMS, number, 'Hello, my flight was cancelled. What now?');
  await signIn(page, 'agent@acme.test');
  const { user } = await me(page);
  const space = await spaceOf(page, 'Support');
  await openConversation(page, space, id, `q=${encodeURIComponent(number)}`);

  const assign = actions(page).getByRole('button', { name: /^Assignee/ });
  await expect(assign).toHaveAccessibleName('Assignee: Unassigned');
  await expect(assign).toHaveAttribute('title', /\(A\)/);
  await assign.click();
  const menu = page.getByRole('listbox', { name: 'Assign to' });
  const names = await optionNames(menu);
  expect(names[0]).toMatch(/^Assign to me/);
  // The team's people (Customer Care), the agent among them; nobody of Refunds or Sales.
  for (const teammate of ['Claire Dubois', 'Giulia Romano', 'Sam Okafor', user.name]) {
    expect(names.some((n) => n.startsWith(teammate)), teammate).toBe(true);
  }
  for (const outsider of ['João Silva', 'Mina Kowalski', 'Sofía Herrera', 'Maya Moreno']) {
    expect(names.some((n) => n.startsWith(outsider)), outsider).toBe(false);
  }
  await expectNoAxeViolations(page);
  await shot(page, 'actions-assign-menu');
  // Escape closes the menu and gives the focus back to its button.
  await page.keyboard.press('Escape');
  await expect(menu).toBeHidden();
  await expect(assign).toBeFocused();

  // Assign to me, by the menu.
  await assign.click();
  await menu.getByRole('option', { name: /^Assign to me/ }).click();
  await expect(assign).toHaveAccessibleName(`Assignee: ${user.name}`);
  await expect(thread(page)).toContainText(`${user.name} took the conversation`);
  await expect(details(page).getByRole('button', { name: /^Assignee/ })).toHaveAccessibleName(`Assignee: ${user.name}`);
  await expect(rows(page).first()).toContainText(`assigned to ${user.name}`);
  expect((await detail(page, id)).assignee?.id).toBe(user.id);

  // To a teammate by keyboard alone: A opens the menu, typing filters, Enter chooses.
  await focusThread(page);
  await page.keyboard.press('a');
  await expect(menu).toBeVisible();
  await expect(menu.getByRole('option', { name: new RegExp(`^${user.name}.*current`) })).toBeVisible();
  await page.keyboard.type('clai');
  await expect(menu.getByRole('option')).toHaveText([/Claire Dubois/]);
  await page.keyboard.press('Enter');
  await expect(assign).toHaveAccessibleName('Assignee: Claire Dubois');
  await expect(assign).toBeFocused();
  await expect(thread(page)).toContainText(`${user.name} assigned the conversation to Claire Dubois`);
  expect((await detail(page, id)).assignee?.name).toBe('Claire Dubois');

  // Someone outside the team, by a crafted request: refused, and nothing changes.
  const admin = await playwrightRequest.newContext({ baseURL: BASE });
  await admin.post('/api/session', { data: { email: 'admin@acme.test', password: 'demo' } });
  const users = await json<{ id: number; name: string }[]>(admin, '/api/users');
  await admin.dispose();
  const joao = users.find((u) => u.name === 'João Silva')!;
  const crafted = await page.request.post(`/api/conversations/${id}/actions`, {
    data: { action: 'assign', user_id: joao.id },
    headers: { 'X-TextPeak-Request': '1' },
  });
  expect(crafted.status()).toBeGreaterThanOrEqual(400);
  expect(crafted.status()).toBeLessThan(500);
  expect((await detail(page, id)).assignee?.name).toBe('Claire Dubois');

  // M takes it back; Unassign lets it go.
  await focusThread(page);
  await page.keyboard.press('m');
  await expect(assign).toHaveAccessibleName(`Assignee: ${user.name}`);
  await assign.click();
  await menu.getByRole('option', { name: 'Unassign' }).click();
  await expect(assign).toHaveAccessibleName('Assignee: Unassigned');
  await expect(thread(page)).toContainText(`${user.name} unassigned ${user.name}`);
  expect((await detail(page, id)).assignee).toBeNull();
  expect(await events(page, id)).toEqual(['assigned', 'assigned', 'assigned', 'unassigned']);
});

test('a Manager moves a conversation to another team of their space and creates a tag on the spot', async ({ page }) => {
  const number = freshNumber('+1415700');
  const id = await inbound(SALES_SMS, number, 'Hi, I would like to book a group trip to Porto.');
  await signIn(page, 'manager@acme.test');
  const sales = await spaceOf(page, 'Sales');
  await openConversation(page, sales, id);
  await expect(details(page)).toBeVisible();

  const team = details(page).getByRole('button', { name: /^Team:/ });
  await expect(team).toHaveAccessibleName('Team: Leads');
  await team.click();
  const menu = page.getByRole('listbox', { name: 'Move to team' });
  // The teams of Sales only (Support's Customer Care, Refunds and VIP are not offered).
  expect(await optionNames(menu)).toEqual(['Leads, current', 'Bookings']);
  await expectNoAxeViolations(page);
  await menu.getByRole('option', { name: 'Bookings' }).click();
  await expect(team).toHaveAccessibleName('Team: Bookings');
  await expect(thread(page)).toContainText('Maya Moreno moved the conversation to Bookings');
  await expect(page.locator('.tp-thread__facts')).toContainText('Bookings');
  expect((await detail(page, id)).team.name).toBe('Bookings');

  // A tag nobody has yet: the Manager may create it, and it is added at once.
  const tagName = `E2E group ${Date.now() % 10000}`;
  await details(page).getByRole('button', { name: 'Add tag' }).click();
  const tags = page.getByRole('listbox', { name: 'Tags' });
  await page.getByRole('combobox', { name: 'Search: Tags' }).fill(tagName);
  await expect(tags.getByRole('option')).toHaveText([`Create tag “${tagName}”`]);
  await expectNoAxeViolations(page);
  await shot(page, 'actions-create-tag');
  await page.keyboard.press('Enter');
  const chips = details(page).getByRole('list', { name: 'Tags' });
  await expect(chips).toContainText(tagName);
  await expect(thread(page)).toContainText(`Maya Moreno added the tag ${tagName}`);
  expect((await detail(page, id)).tags.map((t) => t.name)).toContain(tagName);
});

test('an agent adds and removes tags, and is not offered to create one', async ({ page }) => {
  const number = freshNumber('+4477002');
  const id = await inbound(SUPPORT_SMS, number, 'My suitcase did not arrive in Lisbon.');
  await signIn(page, 'agent@acme.test');
  const space = await spaceOf(page, 'Support');
  await openConversation(page, space, id, `q=${encodeURIComponent(number)}`);
  const options = await json<{ tags: Ref[]; can_create_tags: boolean }>(page.request, `/api/conversations/${id}/options`);
  expect(options.can_create_tags).toBe(false);
  const [first, second] = options.tags;

  // T opens the tag menu (and the details panel, were it hidden).
  await focusThread(page);
  await page.keyboard.press('t');
  const menu = page.getByRole('listbox', { name: 'Tags' });
  await expect(menu).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Search: Tags' })).toBeFocused();
  expect(await optionNames(menu)).toEqual(options.tags.map((t) => t.name));
  await expectNoAxeViolations(page);
  // A name that is no tag: nothing to create for an agent.
  await page.keyboard.type('Zzz no such tag');
  await expect(menu).toBeHidden();
  await expect(page.getByText('No tag matches “Zzz no such tag”.')).toBeVisible();
  await page.getByRole('combobox', { name: 'Search: Tags' }).fill(first.name);
  await page.keyboard.press('Enter');
  const chips = details(page).getByRole('list', { name: 'Tags' });
  await expect(chips).toContainText(first.name);
  await details(page).getByRole('button', { name: 'Add tag' }).click();
  await menu.getByRole('option', { name: second.name }).click();
  await expect(chips.getByRole('listitem')).toHaveCount(2);
  await expect(thread(page)).toContainText(`added the tag ${second.name}`);
  // The list's row shows them too.
  await expect(rows(page).first()).toContainText(`tagged ${first.name}, ${second.name}`);

  // Removed by its chip's button, and by choosing it again in the menu.
  await chips.getByRole('button', { name: `Remove tag ${first.name}` }).click();
  await expect(chips.getByRole('listitem')).toHaveCount(1);
  await details(page).getByRole('button', { name: 'Add tag' }).click();
  await menu.getByRole('option', { name: new RegExp(`^${second.name}.*current`) }).click();
  await expect(details(page).getByText('No tags')).toBeVisible();
  await expect(thread(page)).toContainText(`removed the tag ${first.name}`);
  expect((await detail(page, id)).tags).toEqual([]);
  expect(await events(page, id)).toEqual(['tagged', 'tagged', 'untagged', 'untagged']);
});

test('close and next lands on the next row, and on the empty state when none is left', async ({ page }) => {
  const prefix = freshNumber('+44770');
  const older = await inbound(SUPPORT_SMS, `${prefix}1`, 'First: my seat was changed without asking.');
  const newer = await inbound(SUPPORT_SMS, `${prefix}2`, 'Second: can I bring my dog on board?');
  await signIn(page, 'agent@acme.test');
  const space = await spaceOf(page, 'Support');
  const query = `status=open&q=${encodeURIComponent(prefix)}`;
  await openConversation(page, space, newer, query);
  await expect(rows(page)).toHaveCount(2);

  await expect(actions(page).getByRole('button', { name: 'Close', exact: true })).toHaveAttribute('title', /Shift\+E/);
  const closeAndNext = actions(page).getByRole('button', { name: 'Close and next' });
  await expect(closeAndNext).toHaveAttribute('title', /\(E\)/);
  await closeAndNext.click();
  // The closed one leaves the open list; the next row opens.
  await expect(page).toHaveURL(new RegExp(`conversation=${older}`));
  await expect(rows(page)).toHaveCount(1);
  await expect(threadPane(page).getByRole('heading', { level: 2 })).toHaveText(`${prefix}1`);
  expect((await detail(page, newer)).status).toBe('closed');

  // E on the last one: nothing is left, so no conversation is open.
  await focusThread(page);
  await page.keyboard.press('e');
  await expect(page).not.toHaveURL(/conversation=/);
  await expect(page.getByText('No conversations match')).toBeVisible();
  expect((await detail(page, older)).status).toBe('closed');

  // Reopen stays for closed ones (the Closed filter shows them).
  await openConversation(page, space, older, `status=closed&q=${encodeURIComponent(prefix)}`);
  await actions(page).getByRole('button', { name: 'Reopen' }).click();
  await expect(actions(page).getByRole('button', { name: 'Close', exact: true })).toBeVisible();
  expect((await detail(page, older)).status).toBe('open');
  // Shift+E closes and stays.
  await focusThread(page);
  await page.keyboard.press('Shift+E');
  await expect(actions(page).getByRole('button', { name: 'Reopen' })).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`conversation=${older}`));
  expect((await detail(page, older)).status).toBe('closed');
});

test('a snoozed conversation leaves the list, waits under Snoozed and comes back when its time passes', async ({ page }) => {
  const number = freshNumber('+4477003');
  const id = await inbound(SUPPORT_SMS, number, 'Please call me back after my meeting.');
  await signIn(page, 'agent@acme.test');
  const space = await spaceOf(page, 'Support');
  const search = `q=${encodeURIComponent(number)}`;
  await openConversation(page, space, id, search);
  await expect(rows(page)).toHaveCount(1);

  const snooze = actions(page).getByRole('button', { name: 'Snooze' });
  await expect(snooze).toHaveAttribute('title', /\(Z\)/);
  await snooze.click();
  const menu = page.getByRole('listbox', { name: 'Snooze until' });
  const names = await optionNames(menu);
  expect(names).toEqual(expect.arrayContaining([expect.stringMatching(/^Tomorrow morning/), expect.stringMatching(/^Next week/)]));
  expect(names.at(-1)).toBe('Pick a date and time…');
  await expectNoAxeViolations(page);
  await shot(page, 'actions-snooze-menu');

  // A few minutes from now, by the date-and-time picker (in the browser's local time).
  await menu.getByRole('option', { name: 'Pick a date and time…' }).click();
  const picker = page.getByRole('dialog', { name: 'Snooze until' });
  const soon = await page.evaluate(() => {
    const d = new Date(Date.now() + 3 * 60_000);
    const p = (n: number) => String(n).padStart(2, '0');
    return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
  });
  await picker.getByLabel('Date and time').fill(soon);
  await expectNoAxeViolations(page);
  await picker.getByRole('button', { name: 'Snooze' }).click();
  await expect(picker).toBeHidden();

  await expect(threadPane(page).locator('.tp-thread__facts')).toContainText('Snoozed until');
  await expect(actions(page).getByRole('button', { name: 'Unsnooze' })).toBeVisible();
  await expect(thread(page)).toContainText(/Arjun Patel snoozed the conversation until/);
  // It left the list (no status filter shows snoozed ones)…
  await expect(rows(page)).toHaveCount(0);
  const summary = await detail(page, id);
  expect(summary.status).toBe('snoozed');
  expect(summary.snoozed_until).not.toBeNull();
  // …and waits under Snoozed, with its time, counted in the status menu.
  const status = page.getByRole('combobox', { name: 'Status', exact: true });
  await status.selectOption('snoozed');
  await expect(rows(page)).toHaveCount(1);
  await expect(rows(page).first()).toContainText('snoozed until');
  await expect(status.locator('option[value="snoozed"]')).toHaveText(/Snoozed \(\d+\)/);
  await shot(page, 'actions-snoozed-list');

  // The test clock passes its time: it is open again, with an event, back in the list.
  await support('/api/support/clock', { seconds: 4 * 60 });
  await expect
    .poll(async () => (await detail(page, id)).status, { timeout: 15_000 })
    .toBe('open');
  expect(await events(page, id)).toEqual(['snoozed', 'snooze_ended']);
  await page.goto(`/inbox/s/${space}?${search}&conversation=${id}`);
  await expect(rows(page)).toHaveCount(1);
  await expect(thread(page)).toContainText('The snooze ended: the conversation is open again');
  await expect(actions(page).getByRole('button', { name: 'Snooze' })).toBeVisible();
});

test('a snoozed conversation comes back when the contact writes, and Unsnooze ends a snooze by hand', async ({ page }) => {
  const number = freshNumber('+4477004');
  const id = await inbound(SUPPORT_SMS, number, 'I will send the documents next week.');
  await signIn(page, 'agent@acme.test');
  const space = await spaceOf(page, 'Support');
  await openConversation(page, space, id, `q=${encodeURIComponent(number)}`);

  // Z opens the menu; the arrows and Enter choose next week.
  await focusThread(page);
  await page.keyboard.press('z');
  const menu = page.getByRole('listbox', { name: 'Snooze until' });
  await expect(menu).toBeFocused();
  const names = await optionNames(menu);
  const nextWeek = names.findIndex((n) => n.startsWith('Next week'));
  for (let i = 0; i < nextWeek; i++) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(actions(page).getByRole('button', { name: 'Unsnooze' })).toBeVisible();
  await expect(rows(page)).toHaveCount(0);
  expect((await detail(page, id)).status).toBe('snoozed');

  // The contact writes: the snooze ends with an event.
  const same = await inbound(SUPPORT_SMS, number, 'Here they are, earlier than planned.');
  expect(same).toBe(id);
  expect((await detail(page, id)).status).toBe('open');
  expect(await events(page, id)).toEqual(['snoozed', 'woken_by_contact']);
  await page.reload();
  await expect(rows(page)).toHaveCount(1);
  await expect(thread(page)).toContainText(`${number} wrote: the conversation is back from snooze`);

  // Snoozed again, then Unsnooze by hand (Z on a snoozed conversation does the same).
  await actions(page).getByRole('button', { name: 'Snooze' }).click();
  await menu.getByRole('option', { name: /^Tomorrow morning/ }).click();
  const unsnooze = actions(page).getByRole('button', { name: 'Unsnooze' });
  await expect(unsnooze).toBeVisible();
  await expect(details(page)).toContainText('Snoozed until');
  await unsnooze.click();
  await expect(actions(page).getByRole('button', { name: 'Snooze' })).toBeVisible();
  await expect(thread(page)).toContainText('Arjun Patel unsnoozed the conversation');
  expect((await detail(page, id)).status).toBe('open');
  await expect(rows(page)).toHaveCount(1);

  // On a phone the header's actions sit under the title; the menus still pass axe.
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(actions(page).getByRole('button', { name: 'Snooze' })).toBeVisible();
  await actions(page).getByRole('button', { name: /^Assignee/ }).click();
  await expect(page.getByRole('listbox', { name: 'Assign to' })).toBeVisible();
  await expectNoAxeViolations(page);
  await shot(page, 'actions-phone-assign');
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Conversation details' }).click();
  await expect(details(page).getByRole('button', { name: 'Add tag' })).toBeVisible();
  await shot(page, 'actions-phone-details');
});

test('a role that may not close sees neither Close nor Snooze; the shortcuts are in the ? overlay', async ({ page }) => {
  const number = freshNumber('+4477005');
  const id = await inbound(SUPPORT_SMS, number, 'Is breakfast included?');
  // Tom is a trainee: an Agent-based custom role that may not close conversations.
  await signIn(page, 'tom@acme.test');
  const space = await spaceOf(page, 'Support');
  await openConversation(page, space, id);
  await expect(actions(page).getByRole('button', { name: /^Assignee/ })).toBeVisible();
  await expect(actions(page).getByRole('button', { name: /^Close/ })).toHaveCount(0);
  await expect(actions(page).getByRole('button', { name: 'Snooze' })).toHaveCount(0);
  await focusThread(page);
  await page.keyboard.press('e');
  await page.keyboard.press('?');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  for (const what of ['Assign to me', 'Assign…', 'Add or remove tags', 'Close and go to the next', 'Snooze…']) {
    await expect(help).toContainText(what);
  }
  await page.keyboard.press('Escape');
  expect((await detail(page, id)).status).toBe('open');
});
