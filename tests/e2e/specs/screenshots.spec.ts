import { test, expect, signIn } from '../fixtures';

// Screenshots of every view at desktop and phone width, for people to look at. Run with
// `SCREENSHOTS=1 npx playwright test screenshots`; they land in tests/e2e/screenshots/.
test.skip(!process.env.SCREENSHOTS, 'set SCREENSHOTS=1 to take screenshots');

const widths = [
  { name: 'desktop', width: 1366, height: 820 },
  { name: 'phone', width: 390, height: 800 },
];

for (const size of widths) {
  test(`views at ${size.name} width`, async ({ page }) => {
    await page.setViewportSize({ width: size.width, height: size.height });
    const shot = (name: string) =>
      page.screenshot({ path: `screenshots/${size.name}-${name}.png`, fullPage: true });

    await page.goto('/sign-in');
    await expect(page.getByRole('heading', { name: 'Sign in to TextPeak' })).toBeVisible();
    await shot('sign-in');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await shot('sign-in-empty');
    await signIn(page, 'agent@acme.test', 'wrong');
    await expect(page.getByText("That e-mail and password don't match")).toBeVisible();
    await shot('sign-in-wrong-password');

    await signIn(page, 'admin@acme.test');
    const rows = page.getByRole('list', { name: 'Conversations' }).getByRole('link');
    await expect(rows.first()).toBeVisible();
    await shot('dashboard');
    await rows.nth(1).click();
    await expect(page.getByRole('log', { name: 'Messages' }).locator('li').first()).toBeVisible();
    await shot('dashboard-thread');
    await page.getByRole('button', { name: 'Conversation details' }).click();
    await shot('dashboard-thread-details-toggled');
    await page.keyboard.press('?');
    await shot('dashboard-shortcuts');
    await page.keyboard.press('Escape');
    await page.goto('/inbox/s/1?status=closed&stream=telegram&q=zzzz');
    await expect(page.getByText('No conversations match')).toBeVisible();
    await shot('dashboard-no-match');
    await page.goto('/inbox/s/1');
    await page.getByRole('button', { name: /switch space/ }).click();
    await shot('space-switcher-open');
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: /account menu/ }).click();
    await shot('user-menu');
    await page.goto('/');
    await expect(page.getByRole('heading', { name: /Welcome/ })).toBeVisible();
    await shot('home');
    await page.goto('/inbox/settings');
    await expect(page.getByRole('heading', { name: 'Settings' })).toBeVisible();
    await shot('settings');
    await page.goto('/no/such/page');
    await shot('not-found');

    await page.context().clearCookies();
    await signIn(page, 'viewer@acme.test');
    await page.goto('/inbox');
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await shot('no-inbox-access');

    await page.context().clearCookies();
    await signIn(page, 'owner@nimbus.test');
    await page.goto('/inbox');
    await expect(page.getByRole('heading', { name: 'TextPeak Inbox' })).toBeVisible();
    await shot('beta');

    await page.context().clearCookies();
    await signIn(page, 'agent@fresh.test');
    await page.goto('/inbox');
    await expect(page.getByRole('heading', { name: 'Inbox is being set up by your admin' })).toBeVisible();
    await shot('being-set-up');
  });
}
