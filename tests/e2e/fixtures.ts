import { test as base, expect, request as playwrightRequest, APIRequestContext, Locator, Page, Request } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { execFileSync } from 'child_process';

export const PASSWORD = 'demo';

/** Console errors the browser itself prints for answers that are expected by design of the
 *  API: asking who is signed in while signed out and a rejected password (401), and asking for
 *  Beta access a second time (409, which the app turns into the "Request Already Sent" pop-up). */
function expectedNetworkLog(text: string, url: string): boolean {
  const status = text.match(/^Failed to load resource: the server responded with a status of (\d+)/)?.[1];
  return (
    (status === '401' && (url.endsWith('/api/me') || url.endsWith('/api/session'))) ||
    (status === '409' && url.endsWith('/api/access-request'))
  );
}

/** The page's requests on their way, the live stream aside (see `waitForRequestsDone`). */
const inFlight = new WeakMap<Page, Set<Request>>();

function trackRequests(page: Page) {
  const pending = new Set<Request>();
  inFlight.set(page, pending);
  page.on('request', (r) => {
    if (!r.url().includes('/api/events')) pending.add(r);
  });
  for (const done of ['requestfinished', 'requestfailed'] as const) page.on(done, (r) => pending.delete(r));
}

/** Waits until none of the page's requests has been on its way for `quietMs`. Like
 *  `waitForLoadState('networkidle')`, except for the live event stream, which stays open for
 *  as long as the Inbox shows (so the network is never idle). */
export async function waitForRequestsDone(page: Page, quietMs = 500) {
  const pending = inFlight.get(page);
  if (!pending) throw new Error('waitForRequestsDone: the page is not the fixture page');
  let quietSince = Date.now();
  await expect
    .poll(() => {
      if (pending.size > 0) quietSince = Date.now();
      return Date.now() - quietSince >= quietMs;
    }, { intervals: [100] })
    .toBe(true);
}

type Fixtures = {
  page: Page;
  /** Console errors a test provokes on purpose (a failure it injects); none by default. */
  allowedConsoleErrors: RegExp[];
};

/** Every test fails if the page logs a console error, throws, or violates the CSP. */
export const test = base.extend<Fixtures>({
  allowedConsoleErrors: [[], { option: true }],
  page: async ({ page, allowedConsoleErrors }, use) => {
    trackRequests(page);
    const problems = await watchProblems(page, allowedConsoleErrors);
    await use(page);
    expect(problems, 'the browser reported problems').toEqual([]);
  },
});

/** Collects what the page reports: console errors (but the expected 401s and `allowed`),
 *  uncaught errors and CSP violations. The `page` fixture checks them after each test; a test
 *  with pages of its own (a second person) checks theirs itself. */
export async function watchProblems(page: Page, allowed: RegExp[] = []): Promise<string[]> {
  const problems: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    if (expectedNetworkLog(msg.text(), msg.location().url)) return;
    if (allowed.some((re) => re.test(msg.text()))) return;
    problems.push(`console error: ${msg.text()} (${msg.location().url})`);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI}`);
    });
  });
  return problems;
}

export { expect };

/** Signs in through the form. With the right password it waits until the app shows the
 *  signed-in frame, so that the next navigation cannot cut the sign-in short. */
export async function signIn(page: Page, email: string, password = PASSWORD) {
  await page.goto('/sign-in');
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByLabel('Password').press('Enter');
  if (password === PASSWORD) {
    await expect(page.getByRole('button', { name: /account menu/ })).toBeVisible();
  }
}

/** Clicks the button `opener` and answers the dialog it opens, named `name` (by default the
 *  opener's name, as "New tag" opens "New tag"). */
export async function openDialog(page: Page, opener: string, name: string | RegExp = opener): Promise<Locator> {
  await page.getByRole('button', { name: opener }).click();
  return page.getByRole('dialog', { name });
}

/** Clicks the dialog's button `submit` and expects the dialog to close. */
export async function submitDialog(dialog: Locator, submit: string) {
  await dialog.getByRole('button', { name: submit }).click();
  await expect(dialog).toBeHidden();
}

export function mainMenu(page: Page) {
  return page.getByRole('navigation', { name: 'Main menu' });
}

export async function expectNoAxeViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  const summary = results.violations.map(
    (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`,
  );
  expect(summary, 'axe-core violations').toEqual([]);
}

/** TextPeak support's command line, on the database of the server under test. */
export function supportCli(...args: string[]): string {
  return execFileSync(process.env.E2E_SERVER!, ['access', ...args, '--db', process.env.E2E_DB!], {
    encoding: 'utf8',
  });
}

/** TextPeak support's listing of Beta access requests, through the support-only endpoint. */
export async function supportListing(page: Page) {
  const response = await page.request.get('/api/support/access-requests', {
    headers: { Authorization: `Bearer ${process.env.E2E_SUPPORT_TOKEN}` },
  });
  expect(response.status()).toBe(200);
  return (await response.json()) as { tenant_name: string; status: string; requested_by?: string }[];
}

/** With SCREENSHOTS=1, saves a screenshot of the state a test reached, for people to look at. */
export async function shot(page: Page, name: string) {
  if (!process.env.SCREENSHOTS) return;
  await page.screenshot({ path: `screenshots/${name}.png`, fullPage: true });
}

// ---- The API, for stories that set up and check through it ----

/** The server under test. */
export const BASE = `http://127.0.0.1:${process.env.E2E_PORT ?? 18765}`;
const SUPPORT = { Authorization: `Bearer ${process.env.E2E_SUPPORT_TOKEN}` };

/** GET `path` as `request`'s user, which must answer 200. */
export async function json<T>(request: APIRequestContext, path: string): Promise<T> {
  const response = await request.get(path);
  expect(response.status(), path).toBe(200);
  return (await response.json()) as T;
}

/** POST to a support endpoint with the support token. */
export async function support<T>(path: string, data: unknown): Promise<T> {
  const context = await playwrightRequest.newContext({ baseURL: BASE });
  const response = await context.post(path, { headers: SUPPORT, data });
  expect(response.status(), path).toBeLessThan(300);
  const body = (await response.json().catch(() => null)) as T;
  await context.dispose();
  return body;
}

/** A number nobody used yet, so that each story has conversations of its own. */
let counter = 0;
export function freshNumber(prefix: string): string {
  counter += 1;
  const tail = `${Date.now() % 100000}`.padStart(5, '0') + `${counter}`.padStart(2, '0');
  return `${prefix}${tail}`;
}

/** A contact writes to `to` by SMS: answers the conversation it landed in. */
export async function inbound(to: string, from: string, text: string): Promise<number> {
  const receipt = await support<{ conversation_id: number }>('/api/support/inbound', { stream: 'sms', to, from, text });
  return receipt.conversation_id;
}
