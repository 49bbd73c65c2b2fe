import { test, expect } from '../fixtures';

/** The portal's page: its own header and a hostile-ish stylesheet, the app mounted into a slot
 *  with a base path and a bearer token, without the app's own frame. */
function portalPage(bundle: { js: string; wasm: string; css: string[] }, token: string) {
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
  const index = await (await page.request.get('/')).text();
  const bundle = {
    js: index.match(/import init, \* as bindings from '([^']+)'/)![1],
    wasm: index.match(/module_or_path: '([^']+)'/)![1],
    css: [...index.matchAll(/<link rel="stylesheet" href="([^"]+)"/g)]
      .map((m) => m[1])
      .filter((href) => !href.includes('standalone')),
  };
  const signIn = await page.request.post('/api/session', {
    data: { email: 'agent@acme.test', password: 'demo', bearer: true },
  });
  expect(signIn.status()).toBe(200);
  const { token } = await signIn.json();
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
function handlePage(bundle: { js: string; wasm: string; css: string[] }, token: string) {
  const links = bundle.css.map((href) => `<link rel="stylesheet" href="${href}">`).join('\n');
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>TextPeak Portal</title>${links}</head>
<body>
  <main><div id="inbox-slot"></div></main>
  <script type="module">
    import init, { mountInbox } from '${bundle.js}';
    await init({ module_or_path: '${bundle.wasm}' });
    const slot = document.getElementById('inbox-slot');
    window.events = [];
    for (const name of ['textpeak:ready', 'textpeak:navigate', 'textpeak:signed-out', 'textpeak:unread']) {
      document.addEventListener(name, (e) => window.events.push({ name, detail: e.detail }));
    }
    window.mount = () => {
      window.inbox = mountInbox(slot, { basePath: '/portal', auth: 'bearer', token: '${token}', frame: false });
    };
    window.mount();
  </script>
</body>
</html>`;
}

type Told = { name: string; detail: unknown };

test.describe('the handle', () => {
// Revoking the token at the end makes the app's next requests 401s, which the browser logs.
test.use({ allowedConsoleErrors: [/status of 401/] });

test('the host steers the app through its handle and hears where it is; unmount removes it all', async ({ page }) => {
  const index = await (await page.request.get('/')).text();
  const bundle = {
    js: index.match(/import init, \* as bindings from '([^']+)'/)![1],
    wasm: index.match(/module_or_path: '([^']+)'/)![1],
    css: [...index.matchAll(/<link rel="stylesheet" href="([^"]+)"/g)].map((m) => m[1]).filter((h) => !h.includes('standalone')),
  };
  const signIn = await page.request.post('/api/session', { data: { email: 'agent@acme.test', password: 'demo', bearer: true } });
  const { token } = await signIn.json();
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
