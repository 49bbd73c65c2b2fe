import { test, expect } from '../fixtures';
import { request as playwrightRequest } from '@playwright/test';
import type { Page } from '@playwright/test';
import * as http from 'http';
import { bundleOf, type Bundle } from '../portal';

// The portal on another origin (issue 15): its page comes from http://127.0.0.1:<port + 1>,
// which the server's --allowed-origins lists (playwright.config.ts), and loads the app's bundle
// and calls the API on the server's own origin, in bearer and in cookie mode, the live stream
// included. A portal origin that is not listed gets no CORS answer at all, so its page can
// neither load the bundle nor read the API. Each portal is a small HTTP server of this spec on
// 127.0.0.1, serving one page for every /portal path (a real origin: Chromium lets a page of
// a loopback server, not a page of unknown address, call another loopback port).

const PORT = Number(process.env.E2E_PORT ?? 18765);
const API = `http://127.0.0.1:${PORT}`;
const PORTAL = `http://127.0.0.1:${PORT + 1}`;
const STRANGER = `http://127.0.0.1:${PORT + 2}`;
const SUPPORT_SMS = '+442079460123';

let html = '';
const servers: http.Server[] = [];

test.beforeAll(async () => {
  for (const port of [PORT + 1, PORT + 2]) {
    const server = http.createServer((request, response) => {
      if (request.url?.startsWith('/portal')) {
        response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
        response.end(html);
      } else {
        response.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    servers.push(server);
  }
});
test.afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
});

/** The portal's page, mounting the app with `config`. */
function portal(b: Bundle, config: Record<string, unknown>) {
  html = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>TextPeak Portal</title><link rel="icon" href="data:,">
${b.css.map((href) => `<link rel="stylesheet" href="${href}">`).join('\n')}</head>
<body><main><div id="slot"></div></main>
<script type="module">
  import init, { mountInbox } from '${b.js}';
  await init({ module_or_path: '${b.wasm}' });
  mountInbox(document.getElementById('slot'), ${JSON.stringify(config)});
</script>
</body></html>`;
}

async function inbound(text: string) {
  const context = await playwrightRequest.newContext({ baseURL: API });
  const from = `+4477019${String(Date.now() % 100000).padStart(5, '0')}`;
  const response = await context.post('/api/support/inbound', {
    headers: { Authorization: `Bearer ${process.env.E2E_SUPPORT_TOKEN}` },
    data: { stream: 'sms', to: SUPPORT_SMS, from, text },
  });
  expect(response.status()).toBeLessThan(300);
  await context.dispose();
}

const rows = (page: Page) => page.getByRole('list', { name: 'Conversations' }).getByRole('link');

async function expectLiveDashboard(page: Page) {
  const stream = page.waitForResponse((r) => r.url() === `${API}/api/events` && r.status() === 200);
  await page.goto(`${PORTAL}/portal/inbox`);
  await expect(page.locator('#slot').getByRole('heading', { level: 1 })).toHaveText('Support');
  await expect(page).toHaveURL(new RegExp(`^${PORTAL}/portal/inbox/s/\\d+$`));
  await stream;
  await expect(rows(page).first()).toBeVisible();
  const text = `Across origins ${Date.now()}`;
  await inbound(text);
  await expect(rows(page).first()).toContainText(text);
}

test('a portal on an allowed origin runs the app in bearer mode, live stream included', async ({ page }) => {
  const signIn = await page.request.post(`${API}/api/session`, {
    data: { email: 'agent@acme.test', password: 'demo', bearer: true },
  });
  const { token } = await signIn.json();
  await page.context().clearCookies();
  portal(await bundleOf(page, API), { basePath: '/portal', apiBase: API, auth: 'bearer', token, frame: false });
  const requests: string[] = [];
  page.on('request', (r) => {
    if (r.url().startsWith(`${API}/api/`)) requests.push(`${r.method()} ${r.headers()['authorization'] ? 'bearer' : 'none'}`);
  });
  await expectLiveDashboard(page);
  expect(requests.every((r) => r.endsWith('bearer')), requests.join(', ')).toBe(true);
});

test('a portal on an allowed origin runs the app in cookie mode, with the session cookie', async ({ page }) => {
  const signIn = await page.request.post(`${API}/api/session`, {
    data: { email: 'agent@acme.test', password: 'demo' },
  });
  expect(signIn.status()).toBe(200);
  portal(await bundleOf(page, API), { basePath: '/portal', apiBase: API, auth: 'cookie', frame: false });
  await expectLiveDashboard(page);
  // A write crosses too (the preflight allows its headers): the conversation is read.
  await rows(page).first().click();
  await expect(page.getByRole('log', { name: 'Messages' })).toBeVisible();
});

test.describe('an origin not on the list', () => {
  // The browser reports each refused cross-origin request.
  test.use({ allowedConsoleErrors: [/CORS policy|ERR_FAILED/] });

  test('a portal on an origin that is not allowed can neither load the app nor call the API', async ({ page }) => {
    const signIn = await page.request.post(`${API}/api/session`, {
      data: { email: 'agent@acme.test', password: 'demo', bearer: true },
    });
    const { token } = await signIn.json();
    portal(await bundleOf(page, API), { basePath: '/portal', apiBase: API, auth: 'bearer', token, frame: false });
    // Even the bundle cannot load cross-origin without CORS: the module import fails.
    const failed = page.waitForEvent('requestfailed', (r) => r.url().startsWith(API));
    await page.goto(`${STRANGER}/portal/inbox`);
    await failed;
    await expect(page.locator('#slot').getByRole('heading', { level: 1 })).toHaveCount(0);
    const answer = await page.request.fetch(`${API}/api/me`, {
      method: 'OPTIONS',
      headers: { Origin: STRANGER, 'Access-Control-Request-Method': 'GET' },
    });
    expect(answer.headers()['access-control-allow-origin']).toBeUndefined();
  });
});
