import { test, expect, signIn } from '../fixtures';
import { execFileSync } from 'child_process';

// Long lists and long threads, on the Benchmark space that `textpeak-server bench-space` adds
// to the database of the server under test (it runs last: the Admin gains a third space).

let space = 0;
let longConversation = 0;

test.beforeAll(() => {
  const report = execFileSync(
    process.env.E2E_SERVER!,
    ['bench-space', '--db', process.env.E2E_DB!, '--conversations', '600'],
    { encoding: 'utf8' },
  );
  space = Number(report.match(/Benchmark space (\d+)/)![1]);
  longConversation = Number(report.match(/conversation (\d+) has 5,000 messages/)![1]);
});

test('a long list keeps only the rows in view in the DOM and loads more pages at the end', async ({ page }) => {
  await signIn(page, 'admin@acme.test');
  await page.goto(`/inbox/s/${space}`);
  const list = page.getByRole('list', { name: 'Conversations' });
  await expect(list.getByRole('listitem').first()).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: /^All/ })).toHaveText(/600/);
  const rendered = await list.getByRole('listitem').count();
  expect(rendered).toBeLessThan(40);

  // Scroll to the end, page after page, until all 600 are reachable.
  const scroller = list.locator('..');
  await expect
    .poll(
      async () => {
        await scroller.evaluate((el) => el.scrollTo(0, el.scrollHeight));
        return list.getByRole('listitem').last().getAttribute('aria-posinset');
      },
      { timeout: 20_000 },
    )
    .toBe('600');
  expect(await list.getByRole('listitem').count()).toBeLessThan(40);
});

test('a 5,000-message thread opens at the newest message and loads older ones on scroll-up', async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, 'admin@acme.test');
  await page.goto(`/inbox/s/${space}?conversation=${longConversation}`);
  const thread = page.getByRole('log', { name: 'Messages' });
  const items = thread.locator('ol > li');
  await expect(items.first()).toBeAttached();
  const firstPage = await items.count();
  expect(firstPage).toBeLessThan(200);
  await expect(items.last()).toBeInViewport();

  // Scrolling to the top brings the previous page, and what was on screen stays on screen.
  const scroller = page.locator('.tp-thread__scroll');
  const anchor = items.first();
  const anchorId = await anchor.evaluate((el) => el.textContent);
  await scroller.evaluate((el) => el.scrollTo(0, 0));
  await expect.poll(() => items.count()).toBeGreaterThan(firstPage);
  const stillThere = thread.locator('ol > li', { hasText: anchorId!.slice(-40) }).first();
  await expect(stillThere).toBeInViewport();

  // All the way up, page by page, to the start: scroll to the top whenever a page has come in.
  const started = Date.now();
  const reachedStart = await scroller.evaluate(async (el) => {
    const deadline = performance.now() + 90_000;
    const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
    while (performance.now() < deadline) {
      if (el.querySelector('.tp-thread__edge--start')) return true;
      el.scrollTop = 0;
      await frame();
    }
    return false;
  });
  expect(reachedStart).toBe(true);
  expect(await items.count()).toBeGreaterThanOrEqual(5_000);
  console.log(`scrolled through 5,000 messages to the start in ${Date.now() - started} ms`);
});
