//! Exploring: search by name without accents or with a typo, chosen with the keyboard, shows
//! the place on the map and in the details; the table lists the same links as the map.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launch, openApp, screenshot } from './harness.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

test('search "bogota" with the keyboard selects Bogotá on the map', async () => {
  const page = await openApp(browser, { query: { lang: 'pt-BR', city: 'ipatinga' } });
  try {
    const box = page.getByRole('combobox', { name: /Buscar/ });
    await box.waitFor({ timeout: 15_000 });
    await page.locator('svg.map .marker').first().waitFor();
    await box.fill('bogota');
    const option = page.getByRole('option', { name: /Bogotá/ });
    await option.waitFor();
    await page.getByText('1 resultado').waitFor();
    await box.press('Enter');
    const details = page.locator('aside.details');
    await details.waitFor();
    assert.match(await details.innerText(), /Bogotá/);
    assert.match(await details.innerText(), /Colômbia/);
    // Bogotá is Belo Horizonte's partner, so the map now shows every home city with it highlighted.
    const bogota = page.locator('svg.map').getByRole('button', { name: /Bogotá/ });
    assert.equal(await bogota.count(), 1);
    assert.match(await bogota.getAttribute('class'), /highlight/);
    assert.match(page.url(), /sel=bogota/);
    await screenshot(page, 'search-bogota-1440x900');
  } finally {
    await page.context().close();
  }
});

test('a typo still finds Medellín, and arrows move through the results', async () => {
  const page = await openApp(browser, { query: { lang: 'en' }, width: 390, height: 844 });
  try {
    const box = page.getByRole('combobox', { name: /Search/ });
    await box.waitFor({ timeout: 15_000 });
    await box.fill('medelin');
    await page.getByRole('option', { name: /Medellín/ }).first().waitFor();
    await box.fill('unesco');
    await page.getByRole('option').nth(1).waitFor();
    await box.press('ArrowDown');
    assert.equal(await box.getAttribute('aria-activedescendant'), 'search-option-1');
    await box.press('Enter');
    assert.match(await page.locator('aside.details').innerText(), /UNESCO/);
  } finally {
    await page.context().close();
  }
});

test('the table shows the same links as the map', async () => {
  const page = await openApp(browser, { query: { lang: 'pt-BR', city: 'belo-horizonte' } });
  try {
    await page.locator('svg.map .marker').first().waitFor({ timeout: 15_000 });
    const arcs = await page.locator('svg.map .arc').count();
    const bodies = await page.locator('.bodies .chip').count();
    await page.getByRole('button', { name: 'Tabela' }).click();
    const rows = page.locator('table.links tbody tr');
    await rows.first().waitFor();
    assert.equal(await rows.count(), 25, "Belo Horizonte's 25 links");
    assert.equal(arcs + bodies, 25, 'arcs to cities plus networks and organisations beside the map');
    assert.match(page.url(), /view=table/);
    await screenshot(page, 'table-1440x900');
  } finally {
    await page.context().close();
  }
});

test('back and forward step through selections; a copied link reopens the same view', async () => {
  const page = await openApp(browser, { query: { lang: 'en', city: 'ipatinga' } });
  try {
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    const details = page.locator('aside.details');
    const marker = (name) => page.locator('svg.map').getByRole('button', { name });
    await marker(/Kitakyushu/).click({ timeout: 15_000 });
    await details.getByRole('heading', { name: 'Kitakyushu' }).waitFor();
    await marker(/Marlboro/).click();
    await details.getByRole('heading', { name: 'Marlboro' }).waitFor();
    await page.goBack();
    await details.getByRole('heading', { name: 'Kitakyushu' }).waitFor();
    await page.goForward();
    await details.getByRole('heading', { name: 'Marlboro' }).waitFor();

    await page.getByRole('button', { name: 'Copy link to this view' }).click();
    await page.getByText('Link copied.').waitFor();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    assert.match(copied, /sel=marlboro/);
    assert.match(copied, /city=ipatinga/);
    const fresh = await browser.newPage();
    try {
      await fresh.goto(copied);
      await fresh.locator('aside.details').getByRole('heading', { name: 'Marlboro' }).waitFor({ timeout: 15_000 });
      assert.equal(await fresh.locator('svg.map .marker').count(), await page.locator('svg.map .marker').count());
      assert.equal(await fresh.getByLabel('Language').inputValue(), 'en');
    } finally {
      await fresh.close();
    }
  } finally {
    await page.context().close();
  }
});
