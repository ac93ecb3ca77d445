//! Hostile text everywhere (issue 15): the corpus of tests/data/hostile-text/ — markup, event
//! handlers, `javascript:`/`data:` addresses, bidi overrides, zero-width, 10,000-character,
//! right-to-left, emoji, NUL and formula payloads — in every text field of a dataset and in
//! every URL parameter. Nothing runs, no element is made from data, only https addresses are
//! links, the page is never wider than the window, and the CSV neutralises formulas.
//! Screenshots: tests/artifacts/hostile-*.png.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import { fixturesUrl, launch, mapReady, openApp, parseCsv, screenshot } from './harness.mjs';

const corpus = JSON.parse(readFileSync(new URL('../data/hostile-text/payloads.json', import.meta.url), 'utf8'));
const TEXT = `${fixturesUrl}hostile-text/text.json`;
const URLS = `${fixturesUrl}hostile-text/urls.json`;

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/**
 * What a payload that ran would leave behind, and what the page may not contain: the scripts
 * are the build's own three (loader, fallback, the `#elos-site` data block); no element a
 * payload names exists; no attribute is an event handler; every link is https or the page's own.
 */
async function assertNothingRan(page, where) {
  const report = await page.evaluate(() => {
    const all = [...document.querySelectorAll('*')];
    return {
      pwned: globalThis.__elosPwned ?? null,
      scripts: [...document.scripts].map((s) => s.id || s.src.replace(/.*\//, '') || s.type),
      foreign: all
        .filter((e) => ['IMG', 'IFRAME', 'OBJECT', 'EMBED', 'BASE', 'META', 'LINK', 'STYLE'].includes(e.tagName.toUpperCase()))
        .filter((e) => !document.head.contains(e))
        .map((e) => e.outerHTML.slice(0, 80)),
      handlers: all.flatMap((e) => [...e.attributes].filter((a) => /^on/i.test(a.name)).map((a) => `${e.tagName} ${a.name}`)),
      badLinks: [...document.body.querySelectorAll('a[href], area[href], [*|href]')]
        .map((a) => a.getAttribute('href') ?? a.getAttributeNS('http://www.w3.org/1999/xlink', 'href'))
        .filter((href) => {
          try {
            const url = new URL(href, location.href);
            return !(url.protocol === 'https:' || url.origin === location.origin);
          } catch {
            return true;
          }
        }),
    };
  });
  assert.equal(report.pwned, null, `a payload ran on ${where}`);
  assert.deepEqual(page.dialogs, [], `a payload opened a dialog on ${where}`);
  assert.ok(report.scripts.length <= 3, `only the build's scripts on ${where}: ${report.scripts}`);
  assert.deepEqual(report.foreign, [], `elements made from data on ${where}`);
  assert.deepEqual(report.handlers, [], `event-handler attributes on ${where}`);
  assert.deepEqual(report.badLinks, [], `links that are not https on ${where}`);
  assert.deepEqual(page.cspViolations, [], `CSP violations on ${where}`);
  assert.deepEqual(page.pageErrors, [], `uncaught errors on ${where}`);
}

/** The page is never wider than the window: a 10,000-character name wraps or is cut short. */
async function assertNotWider(page, where) {
  const { scroll, width } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    width: document.documentElement.clientWidth,
  }));
  assert.ok(scroll <= width + 1, `the page is ${scroll}px wide in a ${width}px window on ${where}`);
}

for (const [lang, width, height] of [
  ['pt-BR', 1440, 900],
  ['en', 390, 844],
]) {
  test(`hostile text in every field (${lang}, ${width}×${height}): shown as text, never run, page not widened`, async () => {
    const page = await openApp(browser, { query: { lang, data: TEXT }, width, height });
    try {
      await mapReady(page);
      await page.locator('.timeline').first().waitFor();
      await page.waitForTimeout(500);
      await assertNothingRan(page, 'the map and timeline');
      await assertNotWider(page, 'the map and timeline');
      await screenshot(page, `hostile-map-${lang}-${width}x${height}`);

      // Every map label and timeline item, chosen in turn, opens its details.
      const labels = page.locator('svg.map-layers text');
      const count = Math.min(await labels.count(), 6);
      assert.ok(count > 0, 'the hostile cities have labels on the map');
      for (let i = 0; i < count; i++) {
        await labels.nth(i).click({ force: true });
        await page.locator('aside.details').waitFor();
      }
      await assertNothingRan(page, 'the details');
      await assertNotWider(page, 'the details');
      await screenshot(page, `hostile-details-${lang}-${width}x${height}`);

      // The source links are the dataset's https addresses, one of which tries to close
      // the attribute: it is an href, not markup.
      const hrefs = await page.locator('aside.details a[href]').evaluateAll((as) => as.map((a) => a.href));
      for (const href of hrefs) assert.match(href, /^https:\/\//);

      const filter = page.getByRole('button', { name: lang === 'en' ? /^Filter/ : /^Filtrar/ });
      await filter.click();
      await page.locator('#filter-panel fieldset').first().waitFor();
      await assertNothingRan(page, 'the filter panel');
      await assertNotWider(page, 'the filter panel');
      await screenshot(page, `hostile-filters-${lang}-${width}x${height}`);
      await filter.click();

      await page.getByRole('combobox', { name: lang === 'en' ? /Search/ : /Buscar/ }).fill('synthetic');
      await page.getByRole('option').first().waitFor();
      await assertNothingRan(page, 'the search results');
      await page.keyboard.press('Escape');

      await page.getByRole('button', { name: lang === 'en' ? 'Table' : 'Tabela', exact: true }).click();
      await page.locator('table.links tbody tr').first().waitFor();
      await assertNothingRan(page, 'the table');
      await assertNotWider(page, 'the table');
      await screenshot(page, `hostile-table-${lang}-${width}x${height}`);
      // The payloads are there, as text.
      const tableText = await page.locator('table.links').innerText();
      assert.ok(tableText.includes('<img src=x onerror='), 'markup is shown as text');

      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: lang === 'en' ? /CSV/ : /CSV/ }).click(),
      ]);
      const csv = await readFile(await download.path(), 'utf8');
      const cells = parseCsv(csv.replace(/^\ufeff/, '')).flat();
      assert.ok(cells.length > 20, 'the CSV has the rows');
      const formulas = cells.filter((c) => /^[=+\-@\t\r]/.test(c));
      assert.deepEqual(formulas, [], 'no cell a spreadsheet would read as a formula');
      assert.ok(cells.some((c) => c.startsWith("'=HYPERLINK")), 'the formula payload is kept, neutralised');
      assert.ok(!csv.includes('\u2068'), 'no isolate characters in the CSV');
    } finally {
      await page.context().close();
    }
  });
}

test('a dataset whose addresses are not https is refused with a problem per address; none becomes a link', async () => {
  const page = await openApp(browser, { query: { lang: 'en', data: URLS } });
  try {
    const panel = page.locator('section.problems');
    await panel.waitFor({ timeout: 15_000 });
    const codes = await panel.locator('.code').allInnerTexts();
    const urlFields = (readFileSync(new URL('../data/hostile-text/urls.json', import.meta.url), 'utf8').match(/"(url|website)":/g) ?? []).length;
    assert.equal(codes.filter((c) => c.includes('insecure-url')).length, urlFields, 'one problem per address');
    await assertNothingRan(page, 'the problems panel');
    await assertNotWider(page, 'the problems panel');
    await screenshot(page, 'hostile-urls-refused');
  } finally {
    await page.context().close();
  }
});

/** Every parameter the page reads, and one it does not. */
const PARAMETERS = ['lang', 'city', 'sel', 'view', 'kind', 'theme', 'country', 'continent', 'status', 'network', 'q', 'sort', 'from', 'to', 'hide', 'mode', 'tour', 'step'];

test('hostile text in every URL parameter: nothing runs, the notice shows it as text, the page keeps its width', async () => {
  const payloads = corpus.payloads.map(([, p]) => p).filter((p) => !p.includes('\u0000'));
  for (const [i, payload] of payloads.entries()) {
    const query = new URLSearchParams();
    for (const name of PARAMETERS) query.set(name, payload);
    query.set(payload, payload);
    // `lang` and `data` decide what loads: the first must not block the page, the second is tried alone below.
    query.set('lang', i % 2 ? 'en' : payload);
    const page = await openApp(browser, { query: query.toString(), width: 390, height: 844 });
    try {
      await mapReady(page);
      await page.waitForTimeout(300);
      await assertNothingRan(page, `parameters = payload ${i}`);
      await assertNotWider(page, `parameters = payload ${i}`);
      // The notice repeats at most 60 characters of a value: a 10,000-character one is cut.
      const notice = await page.locator('.notice').allInnerTexts();
      assert.ok(notice.join('').length < 4000, `the notice is ${notice.join('').length} characters long`);
      if (i === 0 || i === 8) await screenshot(page, `hostile-parameters-${i}`);
    } finally {
      await page.context().close();
    }
  }
});

test('hostile ?data= addresses are refused with a message in the page language, never fetched', async () => {
  for (const data of [...corpus.bad_urls, ...corpus.payloads.slice(0, 6).map(([, p]) => p)]) {
    const page = await openApp(browser, { query: { lang: 'en', data } });
    try {
      await page.locator('section.problems').waitFor({ timeout: 15_000 });
      const text = await page.locator('section.problems').innerText();
      assert.ok(!/TypeError|Failed to fetch/.test(text), `no browser error text: ${text}`);
      await assertNothingRan(page, `data=${data.slice(0, 40)}`);
      await assertNotWider(page, `data=${data.slice(0, 40)}`);
      const fetched = page.requestedUrls.filter((u) => !u.startsWith(new URL(fixturesUrl).origin));
      assert.deepEqual(fetched, [], 'nothing asked of another site');
    } finally {
      await page.context().close();
    }
  }
});

test('a ?data= file on the page’s own site is asked for once, by the page before the app starts; another site’s is left to the app, which refuses it unasked', async () => {
  const own = await openApp(browser, { query: { lang: 'en', data: TEXT } });
  try {
    await mapReady(own);
    const entries = await own.evaluate(
      (file) => performance.getEntriesByType('resource').filter((e) => e.name === file).map((e) => e.initiatorType),
      TEXT,
    );
    assert.equal(own.requestedUrls.filter((u) => u === TEXT).length, 1, `one request for the dataset: ${own.requestedUrls.join(' ')}`);
    assert.equal(entries.length, 1, JSON.stringify(entries));
    assert.equal(entries[0], 'link', 'asked for by the preload (fallback.js, which runs before the loader), and the app took that answer');
    assert.equal(await own.locator('section.problems').count(), 0, 'the dataset shows');
  } finally {
    await own.context().close();
  }

  // The same file by another origin (localhost for 127.0.0.1): not in the site's rule.
  const other = new URL(TEXT);
  other.hostname = other.hostname === 'localhost' ? '127.0.0.1' : 'localhost';
  const page = await openApp(browser, { query: { lang: 'en', data: other.href } });
  try {
    await page.locator('section.problems').waitFor({ timeout: 15_000 });
    assert.equal(await page.locator('link[rel=preload][href*="hostile-text"]').count(), 0);
    assert.deepEqual(page.requestedUrls.filter((u) => new URL(u).hostname === other.hostname), [], 'nothing asked of the other site');
  } finally {
    await page.context().close();
  }
});
