import { test, expect, signIn, expectNoAxeViolations } from '../fixtures';
import type { Page, APIRequestContext } from '@playwright/test';

// The dashboard against the real server and its seeded data: who sees what, filters in the
// URL, the thread, the keyboard. Expectations are read from the server as the Admin (who sees
// everything), never hard-coded, so that a change of the demo data cannot make them stale.

type Summary = {
  id: number;
  team: { id: number; name: string };
  assignee: { id: number; name: string } | null;
  contact: { name: string | null; phone: string | null; telegram: string | null };
};
type Page_ = { items: Summary[]; next_cursor: string | null; counts: { mine: number; unassigned: number; all: number } };
type Me = { id: number; spaces: { id: number; name: string }[] };

const list = (page: Page) => page.getByRole('list', { name: 'Conversations' });
const rows = (page: Page) => list(page).getByRole('link');
const views = (page: Page) => page.getByRole('navigation', { name: 'Views' });

/** The count the "All" tab shows. */
async function allCount(page: Page): Promise<number> {
  const tab = views(page).getByRole('link', { name: /^All/ });
  await expect(tab).toHaveText(/All\s*\d+/);
  return Number((await tab.innerText()).replace(/\D+/g, ''));
}

async function api<T>(request: APIRequestContext, path: string): Promise<T> {
  const response = await request.get(path);
  expect(response.status(), path).toBe(200);
  return (await response.json()) as T;
}

async function spaceId(request: APIRequestContext, name: string): Promise<number> {
  const me = await api<Me>(request, '/api/me');
  const space = me.spaces.find((s) => s.name === name);
  expect(space, `space ${name}`).toBeTruthy();
  return space!.id;
}

function displayName(c: Summary['contact']): string {
  return c.name?.trim() || c.phone || `@${c.telegram}`;
}

test('admin sees both spaces and switching changes list, counts and URL', async ({ page }) => {
  await signIn(page, 'admin@acme.test');
  const sales = await spaceId(page.request, 'Sales');
  const support = await spaceId(page.request, 'Support');
  const salesAll = (await api<Page_>(page.request, `/api/spaces/${sales}/conversations?limit=1`)).counts.all;
  const supportAll = (await api<Page_>(page.request, `/api/spaces/${support}/conversations?limit=1`)).counts.all;

  await page.goto(`/inbox/s/${sales}?status=open`);
  await expect(rows(page).first()).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Status', exact: true })).toHaveValue('open');
  await page.getByRole('button', { name: /switch space/ }).click();
  await page.getByRole('option', { name: /Support/ }).click();
  // Everything follows the space, and its filters start afresh.
  await expect(page).toHaveURL(new RegExp(`/inbox/s/${support}$`));
  await expect(page.getByRole('combobox', { name: 'Status', exact: true })).toHaveValue('');
  expect(await allCount(page)).toBe(supportAll);
  await expect(page.getByRole('combobox', { name: 'Team', exact: true }).locator('option')).toHaveText(['Team', 'Customer Care', 'Refunds', 'VIP']);
  await page.getByRole('button', { name: /switch space/ }).click();
  await page.getByRole('option', { name: /Sales/ }).click();
  await expect(page).toHaveURL(new RegExp(`/inbox/s/${sales}$`));
  expect(await allCount(page)).toBe(salesAll);
  await expect(page.getByRole('combobox', { name: 'Team', exact: true }).locator('option')).toHaveText(['Team', 'Bookings', 'Leads']);
});

test('an agent sees only their team and what is assigned to them, and no switcher', async ({ page, browser }) => {
  // What the Admin sees of the agent's team: the agent must see exactly that.
  const admin = await browser.newContext({ baseURL: test.info().project.use.baseURL });
  await admin.request.post('/api/session', { data: { email: 'admin@acme.test', password: 'demo' } });
  const support = await spaceId(admin.request, 'Support');
  const filters = await api<{ teams: { id: number; name: string }[] }>(admin.request, `/api/spaces/${support}/filters`);
  const care = filters.teams.find((t) => t.name === 'Customer Care')!;
  const refunds = filters.teams.find((t) => t.name === 'Refunds')!;
  const careCount = (await api<Page_>(admin.request, `/api/spaces/${support}/conversations?team=${care.id}&limit=1`)).counts.all;
  const refundsConversation = (await api<Page_>(admin.request, `/api/spaces/${support}/conversations?team=${refunds.id}&limit=1`)).items[0];
  const sales = await spaceId(admin.request, 'Sales');
  await admin.close();

  await signIn(page, 'agent@acme.test');
  await expect(page).toHaveURL(new RegExp(`/inbox/s/${support}`));
  await expect(rows(page).first()).toBeVisible();
  expect(await allCount(page)).toBe(careCount);
  await expect(page.getByRole('combobox', { name: 'Team', exact: true }).locator('option')).toHaveText(['Team', 'Customer Care']);
  await expect(page.getByRole('button', { name: /switch space/ })).toHaveCount(0);

  // The first rows all belong to the agent's team.
  await rows(page).first().click();
  await expect(page.getByRole('complementary', { name: 'Details' }).getByText('Customer Care')).toBeVisible();

  // Crafted requests for what the agent may not see are refused.
  const other = await page.request.get(`/api/conversations/${refundsConversation.id}`);
  expect([403, 404]).toContain(other.status());
  const otherMessages = await page.request.get(`/api/conversations/${refundsConversation.id}/messages`);
  expect([403, 404]).toContain(otherMessages.status());
  const otherSpace = await page.request.get(`/api/spaces/${sales}/conversations`);
  expect([403, 404]).toContain(otherSpace.status());
});

test('a manager sees the conversations of the teams they manage, nothing of other spaces', async ({ page, browser }) => {
  const admin = await browser.newContext({ baseURL: test.info().project.use.baseURL });
  await admin.request.post('/api/session', { data: { email: 'admin@acme.test', password: 'demo' } });
  const sales = await spaceId(admin.request, 'Sales');
  const support = await spaceId(admin.request, 'Support');
  const salesAll = (await api<Page_>(admin.request, `/api/spaces/${sales}/conversations?limit=1`)).counts.all;
  const supportConversation = (await api<Page_>(admin.request, `/api/spaces/${support}/conversations?limit=1`)).items[0];
  await admin.close();

  await signIn(page, 'manager@acme.test');
  await expect(page).toHaveURL(new RegExp(`/inbox/s/${sales}`));
  // The manager manages both teams of Sales: all of its conversations.
  expect(await allCount(page)).toBe(salesAll);
  await expect(page.getByRole('button', { name: /switch space/ })).toHaveCount(0);
  const refused = await page.request.get(`/api/conversations/${supportConversation.id}`);
  expect([403, 404]).toContain(refused.status());
  await page.goto(`/inbox/s/${support}`);
  await expect(page.getByRole('heading', { name: "This space isn't available" })).toBeVisible();
});

test('multi switches spaces with the mouse and the keyboard; list, counts and URL follow', async ({ page }) => {
  await signIn(page, 'multi@acme.test');
  const sales = await spaceId(page.request, 'Sales');
  const support = await spaceId(page.request, 'Support');
  const counts = async (space: number) =>
    (await api<Page_>(page.request, `/api/spaces/${space}/conversations?limit=1`)).counts.all;
  const [salesAll, supportAll] = [await counts(sales), await counts(support)];
  expect(salesAll).not.toBe(supportAll);

  await expect(page).toHaveURL(new RegExp(`/inbox/s/${sales}`));
  expect(await allCount(page)).toBe(salesAll);

  // Mouse.
  await page.getByRole('button', { name: /switch space/ }).click();
  await page.getByRole('option', { name: /Support/ }).click();
  await expect(page).toHaveURL(new RegExp(`/inbox/s/${support}$`));
  expect(await allCount(page)).toBe(supportAll);

  // Keyboard: with a filter set, switching back resets it.
  await views(page).getByRole('link', { name: /^Mine/ }).click();
  await expect(page).toHaveURL(/view=mine/);
  const switcher = page.getByRole('button', { name: /switch space/ });
  await switcher.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('listbox', { name: 'Space' })).toBeFocused();
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/inbox/s/${sales}$`));
  expect(await allCount(page)).toBe(salesAll);
  await expect(views(page).getByRole('link', { name: /^All/ })).toHaveAttribute('aria-current', 'page');
  await expect(switcher).toBeFocused();
});

test('filters, search, sort and the open conversation round-trip through the URL', async ({ page }) => {
  await signIn(page, 'admin@acme.test');
  const support = await spaceId(page.request, 'Support');
  await page.goto(`/inbox/s/${support}`);
  await expect(rows(page).first()).toBeVisible();

  await views(page).getByRole('link', { name: /^Unassigned/ }).click();
  await expect(page).toHaveURL(/view=unassigned/);
  await page.getByRole('combobox', { name: 'Status', exact: true }).selectOption('open');
  await expect(page).toHaveURL(/status=open/);
  await page.getByRole('combobox', { name: 'Channel', exact: true }).selectOption('whatsapp');
  await expect(page).toHaveURL(/stream=whatsapp/);
  await page.getByRole('combobox', { name: 'Sort', exact: true }).selectOption('waiting_longest');
  await expect(page).toHaveURL(/sort=waiting_longest/);

  // The server's answer for the same filter is the truth the list must show.
  const expected = await api<Page_>(
    page.request,
    `/api/spaces/${support}/conversations?view=unassigned&status=open&stream=whatsapp&sort=waiting_longest&limit=3`,
  );
  expect(expected.items.length).toBeGreaterThan(0);
  for (const [i, c] of expected.items.entries()) {
    await expect(rows(page).nth(i)).toHaveAccessibleName(new RegExp(`^${escape(displayName(c.contact))}\\s*, WhatsApp, unassigned`));
  }

  // Search narrows further; Enter runs it at once.
  const target = expected.items[0];
  const name = displayName(target.contact);
  await page.getByRole('searchbox', { name: 'Search conversations' }).fill(name);
  await page.getByRole('searchbox', { name: 'Search conversations' }).press('Enter');
  await expect(page).toHaveURL(new RegExp(`q=${encodeURIComponent(name).replace(/[+]/g, '\\+')}`));
  await expect(rows(page).first()).toHaveAccessibleName(new RegExp(`^${escape(name)}`));

  await rows(page).first().click();
  await expect(page).toHaveURL(new RegExp(`conversation=${target.id}`));
  await expect(page.getByRole('heading', { level: 2, name })).toBeVisible();

  // A reload (or a shared link) shows the same screen.
  await page.reload();
  await expect(page.getByRole('combobox', { name: 'Status', exact: true })).toHaveValue('open');
  await expect(page.getByRole('combobox', { name: 'Channel', exact: true })).toHaveValue('whatsapp');
  await expect(page.getByRole('combobox', { name: 'Sort', exact: true })).toHaveValue('waiting_longest');
  await expect(page.getByRole('searchbox', { name: 'Search conversations' })).toHaveValue(name);
  await expect(views(page).getByRole('link', { name: /^Unassigned/ })).toHaveAttribute('aria-current', 'page');
  await expect(page.getByRole('heading', { level: 2, name })).toBeVisible();
  await expect(rows(page).first()).toHaveAttribute('aria-current', 'true');

  // Back to everything.
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expect(page).not.toHaveURL(/status=|stream=|q=/);
  await expect(page).toHaveURL(/view=unassigned/);

  // Team and tag menus fill in after the page loads; a link with them still shows them.
  const menus = await api<{ teams: { id: number }[]; tags: { id: number }[] }>(page.request, `/api/spaces/${support}/filters`);
  const [team, tag] = [menus.teams[1].id, menus.tags[0].id];
  await page.goto(`/inbox/s/${support}?team=${team}&tag=${tag}`);
  await expect(page.getByRole('combobox', { name: 'Team', exact: true })).toHaveValue(String(team));
  await expect(page.getByRole('combobox', { name: 'Tag', exact: true })).toHaveValue(String(tag));
  await expect(rows(page).first().or(page.getByText('No conversations match'))).toBeVisible();
});

test('a search without results says so and offers to clear it', async ({ page }) => {
  await signIn(page, 'admin@acme.test');
  await page.getByRole('searchbox', { name: 'Search conversations' }).fill('zzzz no such customer');
  await expect(page.getByText('No conversations match')).toBeVisible();
  await page.getByRole('status').getByRole('button', { name: 'Clear filters' }).click();
  await expect(rows(page).first()).toBeVisible();
  await expect(page.getByRole('searchbox', { name: 'Search conversations' })).toHaveValue('');
});

test('the thread shows replies, notes, events and delivery statuses, and opening reads it', async ({ page }) => {
  await signIn(page, 'admin@acme.test');
  const sales = await spaceId(page.request, 'Sales');
  type Msg = { kind: string; direction: string | null; status: string | null; event: string | null; body: string; failure_reason: string | null };
  // Find a conversation whose newest page has every kind of entry, the way an agent would.
  let found: { id: number; messages: Msg[] } | undefined;
  let cursor: string | null = null;
  while (!found) {
    const listing: Page_ = await api<Page_>(page.request, `/api/spaces/${sales}/conversations?limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    for (const c of listing.items) {
      const { items } = await api<{ items: Msg[] }>(page.request, `/api/conversations/${c.id}/messages`);
      const has = (f: (m: Msg) => boolean) => items.some(f);
      if (has((m) => m.kind === 'note') && has((m) => m.kind === 'event') && has((m) => m.status === 'failed') && has((m) => m.direction === 'inbound')) {
        found = { id: c.id, messages: items };
        break;
      }
    }
    cursor = listing.next_cursor;
    if (!found && !cursor) throw new Error('no conversation with notes, events and a failed reply in the demo data');
  }

  await page.goto(`/inbox/s/${sales}?conversation=${found.id}`);
  const thread = page.getByRole('log', { name: 'Messages' });
  await expect(thread.locator('li')).toHaveCount(found.messages.length);
  const note = found.messages.find((m) => m.kind === 'note')!;
  await expect(thread.locator('article', { hasText: 'Internal note' }).filter({ hasText: note.body.slice(0, 30) })).toBeVisible();
  await expect(thread.getByText(/took the conversation|assigned the conversation|added the tag|closed the conversation/).first()).toBeAttached();
  const failed = found.messages.find((m) => m.status === 'failed')!;
  await expect(thread.getByText(`Not delivered: ${failed.failure_reason}`)).toBeAttached();
  for (const status of new Set(found.messages.map((m) => m.status).filter(Boolean))) {
    const label = status![0].toUpperCase() + status!.slice(1);
    await expect(thread.getByText(label, { exact: true }).first()).toBeAttached();
  }
  // The newest message is in view.
  await expect(thread.locator('li').last()).toBeInViewport();

  // Opened means read.
  await expect
    .poll(async () => (await api<{ summary: { unread_count: number } }>(page.request, `/api/conversations/${found!.id}`)).summary.unread_count)
    .toBe(0);
  await expectNoAxeViolations(page);
});

test('the dashboard works from the keyboard alone', async ({ page }) => {
  await signIn(page, 'agent@acme.test');
  await expect(rows(page).first()).toBeVisible();
  const search = page.getByRole('searchbox', { name: 'Search conversations' });

  await page.keyboard.press('/');
  await expect(search).toBeFocused();
  // Letters typed into the search are text, not shortcuts.
  await page.keyboard.type('jk');
  await expect(search).toHaveValue('jk');
  await page.keyboard.press('Escape');
  await expect(search).toHaveValue('');
  await expect(rows(page).first()).toBeVisible();

  await search.blur();
  await page.keyboard.press('j');
  await expect(rows(page).nth(0)).toBeFocused();
  await page.keyboard.press('j');
  await expect(rows(page).nth(1)).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(rows(page).nth(2)).toBeFocused();
  await page.keyboard.press('k');
  await expect(rows(page).nth(1)).toBeFocused();
  const second = (await rows(page).nth(1).getAttribute('href'))!;
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(second.split('?')[1].replace(/[?]/g, '\\?') + '$'));
  await expect(page.getByRole('log', { name: 'Messages' }).locator('li').first()).toBeAttached();

  // Details toggle with I; the overlay lists the shortcuts and gives focus back when closed.
  const details = page.getByRole('button', { name: 'Conversation details' });
  const wasOpen = (await details.getAttribute('aria-expanded')) === 'true';
  await page.keyboard.press('i');
  await expect(details).toHaveAttribute('aria-expanded', String(!wasOpen));
  await rows(page).nth(1).focus();
  await page.keyboard.press('?');
  const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByText('Next conversation')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(rows(page).nth(1)).toBeFocused();

  // Tab order: the list is one stop, on the row the cursor is on.
  await page.keyboard.press('Shift+Tab');
  await expect(rows(page).nth(1)).not.toBeFocused();
  await page.keyboard.press('Tab');
  await expect(rows(page).nth(1)).toBeFocused();
});

test('on a phone, list, thread and details take turns', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 800 });
  await signIn(page, 'agent@acme.test');
  await rows(page).first().click();
  const thread = page.getByRole('log', { name: 'Messages' });
  await expect(thread).toBeVisible();
  await expect(list(page)).toBeHidden();
  await page.getByRole('button', { name: 'Conversation details' }).click();
  await expect(page.getByRole('complementary', { name: 'Details' })).toBeVisible();
  await expect(thread).toBeHidden();
  await page.getByRole('button', { name: 'Back to the conversation' }).click();
  await expect(thread).toBeVisible();
  await page.getByRole('button', { name: 'Back to conversations' }).click();
  await expect(list(page)).toBeVisible();
  await expectNoAxeViolations(page);

  // A desktop window with the details open, narrowed to phone width, shows the thread.
  await page.setViewportSize({ width: 1366, height: 800 });
  await rows(page).first().click();
  const details = page.getByRole('button', { name: 'Conversation details' });
  if ((await details.getAttribute('aria-expanded')) !== 'true') await details.click();
  await expect(page.getByRole('complementary', { name: 'Details' })).toBeVisible();
  await page.setViewportSize({ width: 390, height: 800 });
  await expect(thread).toBeVisible();
  await expect(page.getByRole('complementary', { name: 'Details' })).toBeHidden();
});

test.describe('failures', () => {
  test.use({ allowedConsoleErrors: [/Failed to load resource/] });

  test('a list that fails to load explains itself and retries', async ({ page }) => {
    await signIn(page, 'agent@acme.test');
    await page.route('**/api/spaces/*/conversations*', (route) =>
      route.fulfill({
        status: 503,
        contentType: 'application/problem+json',
        body: JSON.stringify({ code: 'internal', title: 'TextPeak is restarting.', status: 503 }),
      }),
    );
    await page.getByRole('combobox', { name: 'Status', exact: true }).selectOption('closed');
    await expect(page.getByRole('alert').filter({ hasText: 'TextPeak is restarting.' })).toBeVisible();
    await page.unroute('**/api/spaces/*/conversations*');
    await page.getByRole('button', { name: 'Try again' }).click();
    await expect(rows(page).first()).toBeVisible();
  });
});

test('axe-core finds no violations on the dashboard', async ({ page }) => {
  // Three full axe scans of a busy page: a loaded 2-core machine needs more than the default
  // 30 s for them (the settings scan has the same allowance).
  test.setTimeout(90_000);
  await signIn(page, 'admin@acme.test');
  await expect(rows(page).first()).toBeVisible();
  await expectNoAxeViolations(page);
  await rows(page).first().click();
  await expect(page.getByRole('log', { name: 'Messages' }).locator('li').first()).toBeAttached();
  await expectNoAxeViolations(page);
  await page.keyboard.press('?');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
  await expectNoAxeViolations(page);
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
