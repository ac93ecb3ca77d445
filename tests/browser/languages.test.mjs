//! The language switcher changes every string of the interface: after switching, no string
//! that exists only in the previous language's catalogue is left on the page — in text, in
//! accessible names or in tooltips — and the data stays loaded.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { launch, openApp } from './harness.mjs';

const LOCALES = new URL('../../crates/elos-core/locales/', import.meta.url);
const catalogue = (lang) => JSON.parse(readFileSync(new URL(`${lang}.json`, LOCALES), 'utf8'));

/** Every message of a catalogue as `{ key, text }` (each plural form counts), `@` settings left out. */
function messages(cat) {
  const out = [];
  for (const [key, value] of Object.entries(cat)) {
    if (key.startsWith('@') || key === 'number.group') continue;
    const forms = typeof value === 'string' ? [value] : Object.values(value);
    for (const text of forms) out.push({ key, text });
  }
  return out;
}

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Matchers for the strings of `from` that `to` says differently: a message with placeholders
 * matches any text with its words around them. Very short fragments are skipped, as they match
 * anything ("{count} ×", "{day} de {month} de {year}").
 */
function leftovers(from, to) {
  const target = new Map(messages(catalogue(to)).map((m) => [`${m.key}\u0000${m.text}`, true]));
  const toTexts = new Set(messages(catalogue(to)).map((m) => m.text));
  const matchers = [];
  for (const { key, text } of messages(catalogue(from))) {
    if (toTexts.has(text) || target.has(`${key}\u0000${text}`)) continue; // the same in both
    const literal = text.replace(/\{[a-z_]+\}/g, '').trim();
    // Date patterns like "{day} de {month} de {year}" would match any data text with two "de".
    const letters = literal.replace(/[^\p{L}]/gu, '').length;
    if (letters < 4 || (letters < 6 && literal !== text.trim())) continue;
    const pattern = new RegExp(`^${text.split(/\{[a-z_]+\}/).map(escape).join('.+?')}$`, 's');
    matchers.push({ key, text, pattern });
  }
  return matchers;
}

/** Interface text on the page: text nodes and accessible-name attributes, leaving out data
 *  text in another language (marked with its own `lang`) and the language names in the switcher. */
const interfaceTexts = (page) =>
  page.evaluate(() => {
    const out = [];
    const foreign = (el) => {
      const marked = el.closest('[lang]');
      return marked && marked !== document.documentElement;
    };
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const text = n.textContent.replace(/\s+/g, ' ').trim();
      if (text && !foreign(n.parentElement)) out.push(text);
    }
    for (const el of document.body.querySelectorAll('[aria-label], [title], [placeholder], [alt]')) {
      if (foreign(el)) continue;
      for (const a of ['aria-label', 'title', 'placeholder', 'alt']) {
        const v = el.getAttribute(a);
        if (v) out.push(v.replace(/\s+/g, ' ').trim());
      }
    }
    // Whole elements too, for messages whose placeholders are filled with marked-up data.
    for (const el of document.body.querySelectorAll('p, li, button, label, legend, caption, th, dt, h1, h2, h3, option, summary, figcaption, text')) {
      if (!foreign(el)) out.push(el.textContent.replace(/\s+/g, ' ').trim());
    }
    return [...new Set(out)];
  });

function found(texts, matchers) {
  const hits = [];
  for (const m of matchers) {
    const t = texts.find((x) => m.pattern.test(x));
    if (t !== undefined) hits.push(`${m.key}: “${t}”`);
  }
  return hits;
}

/** Opens every part of the interface that has text: filters, details, the table. */
async function openEverything(page) {
  await page.locator('.filter-toggle').click();
  await page.locator('.facet').first().waitFor();
}

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

for (const [from, to, label] of [
  ['pt-BR', 'en', 'English'],
  ['en', 'es', 'Español'],
  ['es', 'pt-BR', 'Português (Brasil)'],
]) {
  for (const view of ['map', 'table']) {
    test(`switching ${from} → ${to} leaves no ${from} string on the ${view} view`, async () => {
      const query = { lang: from, city: 'ipatinga', sel: 'ipatinga-kitakyushu', ...(view === 'table' ? { view } : {}) };
      const page = await openApp(browser, { query });
      try {
        await page.locator('aside.details').waitFor({ timeout: 15_000 });
        await openEverything(page);
        const matchers = leftovers(from, to);
        // The check can fail: before switching, many of these strings are on the page.
        const before = found(await interfaceTexts(page), matchers);
        assert.ok(before.length >= 25, `only ${before.length} ${from} strings recognised before switching`);

        const requests = page.requestedUrls.length;
        await page.locator('.controls select').last().selectOption({ label });
        await page.waitForFunction((l) => document.documentElement.lang === l, to);
        await page.waitForTimeout(300);
        const after = found(await interfaceTexts(page), matchers);
        assert.deepEqual(after, [], `${from} strings still shown after switching to ${to}`);
        assert.ok(
          // The new language's messages may be fetched (only the default one is built in).
          !page.requestedUrls.slice(requests).some((u) => u.endsWith('.json') && !u.includes('/locales/')),
          'switching language does not load the data again',
        );
        assert.deepEqual(page.pageErrors, []);
      } finally {
        await page.context().close();
      }
    });
  }
}
