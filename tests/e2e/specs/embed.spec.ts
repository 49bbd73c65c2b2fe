import { test, expect } from '../fixtures';
import { bundleOf, bearerToken, type Bundle } from '../portal';

/** A portal page: the app's styles, a slot (#inbox-slot), and `script`, run once the bundle is
 *  initialised, with `mountInbox` in scope. */
function hostPage(bundle: Bundle, script: string) {
  const links = bundle.css.map((href) => `<link rel="stylesheet" href="${href}">`).join('\n');
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>TextPeak Portal</title>${links}</head>
<body>
  <main><div id="inbox-slot"></div></main>
  <script type="module">
    import init, { mountInbox } from '${bundle.js}';
    await init({ module_or_path: '${bundle.wasm}' });
    ${script}
  </script>
</body>
</html>`;
}

/** The portal's page: its own header and a hostile-ish stylesheet, the app mounted into a slot
 *  with a base path and a bearer token, without the app's own frame. */
function portalPage(bundle: Bundle, token: string) {
  const links = bundle.css.map((href) => `<link rel="stylesheet" href="${href}">`).join('\n');
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>TextPeak Portal</title>
  <style>
    body { margin: 0; font-family: serif; }
    h1 { color: rgb(255, 0, 0); }
  </style>
  ${links}
</head>
<body>
  <header><h1 id="portal-title">TextPeak Portal</h1></header>
  <main><div id="inbox-slot"></div></main>
  <script type="module">
    import init, { mountInbox } from '${bundle.js}';
    await init({ module_or_path: '${bundle.wasm}' });
    mountInbox(document.getElementById('inbox-slot'), {
      basePath: '/portal', auth: 'bearer', token: '${token}', frame: false,
    });
  </script>
</body>
</html>`;
}

test('the portal embeds the app under its own base path with a bearer token', async ({ page }) => {
  const bundle = await bundleOf(page);
  const token = await bearerToken(page, 'agent@acme.test');
  expect(token).toBeTruthy();
  // No cookie: the app can only be signed in through the token the host handed over.
  await page.context().clearCookies();

  await page.route('**/portal/**', (route) =>
    route.fulfill({ contentType: 'text/html', body: portalPage(bundle, token) }),
  );
  await page.goto('/portal/inbox');

  const slot = page.locator('#inbox-slot');
  await expect(slot.getByRole('heading', { level: 1 })).toHaveText('Support');
  await expect(page).toHaveURL(/\/portal\/inbox\/s\/\d+$/);
  // The portal draws its own menu; the app's frame stays off.
  await expect(page.getByRole('navigation', { name: 'Main menu' })).toHaveCount(0);
  // Styles do not leak either way.
  await expect(page.locator('#portal-title')).toHaveCSS('color', 'rgb(255, 0, 0)');
  await expect(page.locator('#portal-title')).toHaveCSS('font-family', 'serif');
  await expect(slot.getByRole('heading', { level: 1 })).not.toHaveCSS('color', 'rgb(255, 0, 0)');

  // The dashboard's links carry the portal's base path: opening a conversation stays inside it.
  await slot.getByRole('list', { name: 'Conversations' }).getByRole('link').first().click();
  await expect(page).toHaveURL(/\/portal\/inbox\/s\/\d+\?conversation=\d+$/);
  await expect(slot.getByRole('log', { name: 'Messages' }).locator('li').first()).toBeAttached();
});

/** A portal page that keeps the handle `mountInbox` answers and every event the app tells it,
 *  and can mount again (window.mount()). */
function handlePage(bundle: Bundle, token: string) {
  return hostPage(bundle, `
    const slot = document.getElementById('inbox-slot');
    window.events = [];
    for (const name of ['textpeak:ready', 'textpeak:navigate', 'textpeak:signed-out', 'textpeak:unread']) {
      document.addEventListener(name, (e) => window.events.push({ name, detail: e.detail }));
    }
    window.mount = () => {
      window.inbox = mountInbox(slot, { basePath: '/portal', auth: 'bearer', token: '${token}', frame: false });
    };
    window.mount();`);
}

type Told = { name: string; detail: unknown };

test.describe('the handle', () => {
// Revoking the token at the end makes the app's next requests 401s, which the browser logs.
test.use({ allowedConsoleErrors: [/status of 401/] });

test('the host steers the app through its handle and hears where it is; unmount removes it all', async ({ page }) => {
  const bundle = await bundleOf(page);
  const token = await bearerToken(page, 'agent@acme.test');
  await page.context().clearCookies();
  await page.route('**/portal/**', (route) => route.fulfill({ contentType: 'text/html', body: handlePage(bundle, token) }));
  const told = () => page.evaluate(() => (window as unknown as { events: Told[] }).events);
  const stream = page.waitForResponse((r) => r.url().includes('/api/events') && r.status() === 200);
  await page.goto('/portal/inbox');
  const slot = page.locator('#inbox-slot');
  await expect(slot.getByRole('heading', { level: 1 })).toHaveText('Support');
  await stream;

  // Ready once, signed in; where the app is, with the base path and the page's title.
  await expect.poll(async () => (await told()).filter((e) => e.name === 'textpeak:ready')).toEqual([
    { name: 'textpeak:ready', detail: { signedIn: true } },
  ]);
  await expect
    .poll(async () => (await told()).filter((e) => e.name === 'textpeak:navigate').at(-1)?.detail)
    .toEqual({ path: expect.stringMatching(/^\/portal\/inbox\/s\/\d+$/), title: 'Support' });
  const space = page.url().match(/\/s\/(\d+)/)![1];

  // navigate(): the app goes there, and tells.
  await page.evaluate((s) => (window as unknown as { inbox: { navigate(p: string): void } }).inbox.navigate(`/inbox/s/${s}?view=mine`), space);
  await expect(page).toHaveURL(new RegExp(`/portal/inbox/s/${space}\\?view=mine$`));
  await expect(slot.getByRole('link', { name: /^Mine/ })).toHaveAttribute('aria-current', 'page');
  await expect
    .poll(async () => (await told()).filter((e) => e.name === 'textpeak:navigate').at(-1)?.detail)
    .toEqual({ path: `/portal/inbox/s/${space}?view=mine`, title: 'Support' });

  // setTheme(): the app's root follows; a theme that does not exist is refused.
  await page.evaluate(() => (window as unknown as { inbox: { setTheme(t: string): void } }).inbox.setTheme('dark'));
  await expect(slot.locator('.tp-app')).toHaveAttribute('data-theme', 'dark');
  const refused = await page.evaluate(() => {
    try {
      (window as unknown as { inbox: { setTheme(t: string): void } }).inbox.setTheme('neon');
      return null;
    } catch (e) {
      return String(e);
    }
  });
  expect(refused).toContain('not a theme');

  // unmount(): every node goes, and so does the live stream.
  const closed = page.waitForEvent('requestfailed', (r) => r.url().includes('/api/events'));
  await page.evaluate(() => (window as unknown as { inbox: { unmount(): void } }).inbox.unmount());
  await closed;
  await expect(slot.locator('*')).toHaveCount(0);
  // Mounting again works.
  const again = page.waitForResponse((r) => r.url().includes('/api/events') && r.status() === 200);
  await page.evaluate(() => (window as unknown as { mount(): void }).mount());
  await expect(slot.getByRole('heading', { level: 1 })).toHaveText('Support');
  await again;

  // Signed out elsewhere (the token revoked): the next step tells the host.
  const out = await page.request.delete('/api/session', { headers: { Authorization: `Bearer ${token}` } });
  expect(out.status()).toBeLessThan(300);
  await page.evaluate(() => (window as unknown as { inbox: { navigate(p: string): void } }).inbox.navigate('/inbox'));
  await expect.poll(async () => (await told()).some((e) => e.name === 'textpeak:signed-out')).toBe(true);
  await expect(slot.getByLabel('E-mail')).toBeVisible();
});
});

/** A portal that keeps every event and the handle, and renews the token when the app asks:
 *  `getToken` signs `email` in again (counted in window.renewals, the last token kept in
 *  window.renewed) or, once window.refuse is set, answers nothing (the portal's user left). */
function renewingPage(bundle: Bundle, token: string, email: string) {
  return hostPage(bundle, `
    window.events = [];
    for (const name of ['textpeak:ready', 'textpeak:signed-out', 'textpeak:access']) {
      document.addEventListener(name, (e) => window.events.push({ name, detail: e.detail }));
    }
    window.renewals = 0;
    const getToken = async () => {
      window.renewals += 1;
      if (window.refuse) return null;
      const answer = await fetch('/api/session', {
        method: 'POST', credentials: 'omit', headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ email: '${email}', password: 'demo', bearer: true }),
      });
      window.renewed = (await answer.json()).token;
      return window.renewed;
    };
    window.inbox = mountInbox(document.getElementById('inbox-slot'), {
      basePath: '/portal', auth: 'bearer', token: '${token}', frame: false, getToken,
    });`);
}

type Portal = {
  events: Told[];
  renewals: number;
  renewed?: string;
  refuse?: boolean;
  inbox: { navigate(p: string): void; setToken(t: string): void };
};

test.describe('tokens and access', () => {
// Each expired token is refused once (a 401 the browser logs) before the app renews it.
test.use({ allowedConsoleErrors: [/status of 401/] });

test('an expired token is renewed through getToken without losing the draft; setToken replaces it', async ({ page }) => {
  const bundle = await bundleOf(page);
  const first = await bearerToken(page, 'agent@acme.test');
  await page.context().clearCookies();
  await page.route('**/portal/**', (route) =>
    route.fulfill({ contentType: 'text/html', body: renewingPage(bundle, first, 'agent@acme.test') }),
  );
  await page.goto('/portal/inbox');
  const slot = page.locator('#inbox-slot');
  await slot.getByRole('list', { name: 'Conversations' }).getByRole('link').first().click();
  const reply = slot.getByRole('textbox', { name: 'Write a reply' });
  const text = `Sent after the token expired ${Date.now()}`;
  await reply.fill(text);

  // The portal's token expires (revoked on the server) while the agent writes.
  const revoked = await page.request.delete('/api/session', { headers: { Authorization: `Bearer ${first}` } });
  expect(revoked.status()).toBeLessThan(300);
  await slot.getByRole('button', { name: 'Send', exact: true }).click();

  // Refused, renewed once, retried: the reply is in the thread and nobody was signed out.
  await expect(slot.getByRole('log', { name: 'Messages' })).toContainText(text);
  await expect(reply).toHaveValue('');
  expect(await page.evaluate(() => (window as unknown as Portal).renewals)).toBe(1);
  const renewed = await page.evaluate(() => (window as unknown as Portal).renewed);
  expect(renewed).toBeTruthy();
  expect(renewed).not.toBe(first);
  expect(await page.evaluate(() => (window as unknown as Portal).events.some((e) => e.name === 'textpeak:signed-out'))).toBe(false);

  // setToken: the host renews by itself; the app uses that token from now on (the renewed
  // one is revoked, and no renewal is asked for).
  const third = await bearerToken(page, 'agent@acme.test');
  await page.evaluate((t) => (window as unknown as Portal).inbox.setToken(t), third);
  await page.request.delete('/api/session', { headers: { Authorization: `Bearer ${renewed}` } });
  const space = page.url().match(/\/s\/(\d+)/)![1];
  await page.evaluate((s) => (window as unknown as Portal).inbox.navigate(`/inbox/s/${s}?view=mine`), space);
  await expect(slot.getByRole('link', { name: /^Mine/ })).toHaveAttribute('aria-current', 'page');
  await expect(slot.getByRole('list', { name: 'Conversations' })).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as Portal).renewals)).toBe(1);
  const empty = await page.evaluate(() => {
    try {
      (window as unknown as Portal).inbox.setToken(' ');
      return null;
    } catch (e) {
      return String(e);
    }
  });
  expect(empty).toContain('the token is empty');

  // A host with no token to give (its user signed out): the session ends, and the host hears it.
  await page.evaluate(() => ((window as unknown as Portal).refuse = true));
  await page.request.delete('/api/session', { headers: { Authorization: `Bearer ${third}` } });
  await page.evaluate(() => (window as unknown as Portal).inbox.navigate('/inbox'));
  await expect(slot.getByLabel('E-mail')).toBeVisible();
  await expect.poll(() => page.evaluate(() => (window as unknown as Portal).events.some((e) => e.name === 'textpeak:signed-out'))).toBe(true);
});

test('the host hears how the Inbox stands and which main-menu entries are the user\'s, also before mounting', async ({ page }) => {
  const bundle = await bundleOf(page);
  const admin = await bearerToken(page, 'admin@acme.test');
  await page.context().clearCookies();
  await page.route('**/portal/**', (route) =>
    route.fulfill({ contentType: 'text/html', body: renewingPage(bundle, admin, 'admin@acme.test') }),
  );
  await page.goto('/portal/inbox');
  const slot = page.locator('#inbox-slot');
  await expect(slot.getByRole('heading', { level: 1 })).toHaveText('Sales');
  const entry = (id: string, label: string, path: string) => ({ id, label, path, href: `/portal${path}` });
  const adminMenu = [entry('home', 'Home', '/'), entry('inbox', 'Inbox', '/inbox'), entry('inbox-settings', 'Inbox settings', '/inbox/settings')];
  const access = () => page.evaluate(() => (window as unknown as Portal).events.filter((e) => e.name === 'textpeak:access').map((e) => e.detail));
  await expect.poll(access).toEqual([{ access: 'granted', menu: adminMenu }]);

  // inboxAccess(config): what the portal's menu needs before (or without) mounting the Inbox.
  const ask = (config: Record<string, unknown>) =>
    page.evaluate(
      async ({ js, config }) => {
        const module = await import(js);
        return module.inboxAccess({ basePath: '/portal', auth: 'bearer', ...config });
      },
      { js: bundle.js, config },
    );
  expect(await ask({ token: await bearerToken(page, 'agent@acme.test') })).toEqual({
    access: 'granted',
    menu: [entry('home', 'Home', '/'), entry('inbox', 'Inbox', '/inbox')],
  });
  expect(await ask({ token: await bearerToken(page, 'manager@acme.test') })).toEqual({ access: 'granted', menu: adminMenu });
  expect(await ask({ token: await bearerToken(page, 'agent@fresh.test') })).toMatchObject({ access: 'being-set-up' });
  expect(await ask({ token: await bearerToken(page, 'admin@fresh.test') })).toMatchObject({ access: 'onboarding' });
  expect(await ask({ token: await bearerToken(page, 'owner@nimbus.test') })).toMatchObject({ access: 'beta-none', menu: [entry('home', 'Home', '/'), entry('inbox', 'Inbox', '/inbox')] });
  expect(await ask({ token: 'not-a-token' })).toEqual({ access: 'signed-out', menu: [] });

  // Signed out: told once more, with no entries.
  await page.evaluate(() => ((window as unknown as Portal).refuse = true));
  await page.request.delete('/api/session', { headers: { Authorization: `Bearer ${admin}` } });
  await page.evaluate(() => (window as unknown as Portal).inbox.navigate('/inbox'));
  await expect.poll(access).toEqual([
    { access: 'granted', menu: adminMenu },
    { access: 'signed-out', menu: [] },
  ]);
});
});
