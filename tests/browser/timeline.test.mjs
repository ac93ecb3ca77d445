//! The timeline linked to the map: Ipatinga's years, the time window moved with the keyboard
//! alone, and play running to the current year.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launch, openApp, screenshot, mapCity } from './harness.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

const thisYear = new Date().getFullYear();

test('Ipatinga: 1978 and 2009 on the timeline', async () => {
  const page = await openApp(browser, { query: { lang: 'pt-BR', city: 'ipatinga' } });
  try {
    const items = page.locator('svg.timeline').getByRole('button');
    await items.first().waitFor({ timeout: 15_000 });
    const names = await items.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
    assert.equal(names.length, 2, `only Ipatinga's two dated links: ${names}`);
    assert.ok(names.some((n) => /^1978: Kitakyushu/.test(n)), names.join(' | '));
    assert.ok(names.some((n) => /^2009: Marlboro/.test(n)), names.join(' | '));
  } finally {
    await page.context().close();
  }
});

test('keyboard alone narrows the window to 2000–2020: Marlboro stays, Kitakyushu goes', async () => {
  const page = await openApp(browser, { query: { lang: 'pt-BR', city: 'ipatinga' } });
  try {
    await mapCity(page, /Kitakyushu/).waitFor({ timeout: 15_000 });
    const from = page.getByRole('slider', { name: 'De' });
    const to = page.getByRole('slider', { name: 'Até' });
    const first = Number(await from.getAttribute('min'));
    assert.equal(first, 1978);
    await from.focus();
    for (let y = first; y < 2000; y += 1) await page.keyboard.press('ArrowRight');
    await to.focus();
    for (let y = thisYear; y > 2020; y -= 1) await page.keyboard.press('ArrowLeft');
    await page.getByText('2000–2020: 1 vínculo no mapa.').waitFor();
    assert.equal(await mapCity(page, /Marlboro/).count(), 1, 'Marlboro (2009) is in the window');
    assert.equal(await mapCity(page, /Kitakyushu/).count(), 0, 'Kitakyushu (1978) is not');
    assert.match(page.url(), /from=2000/);
    assert.match(page.url(), /to=2020/);
    await screenshot(page, 'window-2000-2020-1440x900');

    // The window is part of the link: a fresh page opens the same view.
    const again = await openApp(browser, { query: new URL(page.url()).search.slice(1) });
    try {
      await mapCity(again, /Marlboro/).waitFor({ timeout: 15_000 });
      assert.equal(await mapCity(again, /Kitakyushu/).count(), 0);
    } finally {
      await again.context().close();
    }
  } finally {
    await page.context().close();
  }
});

test('play accumulates links year by year and reaches the current year', async () => {
  const page = await openApp(browser, { query: { lang: 'en', city: 'ipatinga' }, width: 390, height: 844 });
  try {
    await mapCity(page, /Kitakyushu/).waitFor({ timeout: 15_000 });
    await page.getByRole('button', { name: /Play/ }).click();
    // Early in the run only Kitakyushu (1978) is on the map.
    await page.getByText(/^1978–19\d\d: 1 link on the map\./).waitFor({ timeout: 5_000 });
    assert.equal(await mapCity(page, /Marlboro/).count(), 0, 'Marlboro is not there before 2009');
    await page.getByText(`1978–${thisYear}: 2 links on the map.`).waitFor({ timeout: 20_000 });
    await page.getByRole('button', { name: /Play/ }).waitFor();
    assert.equal(await mapCity(page, /Marlboro/).count(), 1);
    await screenshot(page, 'played-390x844');
  } finally {
    await page.context().close();
  }
});

test('with reduced motion, play still reaches the end in a few steps', async () => {
  const page = await openApp(browser, { query: { lang: 'en', city: 'ipatinga' } });
  try {
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await mapCity(page, /Kitakyushu/).waitFor({ timeout: 15_000 });
    await page.getByRole('button', { name: /Play/ }).click();
    await page.getByText(`1978–${thisYear}: 2 links on the map.`).waitFor({ timeout: 15_000 });
  } finally {
    await page.context().close();
  }
});
