//! The Content-Security-Policy with proof: every view of the built page runs without a single
//! violation (the harness collects `securitypolicyviolation` events from before the first
//! script), and a copy of the page with one inline script and one style attribute added
//! reports both — so this test can fail.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { fixturesUrl, launch, mapCity, mapReady, openApp, openUrl, serveEditedCopy } from './harness.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** Lets late reports (a violation is reported after the fact) arrive before asserting. */
const settle = (page) => page.waitForTimeout(400);

async function expectNoViolation(page, view) {
  await settle(page);
  assert.deepEqual(page.cspViolations, [], `CSP violations on ${view}`);
  assert.deepEqual(page.pageErrors, [], `uncaught errors on ${view}`);
}

test('no CSP violation on the map, a tooltip, the details, the filters, search, play, the table and another language', async () => {
  const page = await openApp(browser, { query: { lang: 'en' } });
  try {
    await mapReady(page);
    await expectNoViolation(page, 'the map');
    // A tooltip is placed through CSS variables (the CSSOM, which the policy allows).
    const label = mapCity(page, /Kitakyushu/);
    await label.waitFor();
    const cx = Number(await label.getAttribute('data-cx'));
    const cy = Number(await label.getAttribute('data-cy'));
    const frame = await page.locator('.map-frame').boundingBox();
    await page.mouse.move(frame.x + cx, frame.y + cy);
    await page.locator('.map-tip:not([hidden])').waitFor({ timeout: 5_000 });
    await expectNoViolation(page, 'a tooltip');
    await label.click();
    await page.locator('aside.details').waitFor();
    await expectNoViolation(page, 'the details panel');
    await page.getByRole('button', { name: /^Filter/ }).click();
    await page.locator('#filter-panel fieldset').first().waitFor();
    await expectNoViolation(page, 'the filter panel');
    await page.getByRole('combobox', { name: /Search/ }).fill('bog');
    await page.getByRole('option').first().waitFor();
    await expectNoViolation(page, 'the search results');
    await page.getByRole('button', { name: /Play/ }).click();
    await page.waitForTimeout(600);
    await page.getByRole('button', { name: /Pause/ }).click();
    await expectNoViolation(page, 'play');
    await page.getByRole('button', { name: 'Table' }).click();
    await page.locator('table.links tbody tr').first().waitFor();
    await expectNoViolation(page, 'the table');
    // Another language's catalogue is fetched (connect-src 'self').
    await page.getByRole('combobox', { name: 'Language' }).selectOption('es');
    await page.getByRole('button', { name: 'Tabla' }).waitFor();
    await expectNoViolation(page, 'Spanish');
    assert.deepEqual(page.consoleErrors, []);
  } finally {
    await page.context().close();
  }
});

test('no CSP violation on the error panel, a refused address or a phone', async () => {
  for (const query of [
    { lang: 'en', data: `${fixturesUrl}hostile/many-problems.json` },
    { lang: 'en', data: 'https://elsewhere.example/fake.json' },
    { lang: 'en', data: `${fixturesUrl}hostile-text/text.json` },
  ]) {
    const page = await openApp(browser, { query, width: 390, height: 844 });
    try {
      await page.locator(':root:not(.mounting) section.problems, :root:not(.mounting) svg.map-layers path.mk').first().waitFor({ state: 'attached', timeout: 15_000 });
      await expectNoViolation(page, JSON.stringify(query));
    } finally {
      await page.context().close();
    }
  }
});

// Embedding (`embed=1`: the compact widget and the full explorer in a frame, the "Embed this
// view" dialog with its live preview) and present mode (a flight to the next step, the keys
// overlay, the kiosk, the presenter view in its own window).
test('no CSP violation in the embed and present modes', async () => {
  const cases = [
    { query: { lang: 'en', embed: '1' }, width: 400 },
    { query: { lang: 'en', embed: '1', scheme: 'dark', accent: 'ffcc00', transparent: '1' }, width: 1280 },
    {
      query: { lang: 'en', city: 'ipatinga' },
      act: async (page) => {
        await page.getByRole('button', { name: 'Embed', exact: true }).click();
        await page.getByRole('dialog').locator('iframe').waitFor({ state: 'attached' });
      },
    },
    {
      query: { lang: 'en', mode: 'present' },
      act: async (page) => {
        await page.locator('.stage-counter').filter({ hasText: '1 / ' }).waitFor({ timeout: 15_000 });
        await page.keyboard.press('ArrowRight');
        await page.locator('.stage-counter').filter({ hasText: '2 / ' }).waitFor();
        await page.keyboard.press('?');
        await page.getByRole('dialog').waitFor();
      },
    },
    { query: { lang: 'en', mode: 'present', autoplay: '1', loop: '1' } },
    {
      query: { lang: 'en', mode: 'present' },
      act: async (page) => {
        await page.locator('.stage-counter').filter({ hasText: '1 / ' }).waitFor({ timeout: 15_000 });
        const [view] = await Promise.all([page.context().waitForEvent('page'), page.keyboard.press('s')]);
        // The presenter view is another page of the same context: its violations (and the
        // dialog's preview frame's) are reported into this page's list too.
        await view.locator('.presenter-status').waitFor({ timeout: 15_000 });
        await view.waitForTimeout(1000);
      },
    },
  ];
  for (const { query, width = 1440, act } of cases) {
    const page = await openApp(browser, { query, width });
    try {
      await mapReady(page);
      if (act) await act(page);
      await page.waitForTimeout(1500);
      await expectNoViolation(page, JSON.stringify(query));
    } finally {
      await page.context().close();
    }
  }
});

test('negative control: a copy of the page with an inline script and a style attribute reports both', async () => {
  const copy = await serveEditedCopy((html) =>
    html
      .replace('</head>', '<script>window.__elosInlineRan = true;</script></head>')
      .replace('<body>', '<body><p style="color: red">inline style</p>'),
  );
  const page = await openUrl(browser, copy.url);
  try {
    await page.waitForFunction(() => document.readyState === 'complete');
    await settle(page);
    const directives = page.cspViolations.map((v) => v.directive);
    assert.ok(directives.includes('script-src-elem'), `the inline script is reported: ${directives}`);
    assert.ok(directives.includes('style-src-attr'), `the style attribute is reported: ${directives}`);
    assert.equal(await page.evaluate(() => window.__elosInlineRan), undefined, 'and it did not run');
  } finally {
    await page.context().close();
    await copy.close();
  }
});
