import { test as base, expect, Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

export const PASSWORD = 'demo';

/** Console errors the browser itself prints for expected answers: asking who is signed in
 *  while signed out, and a rejected password, are 401s by design of the API. */
function expectedNetworkLog(text: string, url: string): boolean {
  return (
    text.startsWith('Failed to load resource: the server responded with a status of 401') &&
    (url.endsWith('/api/me') || url.endsWith('/api/session'))
  );
}

type Fixtures = { page: Page };

/** Every test fails if the page logs a console error, throws, or violates the CSP. */
export const test = base.extend<Fixtures>({
  page: async ({ page }, use) => {
    const problems: string[] = [];
    page.on('console', (msg) => {
      if (msg.type() !== 'error') return;
      if (expectedNetworkLog(msg.text(), msg.location().url)) return;
      problems.push(`console error: ${msg.text()} (${msg.location().url})`);
    });
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => {
        console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI}`);
      });
    });
    await use(page);
    expect(problems, 'the browser reported problems').toEqual([]);
  },
});

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
