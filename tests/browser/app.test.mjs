//! The foundation, as a person uses it: the example on the map and the timeline, details with
//! sources, the error panel for a broken dataset (keeping what was shown), the languages, and
//! dataset text that must never become HTML.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { fixturesUrl, launch, openApp, screenshot, mapCity } from './harness.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

const timelineItem = (page, name) => page.locator('svg.timeline').getByRole('button', { name });

async function clean(page) {
  assert.deepEqual(page.pageErrors, [], 'uncaught errors in the page');
  assert.deepEqual(page.cspViolations, [], 'Content-Security-Policy violations');
}

for (const [width, height] of [
  [390, 844],
  [1440, 900],
]) {
  test(`example at ${width}x${height}: Kitakyushu on the map, 1978 on the timeline, details with sources`, async () => {
    const page = await openApp(browser, { query: { lang: 'pt-BR' }, width, height });
    try {
      const kitakyushu = mapCity(page, /Kitakyushu/);
      await kitakyushu.waitFor({ timeout: 15_000 });
      const item = timelineItem(page, /1978/);
      await item.waitFor();
      assert.match(await item.getAttribute('aria-label'), /Kitakyushu/);
      await screenshot(page, `example-${width}x${height}`);

      await item.click();
      const details = page.locator('aside.details');
      await details.waitFor();
      assert.match(await details.innerText(), /desde 1978/);
      assert.match(await details.innerText(), /Cidade-irmã/);
      assert.match(await details.innerText(), /Prefeitura de Ipatinga/, 'the source is cited');
      await screenshot(page, `details-${width}x${height}`);

      // Escape closes the details.
      await page.keyboard.press('Escape');
      await details.waitFor({ state: 'detached' });

      await kitakyushu.click();
      await details.waitFor();
      assert.match(await details.innerText(), /Kitakyushu/);
      assert.match(await details.innerText(), /北九州市/, 'the native-script name is shown');
      await clean(page);
    } finally {
      await page.context().close();
    }
  });
}

test('undated links are grouped with a count, not given a year', async () => {
  const page = await openApp(browser, { query: { lang: 'pt-BR', city: 'belo-horizonte' } });
  try {
    const group = page.getByRole('heading', { name: 'Data desconhecida (25)' });
    await group.waitFor({ timeout: 15_000 });
    assert.equal(await page.locator('svg.timeline').count(), 0, 'no dated item for Belo Horizonte');
    assert.match(await page.locator('main').innerText(), /Nenhum vínculo com data/);
    await page.getByRole('button', { name: 'Metropolis' }).first().click();
    assert.match(await page.locator('aside.details').innerText(), /Rede de cidades/);
    await clean(page);
  } finally {
    await page.context().close();
  }
});

test('Marlboro says its identification is uncertain', async () => {
  const page = await openApp(browser, { query: { lang: 'en', sel: 'marlboro' } });
  try {
    const details = page.locator('aside.details');
    await details.waitFor({ timeout: 15_000 });
    assert.match(await details.innerText(), /Uncertain identification/);
    assert.match(await details.innerText(), /Marlboro \(EUA\)/);
  } finally {
    await page.context().close();
  }
});

test('a broken dataset opens the error panel with each problem and its place', async () => {
  const page = await openApp(browser, { query: { lang: 'pt-BR', data: `${fixturesUrl}hostile/many-problems.json` } });
  try {
    const panel = page.getByRole('alert');
    await panel.waitFor({ timeout: 15_000 });
    const text = await panel.innerText();
    assert.match(text, /4 problemas/);
    assert.match(text, /linha 41, coluna 9/);
    assert.match(text, /cooperations\[0\]\.parties\[1\]/);
    assert.match(text, /Você quis dizer “kitakyushu”\?/);
    assert.match(text, /1978-02-30/);
    assert.match(text, /ftp:\/\/example\.org\/x/);
    await screenshot(page, 'error-panel-1440x900');
    assert.deepEqual(page.pageErrors, []);
  } finally {
    await page.context().close();
  }
});

test('a later bad load keeps what was shown, and a local file is checked in the page', async () => {
  const page = await openApp(browser, { query: { lang: 'en' }, width: 390, height: 844 });
  try {
    await mapCity(page, /Kitakyushu/).waitFor({ timeout: 15_000 });
    await page.getByText('Check another data file').click();
    await page.getByLabel(/address of a file/).fill(`${fixturesUrl}hostile/unknown-id.json`);
    await page.getByRole('button', { name: 'Load' }).click();
    const panel = page.getByRole('alert');
    await panel.waitFor();
    assert.match(await panel.innerText(), /Did you mean “kitakyushu”\?/);
    assert.match(await panel.innerText(), /still on screen/);
    assert.equal(await mapCity(page, /Kitakyushu/).count(), 1, 'the example is still shown');
    await screenshot(page, 'error-kept-390x844');

    const file = fileURLToPath(new URL('../data/hostile/end-before-start.json', import.meta.url));
    await page.getByLabel(/Open a file/).setInputFiles(file);
    await page.getByText(/ends \(2001\) before it starts \(2009\)/).waitFor();
    assert.equal(await mapCity(page, /Kitakyushu/).count(), 1);
  } finally {
    await page.context().close();
  }
});

test('addresses that are neither same-origin nor https are refused before any request', async () => {
  const page = await openApp(browser, { query: { lang: 'en', data: 'http://example.invalid/data.json' } });
  try {
    await page.getByRole('alert').waitFor({ timeout: 15_000 });
    // The core's sentence for this refusal (download::DownloadFailure::message), naming the site.
    assert.match(await page.getByRole('alert').innerText(), /only shows data published by this site or by the sites it allows\. .*example\.invalid, which is not one of them/);
    assert.ok(!page.requestedUrls.some((u) => u.startsWith('http://example.invalid')), 'no request was made');
  } finally {
    await page.context().close();
  }
});

test('dataset text is shown as text, never as HTML', async () => {
  const page = await openApp(browser, { query: { lang: 'en', data: `${fixturesUrl}markup-in-text.json`, sel: 'ipatinga-kitakyushu' } });
  try {
    const details = page.locator('aside.details');
    await details.waitFor({ timeout: 15_000 });
    assert.match(await details.innerText(), /<img src=x onerror=/);
    assert.match(await details.innerText(), /<a href="javascript:alert\(1\)">click<\/a>/);
    assert.equal(await page.locator('main img, main script, aside a[href^="javascript"]').count(), 0);
    assert.notEqual(await page.title(), 'pwned');
    await clean(page);
  } finally {
    await page.context().close();
  }
});

test('English is complete: every visible string changes with ?lang=en', async () => {
  const en = JSON.parse(readFileSync(new URL('../../crates/elos-core/locales/en.json', import.meta.url), 'utf8'));
  const page = await openApp(browser, { query: { lang: 'en' } });
  try {
    await page.getByRole('heading', { name: en['timeline.title'] }).waitFor({ timeout: 15_000 });
    // The credits are built after the first paint, so each string is waited for, not looked up
    // at once (which raced the credits on a busy machine).
    for (const key of ['map.legend', 'map.bodies', 'credits.title', 'kind.sister_city', 'nav.view_table']) {
      const shown = page.getByText(en[key], { exact: true }).first();
      await shown.waitFor({ state: 'visible', timeout: 10_000 }).catch(() => {});
      assert.ok(await shown.isVisible(), `${key} shown in English`);
    }
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
    // Switching language does not reload the data.
    const requests = page.requestedUrls.length;
    await page.getByLabel('Language').selectOption('pt-BR');
    await page.getByRole('heading', { name: 'Linha do tempo' }).waitFor();
    assert.equal(page.requestedUrls.length, requests, 'no new request');
  } finally {
    await page.context().close();
  }
});
