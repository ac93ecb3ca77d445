//! Resource limits and failed downloads (issue 15): a file over 50 MB, nesting deeper than the
//! limit, a million cities, a 404, an HTML error page served as 200 (with either type), a wrong
//! content type, a truncated gzip body and a server slower than the deadline each get their
//! own sentence from the catalogue — in pt-BR, en and es — and the page keeps the dataset it
//! showed. The answers are made by the test (`page.route`), on the page's own site.
//! `elos check` gives the same verdicts on the same files (crates/elos-core/tests/limits.rs,
//! crates/elos-cli).

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { after, before, test } from 'node:test';
import { appUrl, arcCount, fixturesUrl, launch, mapCity, mapReady, openApp, openUrl, screenshot, serveEditedCopy } from './harness.mjs';

const catalogue = (lang) =>
  JSON.parse(readFileSync(new URL(`../../crates/elos-core/locales/${lang}.json`, import.meta.url), 'utf8'));

/** A catalogue sentence as a pattern: its placeholders match anything. */
function sentence(lang, key) {
  const text = catalogue(lang)[key];
  const value = typeof text === 'string' ? text : text.other;
  const parts = value.split(/\{\w+\}/).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(parts.join('[\\s\\S]*'));
}

const LIMITS = `${fixturesUrl}limits/`;
const json = { 'content-type': 'application/json' };
const tooDeep = '['.repeat(200) + ']'.repeat(200);
const millionCities = `{"format": 1,\n "cities": [${'{},'.repeat(999_999)}{}]}`;
const dataset = readFileSync(new URL('../../public/data/example.json', import.meta.url));
const truncatedGzip = gzipSync(dataset).subarray(0, 2_000);

/** Each case: the file's name, how the server answers, and the sentence the page must show. */
const CASES = [
  { name: 'missing', answer: { status: 404, body: 'not found' }, key: 'fetch.not_found' },
  { name: 'server-error', answer: { status: 503, body: 'busy' }, key: 'fetch.status' },
  {
    name: 'html-200',
    answer: { status: 200, headers: { 'content-type': 'text/html' }, body: '<!doctype html><h1>Página não encontrada</h1>' },
    key: 'fetch.html_page',
  },
  {
    name: 'html-as-json',
    answer: { status: 200, headers: json, body: '<!DOCTYPE html><html><body>Erro</body></html>' },
    key: 'fetch.html_page',
  },
  { name: 'image', answer: { status: 200, headers: { 'content-type': 'image/png' }, body: 'PNG' }, key: 'fetch.content_type' },
  {
    name: 'huge',
    answer: { status: 200, headers: json, body: Buffer.alloc(50_000_001, 0x20) },
    key: 'fetch.too_large',
  },
  { name: 'deep', answer: { status: 200, headers: json, body: tooDeep }, key: 'problem.too-deep', problem: 'too-deep' },
  { name: 'million', answer: { status: 200, headers: json, body: millionCities }, key: 'problem.too-many', problem: 'too-many' },
];

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** Asks the page for another address through the data keeper's form in the footer. */
async function loadAddress(page, address) {
  const tools = page.locator('details.data-tools');
  if (!(await tools.evaluate((d) => d.open))) await tools.locator('summary').click();
  await tools.locator('input[type=text]').fill(address);
  await tools.locator('button[type=submit]').click();
}

/** What the page shows of the example: markers, arcs and Kitakyushu's label. */
async function shown(page) {
  return {
    arcs: await arcCount(page),
    kitakyushu: await mapCity(page, /Kitakyushu/).count(),
    timeline: await page.evaluate(() => document.querySelector('.timeline')?.textContent),
  };
}

for (const lang of ['pt-BR', 'en', 'es']) {
  test(`every failed download and limit has its own sentence in ${lang}, and the page keeps what it showed`, async () => {
    const page = await openApp(browser, { query: { lang, city: 'ipatinga' } });
    try {
      for (const { name, answer } of CASES) {
        await page.route(`${LIMITS}${name}.json`, (route) => route.fulfill(answer));
      }
      await mapReady(page);
      await mapCity(page, /Kitakyushu/).waitFor();
      const before = await shown(page);
      const panel = page.locator('section.problems');
      for (const { name, key, problem } of CASES) {
        await loadAddress(page, `${LIMITS}${name}.json`);
        const expected = sentence(lang, key);
        await page.waitForFunction(
          ([source, flags]) => new RegExp(source, flags).test(document.querySelector('section.problems')?.innerText ?? ''),
          [expected.source, expected.flags],
          { timeout: 20_000 },
        ).catch(async () => {
          assert.fail(`${name}: expected ${expected} in ${lang}, the panel says: ${await panel.innerText().catch(() => '(none)')}`);
        });
        const text = await panel.innerText();
        assert.match(text, sentence(lang, 'errors.kept'), `${name}: the page says it kept the data`);
        assert.ok(!/TypeError|Failed to fetch|NetworkError/.test(text), `${name}: no browser error text`);
        if (problem) assert.ok(text.includes(`[${problem}]`), `${name}: the problem's code ${problem}`);
        assert.deepEqual(await shown(page), before, `${name}: the map and timeline still show the example`);
        if (lang === 'pt-BR' && name === 'html-200') await screenshot(page, 'limits-html-200-pt-BR');
      }
      assert.deepEqual(page.pageErrors, []);
      assert.deepEqual(page.cspViolations, []);
    } finally {
      await page.context().close();
    }
  });
}

test('a gzip body cut off mid-way is told as a stopped download, retold in each language', async () => {
  // A real server: the browser's own decoding must fail (a routed answer is not decoded).
  const copy = await serveEditedCopy((html) => html, {
    'limits/truncated.json': (_request, response) => {
      response.writeHead(200, { ...json, 'content-encoding': 'gzip', 'content-length': String(truncatedGzip.length * 4) });
      response.write(truncatedGzip);
      setTimeout(() => response.socket.destroy(), 100);
    },
  });
  const page = await openUrl(browser, `${copy.url}?lang=pt-BR&city=ipatinga`);
  try {
    await mapReady(page);
    await mapCity(page, /Kitakyushu/).waitFor();
    const before = await shown(page);
    await loadAddress(page, `${copy.url}limits/truncated.json`);
    for (const [lang, label] of [['pt-BR', null], ['en', 'Idioma'], ['es', 'Language']]) {
      if (label) await page.getByRole('combobox', { name: label }).selectOption(lang);
      await page.locator('section.problems').filter({ hasText: sentence(lang, 'fetch.truncated') }).waitFor({ timeout: 15_000 });
    }
    assert.deepEqual(await shown(page), before);
    assert.deepEqual(page.pageErrors, []);
  } finally {
    await page.context().close();
    await copy.close();
  }
});

test('a server slower than the deadline: the page stays responsive and says so after 60 seconds, in es', async () => {
  // Real time (a minute): Playwright's fake clock, run 61 s ahead, also fires the app's
  // animation-frame callbacks in a burst that wasm-bindgen refuses ("closure invoked
  // recursively"), which is not what a person would see.
  const page = await openApp(browser, { query: { lang: 'es', city: 'ipatinga' } });
  try {
    // The server never answers.
    await page.route(`${LIMITS}slow.json`, () => {});
    await mapReady(page);
    const before = await shown(page);
    await loadAddress(page, `${LIMITS}slow.json`);
    // Meanwhile the page answers: the table opens at once.
    const started = Date.now();
    await page.getByRole('button', { name: 'Tabla' }).click();
    await page.locator('table.links tbody tr').first().waitFor();
    assert.ok(Date.now() - started < 5_000, 'the tab is not frozen while waiting');
    await page.getByRole('button', { name: /Mapa/ }).click();
    await page.locator('section.problems').filter({ hasText: sentence('es', 'fetch.timeout') }).waitFor({ timeout: 75_000 });
    assert.ok(Date.now() - started > 55_000, 'not before the deadline');
    assert.deepEqual(await shown(page), before);
  } finally {
    await page.context().close();
  }
});

test('without the world geometry the page says so, and the timeline, table and details still work', async () => {
  // The country shapes are the one part of the map not drawn by the app: a page whose
  // `#world` lost them (a broken copy, a stripped build) still shows everything else.
  const copy = await serveEditedCopy((html) => html.replace(/<g class="world-shapes"[\s\S]*?<\/g>/, ''));
  const page = await openUrl(browser, `${copy.url}?lang=en&city=ipatinga`);
  try {
    await page.getByText(sentence('en', 'errors.world')).waitFor({ timeout: 15_000 });
    const items = page.locator('svg.timeline [role=button]');
    await items.first().waitFor({ state: 'attached', timeout: 15_000 });
    assert.equal(await items.count(), 2, "Ipatinga's two dated links");
    await items.first().click();
    await page.locator('aside.details').waitFor();
    await page.getByRole('button', { name: 'Table', exact: true }).click();
    assert.equal(await page.locator('table.links tbody tr').count(), 2);
    assert.deepEqual(page.pageErrors, []);
    await screenshot(page, 'limits-no-world');
  } finally {
    await page.context().close();
    await copy.close();
  }
});

test('a first dataset slower than the app: the explorer shows itself loading, then draws the data', async () => {
  // The app waits a moment for its first dataset before it shows itself (fetch::FirstDataset);
  // a slow one must not keep it hidden.
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  let release;
  const held = new Promise((go) => (release = go));
  await page.route(/\/data\/example\.json$/, async (route) => {
    await held;
    await route.fulfill({ status: 200, headers: json, body: dataset });
  });
  try {
    await page.goto(appUrl({ lang: 'en' }));
    await page.getByRole('status').filter({ hasText: sentence('en', 'app.loading') }).waitFor({ timeout: 15_000 });
    // The app is there (its controls answer) while the data is not.
    await page.getByRole('combobox', { name: /^Search/ }).waitFor();
    assert.equal(await page.locator('svg.map-layers path.mk').count(), 0);
    release();
    await mapReady(page);
    await page.locator('svg.timeline .tl-item').first().waitFor();
    await page.getByRole('status').filter({ hasText: sentence('en', 'app.loading') }).waitFor({ state: 'detached' });
    assert.deepEqual(errors, []);
  } finally {
    release();
    await context.close();
  }
});
