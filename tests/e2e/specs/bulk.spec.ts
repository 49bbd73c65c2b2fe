import { test, expect, signIn, expectNoAxeViolations, shot } from '../fixtures';
import type { Page, APIRequestContext } from '@playwright/test';

// Bulk actions and the command palette against the real server and its demo data: ticking rows
// (checkbox, x, Shift+click, Shift+arrows), "Select all N matching" over more rows than the list
// has loaded (the server acts by the filter), the toast with what was done, what was skipped and
// why, Undo, and a role without Close. Figures are read from the server, never hard-coded.

type Counts = { mine: number; unassigned: number; all: number; snoozed: number };
type ListPage = { items: { id: number; status: string; contact: { name: string | null } }[]; counts: Counts };
type Me = { spaces: { id: number; name: string }[] };

async function api<T>(request: APIRequestContext, path: string): Promise<T> {
  const response = await request.get(path);
  expect(response.status(), path).toBe(200);
  return (await response.json()) as T;
}

async function spaceId(request: APIRequestContext, name: string): Promise<number> {
  const me = await api<Me>(request, '/api/me');
  return me.spaces.find((s) => s.name === name)!.id;
}

async function listOf(request: APIRequestContext, space: number, query: string): Promise<ListPage> {
  return api<ListPage>(request, `/api/spaces/${space}/conversations?${query}`);
}

const list = (page: Page) => page.getByRole('list', { name: 'Conversations' });
const checkbox = (page: Page, n: number) => list(page).getByRole('checkbox').nth(n);
const toolbar = (page: Page) => page.getByRole('group', { name: 'Bulk actions' });
const notifications = (page: Page) => page.getByRole('region', { name: 'Notifications' });

test('select all matching closes every open conversation of the filter, loaded or not, and Undo reopens them', async ({ page }) => {
  await signIn(page, 'admin@acme.test');
  const sales = await spaceId(page.request, 'Sales');
  const before = await listOf(page.request, sales, 'status=open');
  const matching = before.counts.all;
  // More than the first page the list loads (50 rows).
  expect(matching).toBeGreaterThan(before.items.length);

  await page.goto(`/inbox/s/${sales}?status=open`);
  await expect(list(page).getByRole('link').first()).toBeVisible();
  await checkbox(page, 0).click();
  await expect(page.getByRole('status').filter({ hasText: '1 selected' })).toBeVisible();
  const selectAll = page.getByRole('button', { name: `Select all ${matching} matching` });
  await expect(selectAll).toBeVisible();
  await shot(page, 'bulk-toolbar');
  await expectNoAxeViolations(page);
  if (process.env.SCREENSHOTS) {
    await page.setViewportSize({ width: 390, height: 844 });
    await shot(page, 'bulk-toolbar-phone');
    await page.setViewportSize({ width: 1280, height: 720 });
  }

  await selectAll.click();
  await expect(page.getByText(`All ${matching} matching selected`)).toBeVisible();
  // Every row shows ticked, the ones scrolled to included.
  await expect(checkbox(page, 3)).toBeChecked();
  await toolbar(page).getByRole('button', { name: 'Close', exact: true }).click();

  const toast = notifications(page).getByText(`Closed ${matching} conversations`);
  await expect(toast).toBeVisible();
  await shot(page, 'bulk-closed-toast');
  // The server closed all of them, not only the loaded ones; the list and its count follow.
  await expect.poll(async () => (await listOf(page.request, sales, 'status=open')).counts.all).toBe(0);
  await expect(page.getByText('No conversations match')).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: /^All/ })).toHaveText(/All\s*0/);

  await notifications(page).getByRole('button', { name: 'Undo' }).click();
  await expect(notifications(page).getByText(`Reopened ${matching} conversations`)).toBeVisible();
  await expect.poll(async () => (await listOf(page.request, sales, 'status=open')).counts.all).toBe(matching);
  await expect(list(page).getByRole('link').first()).toBeVisible();
});

test('closing a mixed selection skips the closed ones and says why; Undo reopens only what it closed', async ({ page }) => {
  await signIn(page, 'admin@acme.test');
  const sales = await spaceId(page.request, 'Sales');
  const all = await listOf(page.request, sales, 'stream=sms');
  const open = await listOf(page.request, sales, 'stream=sms&status=open');
  const closed = all.counts.all - open.counts.all;
  expect(closed).toBeGreaterThan(0);

  await page.goto(`/inbox/s/${sales}?stream=sms`);
  await checkbox(page, 0).click();
  await page.getByRole('button', { name: `Select all ${all.counts.all} matching` }).click();
  await toolbar(page).getByRole('button', { name: 'Close', exact: true }).click();
  await expect(notifications(page).getByText(`Closed ${open.counts.all} conversations`)).toBeVisible();
  await expect(notifications(page).getByText(`${closed} skipped: already that way.`)).toBeVisible();

  await notifications(page).getByRole('button', { name: 'Undo' }).click();
  await expect(notifications(page).getByText(`Reopened ${open.counts.all} conversations`)).toBeVisible();
  await expect.poll(async () => (await listOf(page.request, sales, 'stream=sms&status=open')).counts.all).toBe(open.counts.all);
});

test('rows are ticked with x, Shift+arrows and Shift+click; Escape clears; a bulk tag reaches exactly them', async ({ page }) => {
  await signIn(page, 'admin@acme.test');
  const support = await spaceId(page.request, 'Support');
  await page.goto(`/inbox/s/${support}?status=closed`);
  const rows = list(page).getByRole('link');
  await rows.first().focus();
  await page.keyboard.press('x');
  await expect(page.getByText('1 selected')).toBeVisible();
  await page.keyboard.press('Shift+ArrowDown');
  await page.keyboard.press('Shift+ArrowDown');
  await expect(page.getByText('3 selected')).toBeVisible();
  await page.keyboard.press('Shift+ArrowUp');
  await expect(page.getByText('2 selected')).toBeVisible();
  await expect(checkbox(page, 0)).toBeChecked();
  await expect(checkbox(page, 1)).toBeChecked();
  await expect(checkbox(page, 2)).not.toBeChecked();
  await page.keyboard.press('Escape');
  await expect(toolbar(page)).toBeHidden();
  await expect(page.getByRole('heading', { name: 'Conversations' })).toBeVisible();

  // A click, then Shift+click four rows down: five rows.
  await checkbox(page, 1).click();
  await checkbox(page, 5).click({ modifiers: ['Shift'] });
  await expect(page.getByText('5 selected')).toBeVisible();
  const page1 = await listOf(page.request, support, 'status=closed');
  const chosen = page1.items.slice(1, 6).map((c) => c.id);

  await toolbar(page).getByRole('button', { name: 'Tag', exact: true }).click();
  const menu = page.getByRole('listbox', { name: 'Add a tag' });
  await expect(menu).toBeVisible();
  await expectNoAxeViolations(page);
  const tagName = (await menu.getByRole('option').first().innerText()).trim();
  await menu.getByRole('option').first().click();
  await expect(notifications(page).getByText(/^Tagged \d+ conversations?$/)).toBeVisible();
  for (const id of chosen) {
    const detail = await api<{ summary: { tags: { name: string }[] } }>(page.request, `/api/conversations/${id}`);
    expect(detail.summary.tags.map((t) => t.name), `conversation ${id}`).toContain(tagName);
  }
  // No Undo for a tag: it is one click to take back with Untag.
  await expect(notifications(page).getByRole('button', { name: 'Undo' })).toHaveCount(0);
});

test('a role without Close is not offered it, and the server skips every conversation a crafted request names', async ({ page }) => {
  await signIn(page, 'tom@acme.test');
  const support = await spaceId(page.request, 'Support');
  const open = await listOf(page.request, support, 'status=open');
  await page.goto(`/inbox/s/${support}?status=open`);
  await checkbox(page, 0).click();
  await expect(toolbar(page).getByRole('button', { name: 'Reopen' })).toBeVisible();
  await expect(toolbar(page).getByRole('button', { name: 'Close', exact: true })).toHaveCount(0);
  await expect(toolbar(page).getByRole('button', { name: 'Snooze' })).toHaveCount(0);

  const response = await page.request.post(`/api/spaces/${support}/conversations/bulk`, {
    headers: { 'X-TextPeak-Request': '1' },
    data: { selection: { kind: 'matching', filter: { status: 'open' } }, action: { action: 'close' } },
  });
  expect(response.status()).toBe(200);
  const outcome = await response.json();
  expect(outcome).toEqual({
    matched: open.counts.all,
    done: 0,
    skipped: [{ reason: 'not_permitted', count: open.counts.all }],
    changed: [],
  });
  expect((await listOf(page.request, support, 'status=open')).counts.all).toBe(open.counts.all);

  // What the role may do, it does for the selection, and the toast says what was skipped.
  await page.getByRole('button', { name: `Select all ${open.counts.all} matching` }).click();
  await toolbar(page).getByRole('button', { name: 'Reopen' }).click();
  await expect(notifications(page).getByText('Reopened 0 conversations')).toBeVisible();
  await expect(notifications(page).getByText(`${open.counts.all} skipped: already that way.`)).toBeVisible();
});

test('the command palette opens a conversation and a settings page by keyboard alone', async ({ page }) => {
  await signIn(page, 'admin@acme.test');
  const support = await spaceId(page.request, 'Support');
  // The palette ranks contacts whose name starts with the words typed first, in the list's order.
  const lena = (await listOf(page.request, support, 'q=Lena')).items.find((c) => c.contact.name?.startsWith('Lena'))!;
  expect(lena, 'a contact called Lena').toBeTruthy();
  await page.goto(`/inbox/s/${support}`);
  await expect(list(page).getByRole('link').first()).toBeVisible();
  const search = page.getByRole('searchbox', { name: 'Search conversations' });

  await page.keyboard.press('Control+k');
  const palette = page.getByRole('dialog', { name: 'Command palette' });
  const input = palette.getByRole('combobox', { name: /Search actions/ });
  await expect(input).toBeFocused();
  await input.pressSequentially('Lena');
  const option = palette.getByRole('option', { name: /Lena/ }).first();
  await expect(option).toBeVisible();
  await shot(page, 'palette-conversation');
  await expectNoAxeViolations(page);
  if (process.env.SCREENSHOTS) {
    await page.setViewportSize({ width: 390, height: 844 });
    await shot(page, 'palette-conversation-phone');
    await page.setViewportSize({ width: 1280, height: 720 });
  }
  // Only conversations match a name: the first result is active; Enter opens it.
  await expect(palette.getByRole('option', { selected: true })).toContainText(lena.contact.name!);
  await page.keyboard.press('Enter');
  await expect(palette).toBeHidden();
  await expect(page).toHaveURL(new RegExp(`conversation=${lena.id}`));

  // Escape closes it and gives the focus back.
  await search.focus();
  await page.keyboard.press('Control+k');
  await expect(palette).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(palette).toBeHidden();
  await expect(search).toBeFocused();

  await page.keyboard.press('Control+k');
  await page.keyboard.type('settings tags');
  await expect(palette.getByRole('option', { selected: true })).toContainText('Settings: Tags');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/inbox\/settings\/tags/);
  await expect(page.getByRole('heading', { name: 'Tags', level: 1 })).toBeVisible();
});

test('an agent is offered only the settings pages their role opens (none) in the palette', async ({ page }) => {
  await signIn(page, 'agent@acme.test');
  const support = await spaceId(page.request, 'Support');
  await page.goto(`/inbox/s/${support}`);
  await expect(list(page).getByRole('link').first()).toBeVisible();
  await page.keyboard.press('Control+k');
  const palette = page.getByRole('dialog', { name: 'Command palette' });
  await page.keyboard.type('settings:');
  await expect(palette.getByText('Nothing matches')).toBeVisible();
  await expect(palette.getByRole('option', { name: /^Settings/ })).toHaveCount(0);
  await page.keyboard.press('Escape');
});
