import { test, expect, signIn, expectNoAxeViolations, openDialog, submitDialog, PASSWORD } from '../fixtures';
import { request as playwrightRequest } from '@playwright/test';
import type { Page, APIRequestContext, Locator } from '@playwright/test';

// Settings as a new admin would use them, against the real server: create, the validation
// errors of bad input, edit, delete with confirmation; routing a simulated inbound message; a
// custom role without "close"; and the scope of a Manager and an Agent, in the UI and by API.

// Refused saves are part of these stories: the browser logs each 4xx answer.
test.use({ allowedConsoleErrors: [/status of (403|404|409|422)/] });

const BASE = `http://127.0.0.1:${process.env.E2E_PORT ?? 18765}`;

/** An API client signed in as `email` (its own cookie jar, like another browser). */
async function apiAs(email: string, password = PASSWORD): Promise<APIRequestContext> {
  const context = await playwrightRequest.newContext({ baseURL: BASE });
  const response = await context.post('/api/session', { data: { email, password } });
  expect(response.status(), `sign-in of ${email}`).toBe(200);
  return context;
}

async function json<T>(response: Promise<import('@playwright/test').APIResponse>): Promise<T> {
  const r = await response;
  expect(r.status(), r.url()).toBeLessThan(300);
  return (await r.json()) as T;
}

async function openSettings(page: Page, area: string, heading: string) {
  await page.goto(`/inbox/settings/${area}`);
  await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
}

const dialog = (page: Page, name: string | RegExp) => page.getByRole('dialog', { name });
const row = (page: Page, name: string | RegExp) => page.getByRole('row', { name });

/** Clicks the dialog's submit button and expects the dialog to stay with an error on `field`. */
async function expectFieldError(field: Locator, message: string | RegExp) {
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await expect(field).toHaveAccessibleDescription(message);
}

/** Types `name` into the dialog's Name field and submits with `submit`: the dialog stays, and the
 *  field explains why (`message`). */
async function refuseName(dialog: Locator, submit: string, name: string, message: string) {
  await dialog.getByLabel('Name', { exact: true }).fill(name);
  await dialog.getByRole('button', { name: submit }).click();
  await expectFieldError(dialog.getByLabel('Name', { exact: true }), message);
}

async function confirmDelete(page: Page, title: string | RegExp, consequence: RegExp) {
  const confirm = dialog(page, title);
  await expect(confirm).toBeVisible();
  await expect(confirm).toHaveAccessibleDescription(consequence);
  await confirm.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(confirm).toBeHidden();
}

test('agent@acme.test has no Settings: no entry, a no-access page, and refused API calls', async ({ page }) => {
  await signIn(page, 'agent@acme.test');
  await page.goto('/inbox');
  await expect(page.getByRole('list', { name: 'Conversations' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Settings' })).toHaveCount(0);
  for (const area of ['', '/tags', '/users', '/sender-profiles']) {
    await page.goto(`/inbox/settings${area}`);
    await expect(page.getByRole('heading', { name: "You don't have access to this page" })).toBeVisible();
  }
  const agent = await apiAs('agent@acme.test');
  for (const [method, path, data] of [
    ['get', '/api/tags', undefined],
    ['get', '/api/sender-profiles', undefined],
    ['post', '/api/routing-rules', { name: 'x', stream: 'sms', senders: ['+14155550188'], team_id: 1 }],
    ['post', '/api/templates', { name: 'x', body: 'x', stream: null }],
    ['get', '/api/settings/spaces', undefined],
    ['get', '/api/users', undefined],
    ['post', '/api/roles', { name: 'x', base: 'agent', disabled: [] }],
  ] as const) {
    const response = await agent.fetch(path, { method, data });
    expect(response.status(), `${method} ${path}`).toBe(403);
  }
  await agent.dispose();
});

test('tags: create, refuse a duplicate, edit, delete with confirmation', async ({ page }) => {
  await signIn(page, 'admin@acme.test');
  await page.goto('/inbox');
  // The sidebar's Settings (exact: the main menu's "Inbox settings" leads there too).
  await page.getByRole('link', { name: 'Settings', exact: true }).click();
  await page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'Tags' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Tags' })).toBeVisible();
  await expect(row(page, /\bvip\b/)).toBeVisible();

  const create = await openDialog(page, 'New tag');
  await refuseName(create, 'Create tag', 'VIP', 'There is already a tag called “VIP”.');
  await create.getByLabel('Name', { exact: true }).fill('Lost luggage');
  await submitDialog(create, 'Create tag');
  await expect(row(page, /Lost luggage/)).toContainText('0');

  const edit = await openDialog(page, 'Edit tag Lost luggage', 'Edit tag');
  await expect(edit.getByLabel('Name', { exact: true })).toHaveValue('Lost luggage');
  await edit.getByLabel('Name', { exact: true }).fill('Lost baggage');
  await edit.getByRole('button', { name: 'Save tag' }).click();
  await expect(row(page, /Lost baggage/)).toBeVisible();
  await expect(row(page, /Lost luggage/)).toHaveCount(0);

  await page.getByRole('button', { name: 'Delete tag Lost baggage' }).click();
  await confirmDelete(page, 'Delete the tag “Lost baggage”?', /No conversation uses it/);
  await expect(row(page, /Lost baggage/)).toHaveCount(0);
});

test('sender profiles and routing: validation, a rule routes a new contact to its team', async ({ page }) => {
  await signIn(page, 'admin@acme.test');
  await openSettings(page, 'sender-profiles', 'Sender profiles');

  const create = await openDialog(page, 'New sender profile');
  const numbers = create.getByLabel('Numbers', { exact: true });
  await create.getByLabel('Name', { exact: true }).fill('Acme Sales SMS');
  await create.getByLabel('Space', { exact: true }).selectOption({ label: 'Sales' });
  await numbers.fill('4155550177');
  await create.getByRole('button', { name: 'Create sender profile' }).click();
  await expectFieldError(numbers, /“4155550177” is not a number in international format \(E\.164\)/);

  await numbers.fill('+14155550177');
  await create.getByRole('button', { name: 'Create sender profile' }).click();
  await expectFieldError(create.getByLabel('Name', { exact: true }), 'There is already a sender profile called “Acme Sales SMS”.');

  // The form says which profile holds a number as it is typed, and the server refuses it.
  await create.getByLabel('Name', { exact: true }).fill('E2E Sales line');
  await numbers.fill('+1 415 555 0177\n+14155550101');
  await expect(create.getByText('+14155550101 is already in the profile “Acme Sales SMS”.')).toBeVisible();
  await create.getByRole('button', { name: 'Create sender profile' }).click();
  await expectFieldError(numbers, /\+14155550101 is already in the profile “Acme Sales SMS”/);
  await numbers.fill('+1 415 555 0177');
  await submitDialog(create, 'Create sender profile');
  const profile = row(page, /E2E Sales line/);
  await expect(profile).toContainText('+14155550177');
  await expect(profile).toContainText('All teams');

  const edit = await openDialog(page, 'Edit sender profile E2E Sales line', 'Edit sender profile');
  await edit.getByLabel('Only the teams and agents chosen below', { exact: true }).check();
  await edit.getByRole('button', { name: 'Save sender profile' }).click();
  await expectFieldError(edit.getByRole('group', { name: 'Available to' }), /Choose at least one team or agent/);
  await edit.getByRole('group', { name: 'Teams' }).getByLabel('Bookings', { exact: true }).check();
  await submitDialog(edit, 'Save sender profile');
  await expect(profile).toContainText('Bookings');

  // A rule for the new number.
  await page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'Incoming routing' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Incoming routing' })).toBeVisible();
  const rule = await openDialog(page, 'New routing rule');
  await rule.getByLabel('Name', { exact: true }).fill('E2E line to Bookings');
  await rule.getByLabel('Team', { exact: true }).selectOption({ label: 'Sales · Bookings' });
  await rule.getByLabel('Numbers', { exact: true }).fill('+14155550101');
  await expect(rule.getByText('+14155550101 is already in the rule “Sales SMS to Leads”.')).toBeVisible();
  await rule.getByRole('button', { name: 'Create routing rule' }).click();
  await expectFieldError(rule.getByLabel('Numbers', { exact: true }), /already in the rule “Sales SMS to Leads”/);
  await rule.getByLabel('Numbers', { exact: true }).fill('+14155550177');
  await submitDialog(rule, 'Create routing rule');
  await expect(row(page, /E2E line to Bookings/)).toContainText('Bookings');

  // A contact writes to the number for the first time: the conversation lands in Bookings.
  const support = await playwrightRequest.newContext({ baseURL: BASE });
  const receipt = await json<{ conversation_id: number; team: { name: string }; rule: { name: string } | null; created: boolean }>(
    support.post('/api/support/inbound', {
      headers: { Authorization: `Bearer ${process.env.E2E_SUPPORT_TOKEN}` },
      data: { stream: 'sms', to: '+14155550177', from: '+14155550900', text: 'Hello, is my booking for Lisbon confirmed?' },
    }),
  );
  await support.dispose();
  expect(receipt).toMatchObject({ created: true, team: { name: 'Bookings' }, rule: { name: 'E2E line to Bookings' } });
  const me = await json<{ spaces: { id: number; name: string }[] }>(page.request.get('/api/me'));
  const sales = me.spaces.find((s) => s.name === 'Sales')!.id;
  await page.goto(`/inbox/s/${sales}?conversation=${receipt.conversation_id}`);
  await expect(page.getByRole('log')).toContainText('Hello, is my booking for Lisbon confirmed?');
  await expect(page.locator('.tp-thread__facts')).toContainText('Bookings');

  // The profile now has a conversation: deleting it is explained and not offered.
  await openSettings(page, 'sender-profiles', 'Sender profiles');
  const blocked = await openDialog(page, 'Delete sender profile E2E Sales line', 'Delete the sender profile “E2E Sales line”?');
  await expect(blocked).toHaveAccessibleDescription(/1 conversation uses this profile, so it can't be deleted/);
  await expect(blocked.getByRole('button', { name: 'Delete', exact: true })).toBeHidden();
  await blocked.getByRole('button', { name: 'Close', exact: true }).click();
  await expect(blocked).toBeHidden();

  await openSettings(page, 'routing', 'Incoming routing');
  await page.getByRole('button', { name: 'Delete routing rule E2E line to Bookings' }).click();
  await confirmDelete(page, 'Delete the routing rule “E2E line to Bookings”?', /New conversations on \+14155550177 will go to/);
  await expect(row(page, /E2E line to Bookings/)).toHaveCount(0);
});

test('canned templates: unknown placeholders and duplicates are refused; edit; delete', async ({ page }) => {
  await signIn(page, 'admin@acme.test');
  await openSettings(page, 'templates', 'Canned templates');
  const create = await openDialog(page, 'New template');
  await create.getByLabel('Name', { exact: true }).fill('Baggage claim');
  await create.getByLabel('Channel', { exact: true }).selectOption({ label: 'WhatsApp' });
  await create.getByLabel('Text', { exact: true }).fill('Hi {{customer.name}}, we found your bag.');
  await create.getByRole('button', { name: 'Create template' }).click();
  await expectFieldError(create.getByLabel('Text', { exact: true }), /\{\{customer\.name\}\} is not a placeholder/);
  await create.getByLabel('Text', { exact: true }).fill('Hi {{contact.name}}, we found your bag. {{agent.name}}');
  await refuseName(create, 'Create template', 'Greeting', 'There is already a template called “Greeting”.');
  await create.getByLabel('Name', { exact: true }).fill('Baggage claim');
  await create.getByLabel('Approved WhatsApp template', { exact: true }).check();
  await submitDialog(create, 'Create template');
  await expect(row(page, /Baggage claim/)).toContainText('Approved');
  await expect(row(page, /Baggage claim/)).toContainText('WhatsApp');

  const edit = await openDialog(page, 'Edit template Baggage claim', 'Edit template');
  await edit.getByLabel('Channel', { exact: true }).selectOption({ label: 'Every channel' });
  await expect(edit.getByLabel('Approved WhatsApp template', { exact: true })).toHaveCount(0);
  await submitDialog(edit, 'Save template');
  await expect(row(page, /Baggage claim/)).toContainText('Every channel');
  await expect(row(page, /Baggage claim/)).not.toContainText('Approved');

  await page.getByRole('button', { name: 'Delete template Baggage claim' }).click();
  await confirmDelete(page, 'Delete the template “Baggage claim”?', /no longer find it in the composer/);
  await expect(row(page, /Baggage claim/)).toHaveCount(0);
});

test('spaces and teams: create, refuse duplicates, move a team, delete both', async ({ page }) => {
  await signIn(page, 'admin@acme.test');
  await openSettings(page, 'spaces', 'Spaces and teams');
  const space = await openDialog(page, 'New space');
  await refuseName(space, 'Create space', 'sales', 'There is already a space called “sales”.');
  await space.getByLabel('Name', { exact: true }).fill('Partnerships');
  await submitDialog(space, 'Create space');
  const partnerships = page.getByRole('region', { name: 'Partnerships', exact: true });
  await expect(partnerships).toContainText('No teams yet');

  const salesRegion = page.getByRole('region', { name: 'Sales', exact: true });
  await salesRegion.getByRole('button', { name: 'New team' }).click();
  const team = dialog(page, 'New team');
  await team.getByLabel('Name', { exact: true }).fill('Leads');
  await team.getByRole('group', { name: 'Members' }).getByLabel('Jonas Weber', { exact: true }).check();
  await team.getByRole('button', { name: 'Create team' }).click();
  await expectFieldError(team.getByLabel('Name', { exact: true }), 'There is already a team called “Leads” in this space.');
  await team.getByLabel('Name', { exact: true }).fill('Corporate');
  await submitDialog(team, 'Create team');
  await expect(salesRegion.getByRole('row', { name: /Corporate/ })).toContainText('Jonas Weber');

  // A team with conversations cannot move; a new one can.
  await salesRegion.getByRole('button', { name: 'Edit team Leads' }).click();
  const leads = dialog(page, 'Edit team');
  await leads.getByLabel('Space', { exact: true }).selectOption({ label: 'Partnerships' });
  await leads.getByRole('button', { name: 'Save team' }).click();
  await expect(leads.getByLabel('Space', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  await leads.getByRole('button', { name: 'Cancel' }).click();

  await salesRegion.getByRole('button', { name: 'Edit team Corporate' }).click();
  const corporate = dialog(page, 'Edit team');
  await corporate.getByLabel('Space', { exact: true }).selectOption({ label: 'Partnerships' });
  await submitDialog(corporate, 'Save team');
  await expect(partnerships.getByRole('row', { name: /Corporate/ })).toBeVisible();
  await expect(salesRegion.getByRole('row', { name: /Corporate/ })).toHaveCount(0);

  await partnerships.getByRole('button', { name: 'Edit space Partnerships' }).click();
  const rename = dialog(page, 'Edit space');
  await rename.getByLabel('Name', { exact: true }).fill('Partners');
  await rename.getByRole('button', { name: 'Save space' }).click();
  const partners = page.getByRole('region', { name: 'Partners', exact: true });
  await expect(partners).toBeVisible();

  await partners.getByRole('button', { name: 'Delete team Corporate' }).click();
  await confirmDelete(page, 'Delete the team “Corporate”?', /Its members stay in the space/);
  await partners.getByRole('button', { name: 'Delete space Partners' }).click();
  await confirmDelete(page, 'Delete the space “Partners”?', /deletes its 0 teams, 0 sender profiles and 0 conversations/);
  await expect(partners).toHaveCount(0);
});

test('a custom agent role without "close" hides Close for its holder; the server refuses it', async ({ page, browser }) => {
  await signIn(page, 'admin@acme.test');
  await openSettings(page, 'users', 'Users and roles');
  const role = await openDialog(page, 'New role');
  await refuseName(role, 'Create role', 'Inbox Agent', 'There is already a role called “Inbox Agent”.');
  await role.getByLabel('Name', { exact: true }).fill('Agent without close');
  await role.getByLabel('Inbox Agent', { exact: true }).check();
  await role.getByLabel('May close conversations', { exact: true }).uncheck();
  await submitDialog(role, 'Create role');
  const roleRow = page.getByRole('table', { name: 'Roles' }).getByRole('row', { name: /Agent without close/ });
  await expect(roleRow).toContainText('May close conversations');

  const invite = await openDialog(page, 'Invite user');
  await invite.getByLabel('Name', { exact: true }).fill('Casey Quinn');
  await invite.getByLabel('E-mail', { exact: true }).fill('agent@acme.test');
  await invite.getByLabel('Role', { exact: true }).selectOption({ label: 'Agent without close' });
  await invite.getByRole('group', { name: 'Spaces' }).getByLabel('Support', { exact: true }).check();
  await invite.getByRole('group', { name: 'Teams' }).getByLabel('Customer Care', { exact: true }).check();
  await invite.getByRole('button', { name: 'Send invitation' }).click();
  await expectFieldError(invite.getByLabel('E-mail', { exact: true }), 'There is already a user with this e-mail.');
  await invite.getByLabel('E-mail', { exact: true }).fill('casey@acme.test');
  await invite.getByRole('button', { name: 'Send invitation' }).click();
  const created = dialog(page, 'Invitation created');
  await expect(created).toBeVisible();
  const password = (await created.getByLabel('Temporary password', { exact: true }).innerText()).trim();
  expect(password.length).toBeGreaterThanOrEqual(10);
  await created.getByRole('button', { name: 'Done' }).click();
  await expect(row(page, /Casey Quinn/)).toContainText('Agent without close');
  await expect(roleRow).toContainText('1');

  // The role is held: deleting it is explained, not offered.
  const held = await openDialog(page, 'Delete role Agent without close', 'Delete the role “Agent without close”?');
  await expect(held).toHaveAccessibleDescription(/1 person holds it/);
  await held.getByRole('button', { name: 'Close', exact: true }).click();

  // Casey, in another browser, sees no Close; the admin does.
  const caseyContext = await browser.newContext();
  const casey = await caseyContext.newPage();
  await signIn(casey, 'casey@acme.test', password);
  await expect(casey.getByRole('button', { name: /account menu/ })).toBeVisible();
  const caseyApi = casey.request;
  const me = await json<{ spaces: { id: number; name: string }[] }>(caseyApi.get('/api/me'));
  const supportSpace = me.spaces.find((s) => s.name === 'Support')!.id;
  const list = await json<{ items: { id: number }[] }>(caseyApi.get(`/api/spaces/${supportSpace}/conversations?status=open`));
  const open = list.items[0].id;
  await casey.goto(`/inbox/s/${supportSpace}?conversation=${open}`);
  await expect(casey.locator('.tp-thread__facts')).toBeVisible();
  await expect(casey.getByRole('button', { name: 'Conversation details' })).toBeVisible();
  await expect(casey.getByRole('button', { name: 'Close', exact: true })).toHaveCount(0);
  const refused = await caseyApi.post(`/api/conversations/${open}/close`, { data: {} });
  expect(refused.status()).toBe(403);
  await caseyContext.close();

  await page.goto(`/inbox/s/${supportSpace}?conversation=${open}`);
  await page.getByRole('button', { name: 'Close', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Reopen', exact: true })).toBeVisible();
  await expect(page.getByRole('log')).toContainText('closed the conversation');
  await page.getByRole('button', { name: 'Reopen', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Close', exact: true })).toBeVisible();

  // Deactivating Casey signs them out for good.
  await openSettings(page, 'users', 'Users and roles');
  const deactivate = await openDialog(page, 'Deactivate Casey Quinn', 'Deactivate Casey Quinn?');
  await deactivate.getByRole('button', { name: 'Deactivate', exact: true }).click();
  await expect(deactivate).toBeHidden();
  await expect(row(page, /Casey Quinn/)).toContainText('Deactivated');
  const again = await playwrightRequest.newContext({ baseURL: BASE });
  const signInAgain = await again.post('/api/session', { data: { email: 'casey@acme.test', password } });
  expect(signInAgain.status()).toBe(401);
  await again.dispose();
});

test('manager@acme.test sees only Sales, cannot grant Admin; crafted calls are refused', async ({ page }) => {
  await signIn(page, 'manager@acme.test');
  await page.goto('/inbox');
  // The sidebar's Settings (exact: the main menu's "Inbox settings" leads there too).
  await page.getByRole('link', { name: 'Settings', exact: true }).click();
  await expect(page.getByText('You can change the settings of your spaces: Sales.')).toBeVisible();

  await openSettings(page, 'spaces', 'Spaces and teams');
  await expect(page.getByRole('region', { name: 'Sales', exact: true })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Support', exact: true })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'New space' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: /Delete space/ })).toHaveCount(0);

  await openSettings(page, 'users', 'Users and roles');
  await expect(row(page, /Jonas Weber/)).toBeVisible();
  await expect(row(page, /Arjun Patel/)).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'New role' })).toHaveCount(0);
  const edit = await openDialog(page, 'Edit Jonas Weber');
  const roles = await edit.getByLabel('Role', { exact: true }).locator('option').allInnerTexts();
  expect(roles).toContain('Inbox Agent');
  expect(roles).not.toContain('Inbox Admin');
  await edit.getByRole('button', { name: 'Cancel' }).click();

  await openSettings(page, 'sender-profiles', 'Sender profiles');
  await expect(row(page, /Acme Sales SMS/)).toBeVisible();
  await expect(row(page, /Acme Support SMS/)).toHaveCount(0);

  // By API: the Admin role, another space's items, organisation-wide changes.
  const admin = await apiAs('admin@acme.test');
  const allRoles = await json<{ id: number; base: string; builtin: boolean }[]>(admin.get('/api/roles'));
  const adminRole = allRoles.find((r) => r.base === 'admin' && r.builtin)!.id;
  const users = await json<{ id: number; email: string }[]>(admin.get('/api/users'));
  const jonas = users.find((u) => u.email === 'jonas@acme.test')!.id;
  const arjun = users.find((u) => u.email === 'agent@acme.test')!.id;
  const profiles = await json<{ id: number; name: string }[]>(admin.get('/api/sender-profiles'));
  const supportProfile = profiles.find((p) => p.name === 'Acme Support SMS')!.id;
  const spaces = await json<{ id: number; name: string; teams: { id: number; name: string }[] }[]>(admin.get('/api/settings/spaces'));
  const support = spaces.find((s) => s.name === 'Support')!;
  await admin.dispose();

  const manager = await apiAs('manager@acme.test');
  const attempts: [string, string, unknown, number[]][] = [
    ['patch', `/api/users/${jonas}`, { role_id: adminRole }, [403]],
    ['post', '/api/users', { name: 'Eve', email: 'eve@acme.test', role_id: adminRole, space_ids: [], team_ids: [] }, [403, 422]],
    ['patch', `/api/users/${arjun}`, { active: false }, [403, 404]],
    ['patch', `/api/sender-profiles/${supportProfile}`, { name: 'Mine now', stream: 'sms', space_id: support.id, senders: ['+442079460123'], restricted: false }, [404]],
    ['delete', `/api/teams/${support.teams[0].id}`, undefined, [403, 404]],
    ['patch', `/api/settings/spaces/${support.id}`, { name: 'Taken over' }, [404]],
    ['post', '/api/settings/spaces', { name: 'Shadow space' }, [403]],
    ['post', '/api/roles', { name: 'Shadow role', base: 'agent', disabled: [] }, [403]],
  ];
  for (const [method, path, data, statuses] of attempts) {
    const response = await manager.fetch(path, { method, data });
    expect(statuses, `${method} ${path} answered ${response.status()}`).toContain(response.status());
  }
  await manager.dispose();
});

test('axe finds no violations on any settings page or dialog', async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, 'admin@acme.test');
  await page.goto('/inbox/settings');
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
  await expectNoAxeViolations(page);
  const pages: [string, string, string][] = [
    ['sender-profiles', 'Sender profiles', 'New sender profile'],
    ['routing', 'Incoming routing', 'New routing rule'],
    ['tags', 'Tags', 'New tag'],
    ['templates', 'Canned templates', 'New template'],
    ['spaces', 'Spaces and teams', 'New space'],
    ['users', 'Users and roles', 'Invite user'],
  ];
  for (const [area, heading, action] of pages) {
    await openSettings(page, area, heading);
    await expect(page.getByRole('table').first()).toBeVisible();
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: action }).click();
    await expect(page.getByRole('dialog')).toBeVisible();
    await expectNoAxeViolations(page);
    // Esc closes the dialog and gives focus back to the button that opened it.
    await page.keyboard.press('Escape');
    await expect(page.getByRole('dialog')).toHaveCount(0);
    await expect(page.getByRole('button', { name: action })).toBeFocused();
  }
});
