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
