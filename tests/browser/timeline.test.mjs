//! The timeline linked to the map: Ipatinga's years, the time window moved with the keyboard
//! alone, and play running to the current year.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { fixturesUrl, launch, openApp, screenshot, mapCity } from './harness.mjs';

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

/**
 * Label in name (WCAG 2.5.3, Lighthouse's `label-in-name`): each timeline item's accessible
 * name starts with the text it shows, cut short or not ("1978: Kitak…" → "1978: Kitakyushu…").
 */
async function labelsNotInName(page) {
  return page.locator('svg.timeline [role=button]').evaluateAll((items) =>
    items
      .map((item) => ({
        shown: (item.querySelector('text')?.textContent ?? '').replace(/…$/, '').replace(/[\u2066-\u2069]/g, '').trim(),
        name: (item.getAttribute('aria-label') ?? '').replace(/[\u2066-\u2069]/g, ''),
      }))
      .filter(({ shown, name }) => !shown || !name.startsWith(shown)),
  );
}

test("every timeline item's accessible name starts with its visible label (the example and hostile names)", async () => {
  for (const query of [
    { lang: 'en' },
    { lang: 'pt-BR', data: `${fixturesUrl}hostile-text/text.json` },
  ]) {
    const page = await openApp(browser, { query });
    try {
      await page.locator(':root:not(.mounting) svg.timeline [role=button]').first().waitFor({ state: 'attached', timeout: 15_000 });
      assert.ok((await page.locator('svg.timeline [role=button]').count()) > 3);
      assert.deepEqual(await labelsNotInName(page), [], JSON.stringify(query));
    } finally {
      await page.context().close();
    }
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

test('the window plays on in the table, and leaving the map mid-play breaks nothing', async () => {
  const page = await openApp(browser, { query: { lang: 'en', city: 'ipatinga' } });
  try {
    await mapCity(page, /Kitakyushu/).waitFor({ timeout: 15_000 });
    await page.getByRole('button', { name: /Play/ }).click();
    await page.getByText(/^1978–19\d\d: 1 link on the map\./).waitFor({ timeout: 5_000 });
    await page.getByRole('button', { name: 'Table', exact: true }).click();
    // The table follows the window as it plays: Marlboro (2009) joins Kitakyushu (1978).
    const rows = page.locator('table.links tbody tr');
    await rows.filter({ hasText: 'Marlboro' }).waitFor({ timeout: 20_000 });
    assert.equal(await rows.count(), 2);
    await page.getByRole('button', { name: 'Map and timeline' }).click();
    // Played to the end, so it stopped by itself; play again, pause, and leave mid-play.
    await page.getByRole('button', { name: /Play/ }).click();
    await page.getByRole('button', { name: /Pause/ }).click();
    await page.getByRole('button', { name: /Play/ }).click();
    await page.getByRole('button', { name: 'Table', exact: true }).click();
    await page.getByRole('button', { name: 'Map and timeline' }).click();
    // (Play takes 8 s: on a slow machine it may have ended by now.)
    const pause = page.getByRole('button', { name: /Pause/ });
    if (await pause.count()) await pause.click();
    await page.getByRole('button', { name: /Play/ }).waitFor();
    await page.waitForTimeout(1_000);
    assert.deepEqual(page.pageErrors, []);
    assert.deepEqual(page.consoleErrors, []);
  } finally {
    await page.context().close();
  }
});

/**
 * Plays the time window from its start and returns every summary it showed on the way
 * ("1978–1990: 1 link on the map."), recorded as they change.
 */
async function playedSummaries(page) {
  await mapCity(page, /Kitakyushu/).waitFor({ timeout: 15_000 });
  await page.evaluate(() => {
    const summary = document.querySelector('.window-summary');
    globalThis.__summaries = [];
    new MutationObserver(() => {
      const text = summary.textContent;
      if (globalThis.__summaries.at(-1) !== text) globalThis.__summaries.push(text);
    }).observe(summary, { childList: true, characterData: true, subtree: true });
  });
  await page.getByRole('button', { name: /Play/ }).click();
  await page.getByText(`1978–${thisYear}: 2 links on the map.`).waitFor({ timeout: 20_000 });
  await page.getByRole('button', { name: /Play/ }).waitFor({ timeout: 5_000 });
  return page.evaluate(() => globalThis.__summaries);
}

test('with reduced motion, play reaches the end in at most 5 jumps (and without it, in many frames)', async () => {
  const reduced = await openApp(browser, { query: { lang: 'en', city: 'ipatinga' }, contextOptions: { reducedMotion: 'reduce' } });
  const moving = await openApp(browser, { query: { lang: 'en', city: 'ipatinga' } });
  try {
    const jumps = await playedSummaries(reduced);
    // The window's start, then at most 5 jumps.
    assert.ok(jumps.length >= 2 && jumps.length <= 6, `reduced motion: ${jumps.length} states: ${jumps.join(' | ')}`);
    // The control: the same measure sees an animation when motion is allowed, so the
    // assertion above fails if reduced motion is ignored.
    const frames = await playedSummaries(moving);
    assert.ok(frames.length > 6, `without reduced motion play animates: ${frames.length} states`);
  } finally {
    await reduced.context().close();
    await moving.context().close();
  }
});
