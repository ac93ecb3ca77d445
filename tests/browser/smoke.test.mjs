//! Smoke test: the built app starts from a sub-folder, under its strict CSP, on a phone and a desktop.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { baseUrl, launch, openApp, screenshot } from './harness.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

for (const [width, height] of [
  [390, 844],
  [1440, 900],
]) {
  test(`app starts at ${width}x${height} from ${baseUrl}`, async () => {
    const page = await openApp(browser, { width, height });
    try {
      const heading = page.getByRole('heading', { name: /Elos/ }).first();
      await heading.waitFor({ state: 'visible', timeout: 15_000 });
      await screenshot(page, `smoke-${width}x${height}`);

      assert.deepEqual(page.pageErrors, [], 'uncaught errors in the page');
      assert.deepEqual(page.consoleErrors, [], 'console errors');
      assert.deepEqual(page.cspViolations, [], 'Content-Security-Policy violations');
      assert.deepEqual(page.failedRequests, [], 'failed requests');

      // Served from a sub-folder, every asset must be fetched relative to it.
      const csp = await page.evaluate(
        () => document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.content ?? '',
      );
      assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'/, 'CSP meta tag');
      const outside = page.requestedUrls.filter((url) => !url.startsWith(baseUrl) && !url.startsWith('data:'));
      assert.deepEqual(outside, [], 'requests outside the app folder');
    } finally {
      await page.context().close();
    }
  });
}
