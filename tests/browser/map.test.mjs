//! The map with a mouse and without: the arc to Kitakyushu shows 1978, zoom in/out/reset change
//! the view, the legend hides a kind, and it fits a 4K presentation screen.

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

const viewBox = (page) => page.locator('svg.map').getAttribute('viewBox');
const width = (vb) => Number(vb.split(' ')[2]);

test('the arc to Kitakyushu is there and selecting it shows 1978', async () => {
  const page = await openApp(browser, { query: { lang: 'pt-BR', city: 'ipatinga' } });
  try {
    const arc = page.locator('svg.map path.arc.kind-sister_city', { hasText: 'Kitakyushu' });
    await arc.waitFor({ timeout: 15_000 });
    await arc.dispatchEvent('click');
    assert.match(await page.locator('aside.details').innerText(), /desde 1978/);
  } finally {
    await page.context().close();
  }
});

test('zoom in, zoom out and reset change the view; the keyboard pans', async () => {
  const page = await openApp(browser, { query: { lang: 'en' } });
  try {
    await page.locator('svg.map .marker').first().waitFor({ timeout: 15_000 });
    const start = await viewBox(page);
    await page.getByRole('button', { name: 'Zoom in' }).click();
    const zoomed = await viewBox(page);
    assert.ok(width(zoomed) < width(start), `${zoomed} narrower than ${start}`);
    await page.getByRole('button', { name: 'Zoom out' }).click();
    await page.getByRole('button', { name: 'Zoom out' }).click();
    assert.ok(width(await viewBox(page)) > width(zoomed));
    await page.locator('svg.map').focus();
    const beforePan = await viewBox(page);
    await page.keyboard.press('ArrowRight');
    const panned = await viewBox(page);
    assert.ok(Number(panned.split(' ')[0]) > Number(beforePan.split(' ')[0]), 'ArrowRight moves east');
    await page.getByRole('button', { name: 'Show all links' }).click();
    assert.equal(await viewBox(page), start, 'reset returns to the fitted view');
    // Markers keep their screen size: the scale factor follows the zoom.
    const upp = await page.locator('svg.map').evaluate((el) => el.style.getPropertyValue('--upp'));
    assert.ok(Number(upp) > 0);
  } finally {
    await page.context().close();
  }
});

test('the legend hides and shows a kind of link everywhere', async () => {
  const page = await openApp(browser, { query: { lang: 'en' } });
  try {
    await page.locator('svg.map .marker').first().waitFor({ timeout: 15_000 });
    const bilateral = page.locator('svg.map path.arc.kind-bilateral_cooperation');
    assert.equal(await bilateral.count(), 9);
    const toggle = page.getByRole('button', { name: 'Bilateral cooperation' });
    assert.equal(await toggle.getAttribute('aria-pressed'), 'true');
    await toggle.click();
    assert.equal(await toggle.getAttribute('aria-pressed'), 'false');
    assert.equal(await bilateral.count(), 0);
    // The legend is the kind filter: the URL keeps the kinds still shown.
    const shown = new URL(page.url()).searchParams.get('kind').split(',');
    assert.ok(!shown.includes('bilateral_cooperation') && shown.includes('sister_city'), shown.join());
    await toggle.click();
    assert.equal(await bilateral.count(), 9);
    assert.equal(new URL(page.url()).searchParams.get('kind'), null);
  } finally {
    await page.context().close();
  }
});

test('a 4K presentation screen shows the map and timeline without overflow', async () => {
  const page = await openApp(browser, { query: { lang: 'pt-BR' }, width: 3840, height: 2160 });
  try {
    await page.locator('svg.map .marker').first().waitFor({ timeout: 15_000 });
    await page.locator('svg.timeline').waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `page is ${overflow}px wider than the screen`);
    await screenshot(page, 'example-3840x2160');
  } finally {
    await page.context().close();
  }
});
