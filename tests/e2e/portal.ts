import { expect, Page } from '@playwright/test';

/** What a portal page loads to run the app: its module, its WebAssembly and its stylesheets
 *  (the standalone page's own one aside), as index.html names them. With `origin`, as
 *  absolute URLs on that origin (a portal on another origin). */
export type Bundle = { js: string; wasm: string; css: string[] };

export async function bundleOf(page: Page, origin = ''): Promise<Bundle> {
  const index = await (await page.request.get(`${origin}/`)).text();
  const at = (path: string) => (origin ? new URL(path, `${origin}/`).toString() : path);
  return {
    js: at(index.match(/import init, \* as bindings from '([^']+)'/)![1]),
    wasm: at(index.match(/module_or_path: '([^']+)'/)![1]),
    css: [...index.matchAll(/<link rel="stylesheet" href="([^"]+)"/g)]
      .map((m) => m[1])
      .filter((href) => !href.includes('standalone'))
      .map(at),
  };
}

/** A bearer token for `email`, as the portal gets one when its user signs in. */
export async function bearerToken(page: Page, email: string): Promise<string> {
  const signIn = await page.request.post('/api/session', { data: { email, password: 'demo', bearer: true } });
  expect(signIn.status()).toBe(200);
  return (await signIn.json()).token;
}
