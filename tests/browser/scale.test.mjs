//! The synthetic 26,000-link world (18,000 real cities, invented links; tests/data/synthetic):
//! the map, the timeline, the undated group, the table and the search all respond, and the
//! page's element count stays that of a small dataset. How fast is `cargo xtask bench scale`'s
//! job, not this test's.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { fixturesUrl, launch, mapReady, openApp, screenshot } from './harness.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

const WORLD = `${fixturesUrl}synthetic/world-26k.json`;

test('26,000 links: map, timeline, undated group, table and search respond; elements stay few', async () => {
  const page = await openApp(browser, { query: { lang: 'en', data: WORLD } });
  try {
    await mapReady(page, 120_000);
    await page.getByRole('status').filter({ hasText: '26,000 links shown' }).waitFor({ timeout: 60_000 });
    // The map is a network of equal cities: clusters, bundles and a note on what is left out.
    const map = page.locator('svg.map-layers');
    assert.ok(await map.locator('path.mk.cluster').count(), 'clusters of nearby cities');
    assert.ok(await map.locator('path.arc[class*="weight-"]').count(), 'bundles drawn by weight');
    await page.locator('.map-note').filter({ hasText: /Showing the strongest connections/ }).waitFor();
    assert.equal(await map.locator('path.mk.home').count(), 0, 'no city is drawn as a home city in a network of equals');
    const elements = await page.evaluate(() => document.querySelectorAll('*').length);
    assert.ok(elements < 1500, `${elements} elements in the page`);
    await screenshot(page, 'world-26k-zoomed-out-1440x900');

    // Zoomed in on Europe: single cities and links, labelled.
    const frame = await page.locator('.map-frame').boundingBox();
    const zoomIn = page.getByRole('button', { name: 'Zoom in' });
    await page.mouse.move(frame.x + frame.width * 0.52, frame.y + frame.height * 0.3);
    for (let i = 0; i < 8; i++) {
      await page.mouse.wheel(0, -240);
      await page.waitForTimeout(60);
    }
    await page.waitForTimeout(600);
    assert.ok(await zoomIn.isVisible());
    const labels = await page.locator('svg.map-layers text').count();
    assert.ok(labels > 5, `${labels} labels when zoomed in`);
    assert.ok(await page.evaluate(() => document.querySelectorAll('*').length) < 1500);
    await screenshot(page, 'world-26k-zoomed-in-1440x900');

    // Hovering a city shows its tooltip; clicking its label opens its details.
    const label = page.locator('svg.map-layers text').first();
    const [cx, cy] = await label.evaluate((e) => [Number(e.dataset.cx), Number(e.dataset.cy)]);
    await page.mouse.move(frame.x + cx, frame.y + cy);
    await page.getByRole('tooltip').waitFor({ state: 'visible', timeout: 10_000 });
    const name = (await label.textContent()).replace(/[?+].*$/, '').trim();
    await label.click();
    await page.locator('aside.details').waitFor({ timeout: 10_000 });
    assert.match(await page.locator('aside.details').innerText(), new RegExp(name.slice(0, 5)));
    await page.keyboard.press('Escape');

    // The timeline scrolls its lanes; only those in view are in the page.
    const items = page.locator('svg.timeline .tl-item');
    assert.ok((await items.count()) > 0 && (await items.count()) < 400, `${await items.count()} timeline items drawn`);
    // The undated group: its count, and rows that scroll.
    const undated = page.getByRole('heading', { name: /^Unknown date \(\d/ });
    await undated.waitFor();
    const rows = page.locator('.undated-row');
    assert.ok((await rows.count()) < 40, 'only the rows in view');
    await page.locator('.undated-scroll').evaluate((el) => (el.scrollTop = 200_000));
    await page.waitForFunction(() => [...document.querySelectorAll('.undated-row')].some((r) => Number(r.getAttribute('aria-posinset')) > 5000));

    // Search finds a city among 18,000 and selects it.
    const search = page.getByRole('combobox', { name: /^Search/ });
    await search.fill('Lisbon');
    await page.getByRole('option', { name: /Lisbon/ }).first().click();
    await page.locator('aside.details').getByRole('heading', { name: /Lisbon/ }).waitFor({ timeout: 10_000 });

    // The city chooser finds a hub by name; its view is drawn one link by one.
    const chooser = page.getByRole('combobox', { name: /^City/ });
    await chooser.fill('Lisbon');
    await page.getByRole('option', { name: /Lisbon/ }).first().click();
    await page.waitForFunction(() => /city=/.test(location.search));
    await mapReady(page);
    assert.equal(await page.locator('svg.map-layers path.mk.home').count() > 0, true, 'the chosen city is a home city');

    // The table: 26,000 rows sorted and scrolled, with few in the page.
    await page.getByRole('button', { name: 'Table' }).click();
    await chooser.fill('All cities');
    await page.getByRole('option', { name: 'All cities' }).click();
    const table = page.locator('table.links');
    await table.waitFor();
    await page.waitForFunction(() => Number(document.querySelector('table.links')?.getAttribute('aria-rowcount')) > 20_000);
    assert.ok((await page.locator('table.links tbody tr').count()) < 120, 'only the rows in view');
    await page.getByRole('columnheader', { name: /Partner/ }).getByRole('button').click();
    await page.locator('.table-wrap').evaluate((el) => (el.scrollTop = el.scrollHeight / 2));
    await page.waitForFunction(() => [...document.querySelectorAll('table.links tbody tr')].some((r) => Number(r.getAttribute('aria-rowindex')) > 10_000));
    await screenshot(page, 'world-26k-table-1440x900');
    assert.deepEqual(page.pageErrors, [], 'uncaught errors in the page');
  } finally {
    await page.context().close();
  }
});

test('a long filter group shows its first options and the rest on demand, and never hides a choice', async () => {
  const page = await openApp(browser, { query: { lang: 'en', data: `${fixturesUrl}synthetic/links-5000.json` } });
  try {
    await mapReady(page, 120_000);
    await page.getByRole('button', { name: 'Filter' }).click();
    const countries = page.getByRole('group', { name: 'Country' });
    const boxes = countries.getByRole('checkbox');
    const more = countries.getByRole('button', { name: /^Show all \d+$/ });
    await more.waitFor();
    const total = Number((await more.textContent()).match(/\d+/)[0]);
    assert.ok(total > 10, `${total} countries in the group`);
    assert.equal(await boxes.count(), 8, 'folded: the first eight');
    assert.equal(await more.getAttribute('aria-expanded'), 'false');
    // The first ones are those with the most links.
    const counts = await boxes.evaluateAll((all) => all.map((b) => Number(b.parentElement.textContent.match(/\((\d[\d,]*)\)$/)[1].replace(/,/g, ''))));
    assert.deepEqual(counts, [...counts].sort((a, b) => b - a));
    // A group with few options has no such button.
    assert.equal(await page.getByRole('group', { name: 'Type' }).getByRole('button').count(), 0);

    // By keyboard: the button unfolds the group and keeps the focus.
    await more.focus();
    await page.keyboard.press('Enter');
    const fewer = countries.getByRole('button', { name: 'Show fewer' });
    await fewer.waitFor();
    assert.equal(await boxes.count(), total, 'unfolded: every country');
    assert.equal(await fewer.getAttribute('aria-expanded'), 'true');
    assert.ok(await fewer.evaluate((b) => b === document.activeElement), 'the button keeps the focus');

    // The last country (fewest links) chosen, then folded again: it stays in view, ticked.
    const last = boxes.last();
    const lastName = (await last.evaluate((b) => b.parentElement.textContent)).replace(/\s*\([\d,]+\)$/, '').trim();
    await last.check();
    await page.waitForFunction(() => /country=/.test(location.search));
    await fewer.click();
    await more.waitFor();
    assert.equal(await boxes.count(), 9, 'the first eight and the chosen one');
    const chosen = countries.getByRole('checkbox', { checked: true });
    assert.equal(await chosen.count(), 1);
    assert.equal((await chosen.evaluate((b) => b.parentElement.textContent)).replace(/\s*\([\d,]+\)$/, '').trim(), lastName);
    assert.deepEqual(page.pageErrors, [], 'uncaught errors in the page');
  } finally {
    await page.context().close();
  }
});
