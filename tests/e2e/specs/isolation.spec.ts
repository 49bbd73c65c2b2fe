import { test, expect, expectNoAxeViolations, inbound, freshNumber } from '../fixtures';
import type { Locator, Page } from '@playwright/test';
import { bundleOf, bearerToken, type Bundle } from '../portal';

// Issue 15: the app mounted into a shadow root (`shadow: true`) holds against a host page with
// genuinely hostile CSS, and leaves the host's own elements alone; unmounting leaves nothing
// running behind; two mounts on one page keep to themselves.

// Room for the host's header and the slot below it.
test.use({ viewport: { width: 1280, height: 1000 } });

/** CSS a careless portal could ship: a universal reset, element rules with `!important`, a big
 *  root font size and line height, inherited text styles, a dark body. */
const HOSTILE_CSS = `
  html { font-size: 28px; line-height: 3; }
  body { background: #101418; color: #39ff14; font-family: "Courier New", monospace; letter-spacing: 2px;
         text-transform: uppercase; word-spacing: 6px; margin: 40px; }
  * { all: revert; box-sizing: content-box; margin: 10px; }
  a, a:visited { color: magenta !important; text-decoration: underline wavy !important; font-weight: 900 !important; }
  h1, h2, h3 { text-transform: lowercase !important; font-size: 3em !important; color: orange !important; }
  button, input { background: yellow !important; border: 4px dashed red !important; padding: 12px !important;
                  font-size: 24px !important; border-radius: 0 !important; }
  ul, li { list-style: square !important; padding: 20px !important; margin: 20px !important; }
  svg { width: 64px !important; height: 64px !important; fill: red !important; stroke: red !important; }
  div, span, p { line-height: 4 !important; }
`;

/** The slot is the host's to place and size: both pages give it the same box, on whole pixels. */
const SLOT_CSS = `#inbox-slot { display: block !important; position: absolute !important; top: 240px !important;
  left: 40px !important; width: 1100px !important; height: 720px !important;
  margin: 0 !important; padding: 0 !important; border: 0 !important; overflow: hidden !important; }`;

/** A portal page with the host's own header and menu, the app in #inbox-slot, mounted with
 *  `config` (the bundle's stylesheets go to the shadow root, not to the page), and `script`
 *  after it. `hostile` adds HOSTILE_CSS. */
function portalPage(bundle: Bundle, config: Record<string, unknown>, { hostile = false, script = '' } = {}) {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>TextPeak Portal</title><link rel="icon" href="data:,">
<style>${hostile ? HOSTILE_CSS : ''}${SLOT_CSS}</style></head>
<body>
  <header id="portal-header"><h1 id="portal-title">TextPeak Portal</h1>
    <nav aria-label="Portal"><ul><li><a id="portal-link" href="/portal/home">Home</a></li></ul></nav>
    <button id="portal-button" type="button">Help</button>
    <input id="portal-search" aria-label="Search the portal">
    <svg id="portal-icon" width="16" height="16" viewBox="0 0 10 10" aria-hidden="true"><circle cx="5" cy="5" r="4"/></svg>
  </header>
  <main><div id="inbox-slot"></div></main>
  <script type="module">
    import init, { mountInbox } from '${bundle.js}';
    await init({ module_or_path: '${bundle.wasm}' });
    window.mountInboxIn = mountInbox;
    window.inbox = mountInbox(document.getElementById('inbox-slot'), ${JSON.stringify({ ...config, shadow: true, styles: bundle.css })});
    ${script}
  </script>
</body>
</html>`;
}

async function openPortal(page: Page, html: string, path = '/portal/inbox') {
  await page.route('**/portal/**', (route) => route.fulfill({ contentType: 'text/html', body: html }));
  await page.goto(path);
}

const HOST_ELEMENTS = ['#portal-header', '#portal-title', '#portal-link', '#portal-button', '#portal-search', '#portal-icon', 'body'];
const STYLE_PROPERTIES = [
  'color', 'background-color', 'font-family', 'font-size', 'font-weight', 'line-height', 'letter-spacing',
  'text-transform', 'text-decoration-line', 'margin-top', 'margin-left', 'padding-top', 'padding-left',
  'border-top-width', 'border-top-style', 'box-sizing', 'width', 'height', 'list-style-type', 'display',
];

/** The computed styles of the host's own elements (the app must change none of them). */
function hostStyles(page: Page) {
  return page.evaluate(
    ([selectors, properties]) =>
      selectors.map((selector) => {
        const style = getComputedStyle(document.querySelector(selector)!);
        return [selector, properties.map((p) => `${p}: ${style.getPropertyValue(p)}`)];
      }),
    [HOST_ELEMENTS, STYLE_PROPERTIES] as const,
  );
}

/** The computed styles and boxes, relative to the slot, of the app's elements that the hostile
 *  rules aim at (they are found inside the shadow root). */
function appStyles(slot: Locator) {
  return slot.evaluate((host, properties) => {
    const root = host.shadowRoot!;
    const origin = host.getBoundingClientRect();
    const picked = ['h1', 'h2', 'a', 'button', 'input', 'ul', 'li', 'svg', 'p', 'label', '.tp-app']
      .flatMap((tag) => [...root.querySelectorAll(tag)].slice(0, 3).map((el, i) => [`${tag}#${i}`, el] as const));
    return picked.map(([name, el]) => {
      const style = getComputedStyle(el);
      const box = el.getBoundingClientRect();
      return [
        name,
        `${Math.round(box.x - origin.x)},${Math.round(box.y - origin.y)} ${Math.round(box.width)}x${Math.round(box.height)}`,
        ...properties.map((p) => `${p}: ${style.getPropertyValue(p)}`),
      ];
    });
  }, STYLE_PROPERTIES);
}

/** How many pixels of two same-sized PNGs differ by more than a rounding in any channel (the
 *  browser decodes and compares them). */
async function differingPixels(page: Page, a: Buffer, b: Buffer): Promise<number> {
  return page.evaluate(async ([a, b]) => {
    const pixels = async (png: string) => {
      const image = await createImageBitmap(await (await fetch(`data:image/png;base64,${png}`)).blob());
      const canvas = new OffscreenCanvas(image.width, image.height);
      const context = canvas.getContext('2d')!;
      context.drawImage(image, 0, 0);
      return context.getImageData(0, 0, image.width, image.height);
    };
    const [x, y] = [await pixels(a), await pixels(b)];
    if (x.width !== y.width || x.height !== y.height) throw new Error(`sizes differ: ${x.width}x${x.height} and ${y.width}x${y.height}`);
    let differ = 0;
    for (let i = 0; i < x.data.length; i += 4) {
      if ([0, 1, 2, 3].some((c) => Math.abs(x.data[i + c] - y.data[i + c]) > 2)) differ += 1;
    }
    return differ;
  }, [a.toString('base64'), b.toString('base64')] as const);
}

test('under a hostile host stylesheet the app looks the same, and it changes nothing of the host', async ({ page }) => {
  const bundle = await bundleOf(page);
  const slot = page.locator('#inbox-slot');
  const config = { basePath: '/portal', frame: false };

  // Signed out, the app shows its sign-in page: no data that could change between the loads.
  await openPortal(page, portalPage(bundle, config));
  await expect(slot.getByRole('heading', { name: 'Sign in to TextPeak' })).toBeVisible();
  await page.evaluate(() => document.fonts.ready);
  const polite = { shot: await slot.screenshot({ animations: 'disabled' }), styles: await appStyles(slot) };
  await slot.screenshot({ path: 'screenshots/isolation-polite-sign-in.png' });

  await openPortal(page, portalPage(bundle, config, { hostile: true, script: 'window.hostReady = true;' }));
  await expect(slot.getByRole('heading', { name: 'Sign in to TextPeak' })).toBeVisible();
  await page.evaluate(() => document.fonts.ready);
  const hostile = { shot: await slot.screenshot({ animations: 'disabled' }), styles: await appStyles(slot) };
  await page.screenshot({ path: 'screenshots/isolation-hostile-sign-in.png' });
  expect(hostile.styles).toEqual(polite.styles);
  expect(await differingPixels(page, hostile.shot, polite.shot), 'pixels that differ between the two hosts').toBe(0);

  // The hostile host's own elements keep the styles they have without the app.
  await page.route('**/portal/**', (route) =>
    route.fulfill({ contentType: 'text/html', body: portalPage(bundle, config, { hostile: true }).replace(/<script type="module">[\s\S]*<\/script>/, '') }),
  );
  await page.goto('/portal/inbox');
  const without = await hostStyles(page);
  await openPortal(page, portalPage(bundle, config, { hostile: true }));
  await expect(slot.getByRole('heading', { name: 'Sign in to TextPeak' })).toBeVisible();
  expect(await hostStyles(page)).toEqual(without);

  // Signed in, the dashboard holds too, and axe finds nothing wrong inside the shadow root.
  const token = await bearerToken(page, 'agent@acme.test');
  const signedIn = { ...config, auth: 'bearer', token };
  await openPortal(page, portalPage(bundle, signedIn), '/portal/inbox');
  await expect(slot.getByRole('heading', { level: 1 })).toHaveText('Support');
  await expect(slot.getByRole('list', { name: 'Conversations' }).getByRole('link').first()).toBeVisible();
  const politeDashboard = await appStyles(slot);
  await openPortal(page, portalPage(bundle, signedIn, { hostile: true }), '/portal/inbox');
  await expect(slot.getByRole('heading', { level: 1 })).toHaveText('Support');
  await expect(slot.getByRole('list', { name: 'Conversations' }).getByRole('link').first()).toBeVisible();
  expect(await appStyles(slot)).toEqual(politeDashboard);
  await page.screenshot({ path: 'screenshots/isolation-hostile-dashboard.png' });
  await expectNoAxeViolations(page);
});

/** Counts, from before the bundle runs, the listeners the app's bundle put on window and
 *  document that are still attached, and its intervals and timeouts still pending (what
 *  Playwright and the page add themselves is not the app's). */
function countWhatRuns() {
  const w = window as unknown as { running: () => { listeners: number; intervals: number; timeouts: number } };
  const fromApp = () => (new Error().stack ?? '').includes('textpeak-inbox');
  const listeners = new Set<string>();
  const ids = new WeakMap<object, number>();
  let next = 0;
  const idOf = (fn: object) => ids.get(fn) ?? (ids.set(fn, ++next), next);
  const keyOf = (target: EventTarget, type: string, fn: unknown, options: unknown) =>
    `${target === window ? 'window' : 'document'} ${type} ${idOf(fn as object)} ${typeof options === 'boolean' ? options : !!(options as { capture?: boolean })?.capture}`;
  const add = EventTarget.prototype.addEventListener;
  const remove = EventTarget.prototype.removeEventListener;
  EventTarget.prototype.addEventListener = function (this: EventTarget, type: string, fn: unknown, options?: unknown) {
    if ((this === window || this === document) && fn && fromApp()) {
      const key = keyOf(this, type, fn, options);
      listeners.add(key);
      (options as { signal?: AbortSignal })?.signal?.addEventListener('abort', () => listeners.delete(key));
    }
    return add.call(this, type, fn as EventListener, options as AddEventListenerOptions);
  };
  EventTarget.prototype.removeEventListener = function (this: EventTarget, type: string, fn: unknown, options?: unknown) {
    if ((this === window || this === document) && fn) listeners.delete(keyOf(this, type, fn, options));
    return remove.call(this, type, fn as EventListener, options as EventListenerOptions);
  };
  const intervals = new Set<number>();
  const timeouts = new Set<number>();
  const [setI, clearI, setT, clearT] = [window.setInterval, window.clearInterval, window.setTimeout, window.clearTimeout];
  window.setInterval = ((fn: TimerHandler, ms?: number, ...rest: unknown[]) => {
    const id = setI(fn, ms, ...rest);
    if (fromApp()) intervals.add(id);
    return id;
  }) as typeof window.setInterval;
  window.clearInterval = (id?: number) => {
    intervals.delete(id!);
    clearI(id);
  };
  window.setTimeout = ((fn: TimerHandler, ms?: number, ...rest: unknown[]) => {
    const id: number = setT(() => {
      timeouts.delete(id);
      if (typeof fn === 'function') (fn as (...a: unknown[]) => void)(...rest);
    }, ms);
    if (fromApp()) timeouts.add(id);
    return id;
  }) as typeof window.setTimeout;
  window.clearTimeout = (id?: number) => {
    timeouts.delete(id!);
    clearT(id);
  };
  w.running = () => ({ listeners: listeners.size, intervals: intervals.size, timeouts: timeouts.size });

}

type Running = { listeners: number; intervals: number; timeouts: number };
type Steered = { inbox: { unmount(): void; navigate(p: string): void }; mountInboxIn: (...a: unknown[]) => unknown; running(): Running; before: Running };

test('unmount leaves no node, listener, timer, stream or request behind, and a remount works', async ({ page }) => {
  const bundle = await bundleOf(page);
  const token = await bearerToken(page, 'agent@acme.test');
  await page.context().clearCookies();
  await page.addInitScript(countWhatRuns);
  const config = { basePath: '/portal', auth: 'bearer', token, frame: false };
  // What runs on the page before the app mounts (Playwright's and the page's own).
  const html = portalPage(bundle, config).replace('window.mountInboxIn = mountInbox;', 'window.mountInboxIn = mountInbox; window.before = window.running();');
  const stream = page.waitForResponse((r) => r.url().includes('/api/events') && r.status() === 200);
  await openPortal(page, html);
  const slot = page.locator('#inbox-slot');
  await expect(slot.getByRole('heading', { level: 1 })).toHaveText('Support');
  await stream;
  // Open a conversation and start typing: presence, the composer's drafts and timers run.
  await slot.getByRole('list', { name: 'Conversations' }).getByRole('link').first().click();
  await slot.getByRole('textbox', { name: 'Write a reply' }).fill('Half a thought');
  const running = await page.evaluate(() => (window as unknown as Steered).running());
  const before = await page.evaluate(() => (window as unknown as Steered).before);
  expect(running.listeners, 'the app listens on the window while mounted').toBeGreaterThan(before.listeners);

  const closed = page.waitForEvent('requestfailed', (r) => r.url().includes('/api/events'));
  await page.evaluate(() => (window as unknown as Steered).inbox.unmount());
  await closed;
  await expect(page.locator('#inbox-slot *')).toHaveCount(0);
  expect(await slot.evaluate((el) => el.shadowRoot!.childNodes.length), 'the shadow root is left empty').toBe(0);
  // Timeouts already started may still fire once; after that nothing of the app is left.
  await expect.poll(() => page.evaluate(() => (window as unknown as Steered).running()), { timeout: 15_000 }).toEqual(before);
  const late: string[] = [];
  page.on('request', (r) => late.push(r.url()));
  await page.waitForTimeout(3_000);
  expect(late, 'no request after unmount').toEqual([]);

  // Mounting into the same element (its shadow root taken up again) works.
  const again = page.waitForResponse((r) => r.url().includes('/api/events') && r.status() === 200);
  await page.evaluate((c) => {
    const w = window as unknown as Steered;
    w.inbox = w.mountInboxIn(document.getElementById('inbox-slot'), c) as Steered['inbox'];
  }, { ...config, shadow: true, styles: bundle.css });
  await expect(slot.getByRole('heading', { level: 1 })).toHaveText('Support');
  await again;
});

test('two mounts on one page keep their own user, space, theme and live stream', async ({ page }) => {
  const bundle = await bundleOf(page);
  const [agent, admin] = [await bearerToken(page, 'agent@acme.test'), await bearerToken(page, 'admin@acme.test')];
  await page.context().clearCookies();
  const second = `
    const other = document.createElement('div');
    other.id = 'second-slot';
    document.querySelector('main').append(other);
    window.second = mountInbox(other, ${JSON.stringify({ basePath: '/portal', auth: 'bearer', token: admin, frame: true, theme: 'dark', shadow: true, styles: bundle.css })});`;
  await openPortal(page, portalPage(bundle, { basePath: '/portal', auth: 'bearer', token: agent, frame: false }, { script: second }));
  const first = page.locator('#inbox-slot');
  const other = page.locator('#second-slot');
  await expect(first.getByRole('heading', { level: 1 })).toHaveText('Support');
  await expect(other.getByRole('heading', { level: 1 })).toBeVisible();
  // Each mount is signed in as its own user, with its own frame and theme.
  await expect(first.getByRole('navigation', { name: 'Main menu' })).toHaveCount(0);
  await expect(other.getByRole('navigation', { name: 'Main menu' })).toBeVisible();
  await expect(other.getByRole('link', { name: 'Inbox settings' })).toBeVisible();
  await expect(first.locator('.tp-app')).toHaveAttribute('data-theme', 'light');
  await expect(other.locator('.tp-app')).toHaveAttribute('data-theme', 'dark');
  // Keys pressed in one mount are its own: `/` in the first focuses the first one's search.
  await first.getByRole('list', { name: 'Conversations' }).getByRole('link').first().focus();
  await page.keyboard.press('/');
  await expect(first.getByRole('searchbox')).toBeFocused();

  // Unmounting the second leaves the first running, live updates included.
  await page.evaluate(() => (window as unknown as { second: { unmount(): void } }).second.unmount());
  await expect(page.locator('#second-slot *')).toHaveCount(0);
  const text = `Two mounts ${Date.now()}`;
  await inbound('+442079460123', freshNumber('+4477031'), text);
  await expect(first.getByRole('list', { name: 'Conversations' }).getByRole('link').first()).toContainText(text);
});
