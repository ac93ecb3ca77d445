//! Accessibility: axe-core (WCAG 2.0/2.1 A and AA, WCAG 2.2 AA) finds nothing on any view, in any
//! language, in light and dark mode; and the example can be explored with the keyboard alone.

import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { appUrl, artifactsDir, fixturesUrl, launch, openApp, screenshot, mapCity } from './harness.mjs';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const LANGUAGES = ['pt-BR', 'en', 'es'];

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});


/** Every view to check: its query, and what shows that it has finished drawing. */
const VIEWS = [
  { name: 'map', query: {}, ready: (page) => mapCity(page, /Kitakyushu/) },
  { name: 'table', query: { view: 'table' }, ready: (page) => page.locator('main table').first() },
  { name: 'details-ipatinga-kitakyushu', query: { sel: 'ipatinga-kitakyushu' }, ready: (page) => page.locator('aside.details') },
  { name: 'details-marlboro', query: { sel: 'marlboro' }, ready: (page) => page.locator('aside.details') },
  { name: 'belo-horizonte', query: { city: 'belo-horizonte' }, ready: (page) => page.locator('#main .workspace') },
  {
    name: 'filters-open',
    query: { city: 'belo-horizonte', kind: 'network_membership' },
    // `#main`: the app's, not the inert copy the placeholder draws before it starts.
    ready: (page) => page.locator('#main .filter-toggle'),
    act: async (page) => {
      await page.locator('#main .filter-toggle').click();
      await page.locator('.facet').first().waitFor();
    },
  },
  {
    name: 'table-filtered-sorted',
    query: { view: 'table', continent: 'EU', sort: '-start' },
    ready: (page) => page.locator('main table').first(),
  },
  {
    name: 'error-panel',
    query: { data: `${fixturesUrl}hostile/many-problems.json` },
    ready: (page) => page.getByRole('alert').first(),
  },
];

/** Waits until the view is drawn and its finite transitions/animations are over (they change colours). */
async function settle(page, view) {
  await view.ready(page).waitFor({ state: 'visible', timeout: 15_000 });
  await page.evaluate(async () => {
    await document.fonts?.ready;
    const finite = document.getAnimations().filter((a) => {
      const t = a.effect?.getComputedTiming?.();
      return t && Number.isFinite(t.endTime);
    });
    await Promise.race([Promise.all(finite.map((a) => a.finished.catch(() => {}))), new Promise((r) => setTimeout(r, 3000))]);
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  });
}

/**
 * Runs axe-core in the page. The page's CSP forbids inline scripts, so `addScriptTag` would be
 * blocked; `evaluate` goes through the DevTools protocol, which the CSP does not govern.
 */
async function runAxe(page) {
  if (!(await page.evaluate(() => typeof globalThis.axe === 'object'))) {
    await page.evaluate(axeSource);
  }
  return page.evaluate((tags) => globalThis.axe.run(document, { runOnly: { type: 'tag', values: tags } }), AXE_TAGS);
}

const clip = (text, max) => {
  const oneLine = String(text ?? '').replace(/\s+/g, ' ').trim();
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
};
const selector = (target) => (Array.isArray(target) ? target.map(selector).join(' >>> ') : String(target));

/** A message a developer can act on: each rule, its impact and help, and where it failed. */
function describeViolations(violations, where) {
  const lines = [`${violations.length} accessibility rule(s) violated on ${where}:`];
  for (const v of violations) {
    lines.push(`- ${v.id} [${v.impact}] ${v.help} (${v.nodes.length} node(s)) ${v.helpUrl}`);
    for (const node of v.nodes.slice(0, 3)) {
      lines.push(`    at ${selector(node.target)}`);
      lines.push(`       ${clip(node.html, 200)}`);
      const why = clip(node.failureSummary?.split('\n').slice(1).join(' '), 240);
      if (why) lines.push(`       why: ${why}`);
    }
    if (v.nodes.length > 3) lines.push(`    … and ${v.nodes.length - 3} more node(s)`);
  }
  return lines.join('\n');
}

/** Keeps the full axe result as `<ELOS_ARTIFACTS>/a11y-<name>.json` for whoever fixes it. */
function saveResults(name, results) {
  mkdirSync(artifactsDir, { recursive: true });
  const slim = (list) =>
    list.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      tags: v.tags,
      nodes: v.nodes.map((n) => ({ target: n.target, html: n.html, failureSummary: n.failureSummary })),
    }));
  const report = {
    url: results.url,
    violations: slim(results.violations),
    // "Needs review": axe could not decide (e.g. contrast over a gradient); not a failure.
    incomplete: slim(results.incomplete),
    passed: results.passes.map((p) => `${p.id} (${p.nodes.length})`),
  };
  writeFileSync(join(artifactsDir, `a11y-${name}.json`), `${JSON.stringify(report, null, 2)}\n`);
}

async function checkView(view, lang, { dark = false } = {}) {
  const query = { lang, ...view.query };
  const page = await openApp(browser, { query });
  try {
    if (dark) {
      await page.emulateMedia({ colorScheme: 'dark' });
      // Open the page again in case anything reads the colour scheme only at start-up. Not
      // `reload()`: the app drops `?lang=pt-BR` from the address, so a reload could change language.
      await page.goto(appUrl(query), { waitUntil: 'load' });
    }
    await settle(page, view);
    if (view.act) await view.act(page);
    assert.equal(await page.evaluate(() => document.documentElement.lang), lang, 'the page is in the asked language');
    const results = await runAxe(page);
    const name = `${view.name}-${lang}${dark ? '-dark' : ''}`;
    saveResults(name, results);
    if (results.violations.length > 0) await screenshot(page, `a11y-${name}`);
    assert.deepEqual(page.pageErrors, [], 'uncaught errors in the page');
    assert.equal(results.violations.length, 0, describeViolations(results.violations, `${view.name} (${lang}${dark ? ', dark' : ''})`));
  } finally {
    await page.context().close();
  }
}

for (const view of VIEWS) {
  for (const lang of LANGUAGES) {
    test(`axe: no WCAG 2.2 AA violation on ${view.name} (${lang})`, () => checkView(view, lang));
  }
}

for (const view of VIEWS.filter((v) => v.name === 'map' || v.name === 'error-panel')) {
  for (const lang of LANGUAGES) {
    test(`axe: no WCAG 2.2 AA violation on ${view.name} (${lang}, dark mode)`, () => checkView(view, lang, { dark: true }));
  }
}

/** A short, readable name of the focused element, for the recorded Tab path. */
const describeFocus = (page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return 'body';
    const tag = el.tagName.toLowerCase();
    const id = el.id ? `#${el.id}` : '';
    const cls = typeof el.className === 'string' && el.className ? `.${el.className.trim().split(/\s+/).join('.')}` : '';
    const label = el.getAttribute('aria-label') ?? el.textContent ?? '';
    return `${tag}${id}${cls} "${label.replace(/\s+/g, ' ').trim().slice(0, 60)}"`;
  });

test('keyboard only: skip link, Tab to the map, arrow keys to Kitakyushu, Enter opens its details, Escape closes them', async (t) => {
  const page = await openApp(browser, { query: { lang: 'en' } });
  try {
    await mapCity(page, /Kitakyushu/).waitFor({ timeout: 15_000 });

    await page.keyboard.press('Tab');
    const first = await describeFocus(page);
    assert.ok(
      await page.evaluate(() => document.activeElement?.matches('a[href="#main"]')),
      `the first Tab stop is the skip link, not ${first}`,
    );
    assert.ok(await page.locator('a[href="#main"]').isVisible(), 'the skip link is visible when focused');
    await page.keyboard.press('Enter');
    assert.ok(
      await page.evaluate(() => document.getElementById('main')?.contains(document.activeElement)),
      `the skip link moves focus to <main>, not ${await describeFocus(page)}`,
    );

    // The map is one tab stop, however many cities it shows.
    const map = page.locator('svg.map');
    const path = [first, '(Enter)'];
    let onMap = false;
    for (let presses = 0; presses < 60 && !onMap; presses++) {
      await page.keyboard.press('Tab');
      path.push(await describeFocus(page));
      onMap = await map.evaluate((el) => el === document.activeElement);
    }
    t.diagnostic(`Tab path: ${path.join(' → ')}`);
    assert.ok(onMap, `the map was not reached in 60 Tab presses. Path:\n  ${path.join('\n  ')}`);

    // Focus lands on a city, announced; Kitakyushu is the east-most: walk right to it.
    const said = page.locator('#map-focus');
    await said.filter({ hasText: /link/ }).waitFor({ timeout: 5_000 });
    const heard = [await said.innerText()];
    for (let presses = 0; presses < 30 && !/Kitakyushu/.test(heard.at(-1)); presses++) {
      await page.keyboard.press('ArrowRight');
      heard.push(await said.innerText());
    }
    t.diagnostic(`heard: ${heard.join(' | ')}`);
    assert.match(heard.at(-1), /Kitakyushu, Japan: 1 link/, 'the focused city is announced with its country and links');
    await page.keyboard.press('ArrowRight');
    assert.match(await said.innerText(), /No city that way/, 'nothing further east is said so');

    await page.keyboard.press('Enter');
    const details = page.locator('aside.details');
    await details.waitFor({ timeout: 5_000 });
    assert.match(await details.innerText(), /1978/);
    // Screen readers hear what was selected, as focus moves to the panel's close button.
    await page.getByRole('status').filter({ hasText: 'Selected: Kitakyushu.' }).waitFor({ timeout: 5_000 });
    t.diagnostic(`focus after Enter: ${await describeFocus(page)}`);
    await screenshot(page, 'a11y-keyboard-details');

    await page.keyboard.press('Escape');
    await details.waitFor({ state: 'detached', timeout: 5_000 });
    t.diagnostic(`focus after Escape: ${await describeFocus(page)}`);
    assert.ok(await map.evaluate((el) => el === document.activeElement), 'focus returns to the map');
    assert.deepEqual(page.pageErrors, [], 'uncaught errors in the page');
  } finally {
    await page.context().close();
  }
});

/** Presses Tab until `target` has focus (at most `limit` times); fails with the path taken. */
async function tabTo(page, target, limit = 80) {
  const path = [];
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    if (await target.evaluate((el) => el === document.activeElement)) return;
    path.push(await describeFocus(page));
  }
  assert.fail(`not reached by Tab in ${limit} presses: ${path.join(' → ')}`);
}

test('keyboard only: choose a city, filter by kind, move the time window, and hear the counts', async () => {
  const page = await openApp(browser, { query: { lang: 'en' } });
  try {
    await mapCity(page, /Kitakyushu/).waitFor({ timeout: 15_000 });
    const city = page.getByRole('combobox', { name: /^City/ });
    await tabTo(page, city);
    // The city chooser is a combobox: type, arrow to the match, Enter.
    await page.keyboard.press('Control+A');
    await page.keyboard.type('belo');
    await page.getByRole('option', { name: 'Belo Horizonte' }).waitFor();
    await page.keyboard.press('Enter');
    assert.equal(await city.inputValue(), 'Belo Horizonte');
    const count = page.locator('.result-count');
    await count.filter({ hasText: '25 links shown' }).waitFor();
    assert.equal(await count.getAttribute('role'), 'status', 'the count is announced');

    await tabTo(page, page.getByRole('button', { name: 'Filter' }));
    await page.keyboard.press('Enter');
    const organisations = page.getByRole('checkbox', { name: /^International organisation/ });
    await tabTo(page, organisations);
    await page.keyboard.press('Space');
    await count.filter({ hasText: '6 links shown' }).waitFor();
    assert.ok(await organisations.isChecked());

    await tabTo(page, page.getByRole('button', { name: 'Clear all filters' }), 120);
    await page.keyboard.press('Enter');
    await count.filter({ hasText: '25 links shown' }).waitFor();

    // Back to all cities, then move the window's start with the arrow keys.
    await page.keyboard.press('Shift+Tab');
    const from = page.getByRole('slider').first();
    await tabTo(page, from, 200);
    await page.keyboard.press('End');
    await page.waitForFunction(() => /from=\d{4}/.test(location.search));
    assert.deepEqual(page.pageErrors, []);
  } finally {
    await page.context().close();
  }
});
