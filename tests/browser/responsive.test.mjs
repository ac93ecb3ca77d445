//! Reflow (WCAG 1.4.10) and zoom (1.4.4): at 320 CSS px wide, and at 200% browser zoom on a
//! 1280×800 screen (a 640×400 CSS px viewport at device scale 2), nothing makes the page scroll
//! sideways, every control is on screen and usable, and axe-core still finds nothing.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { after, before, test } from 'node:test';
import { launch, screenshot, appUrl, mapCity } from './harness.mjs';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

const SIZES = [
  { name: '320px', width: 320, height: 640, scale: 1 },
  { name: 'zoom-200', width: 640, height: 400, scale: 2 },
];

/** Elements wider than the viewport or reaching past its right edge (the page's own scroll). */
const overflowing = (page) =>
  page.evaluate(() => {
    const limit = document.documentElement.clientWidth + 1;
    const out = [];
    for (const el of document.body.querySelectorAll('*')) {
      // Content inside a region that scrolls by itself (the table) is allowed to be wider.
      if (el.closest('.table-wrap') && !el.classList.contains('table-wrap')) continue;
      if (el.closest('.visually-hidden')) continue;
      // An SVG clips what it draws to its own box (the map's sphere when zoomed in).
      if (el.ownerSVGElement) continue;
      const r = el.getBoundingClientRect();
      if (r.width > 0 && r.right > limit) {
        out.push(`${el.tagName.toLowerCase()}.${String(el.className?.baseVal ?? el.className).split(' ')[0]} right=${Math.round(r.right)}`);
      }
    }
    return { scrollWidth: document.scrollingElement.scrollWidth, clientWidth: document.documentElement.clientWidth, out: out.slice(0, 10) };
  });

for (const size of SIZES) {
  for (const view of ['map', 'table']) {
    test(`${size.name}: the ${view} view reflows without sideways scrolling and stays usable`, async () => {
      const context = await browser.newContext({
        viewport: { width: size.width, height: size.height },
        deviceScaleFactor: size.scale,
      });
      const page = await context.newPage();
      const errors = [];
      page.on('pageerror', (e) => errors.push(e.message));
      try {
        await page.goto(appUrl({ lang: 'pt-BR', city: 'ipatinga', ...(view === 'table' ? { view } : {}) }));
        await page.locator(':root:not(.mounting) ' + (view === 'map' ? 'svg.map-layers path.mk' : 'table.links tbody tr')).first().waitFor({ state: 'attached', timeout: 15_000 });
        await page.getByRole('button', { name: 'Filtrar' }).click();
        await page.locator('.facet').first().waitFor();

        const o = await overflowing(page);
        assert.ok(o.scrollWidth <= o.clientWidth + 1, `page scrolls sideways: ${o.scrollWidth} > ${o.clientWidth}: ${o.out.join(', ')}`);
        assert.deepEqual(o.out, []);

        // Everything a person needs is reachable: choose a city, filter, switch view, search.
        for (const control of [
          page.getByRole('combobox', { name: /^Cidade/ }),
          page.getByRole('combobox', { name: /Buscar/ }),
          page.getByRole('button', { name: 'Tabela' }),
          page.getByRole('group', { name: 'Tipo' }).getByRole('checkbox').first(),
        ]) {
          await control.scrollIntoViewIfNeeded();
          const box = await control.boundingBox();
          assert.ok(box && box.width > 0 && box.x >= 0 && box.x + box.width <= size.width + 1, `control on screen: ${JSON.stringify(box)}`);
        }
        await page.getByRole('group', { name: 'Tipo' }).getByRole('checkbox', { name: /^Cidade-irmã/ }).check();
        await page.getByRole('status').filter({ hasText: '2 vínculos mostrados' }).waitFor();

        if (view === 'map') {
          // The map fits the width and its markers can still be chosen.
          const map = await page.locator('svg.map').boundingBox();
          assert.ok(map.width <= size.width && map.width >= size.width * 0.8, `map width ${map.width}`);
          await mapCity(page, /Kitakyushu/).click();
          await page.locator('aside.details').getByRole('heading', { name: /Kitakyushu/ }).waitFor();
        }
        await page.evaluate(axeSource);
        const results = await page.evaluate(() =>
          globalThis.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } }),
        );
        assert.deepEqual(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`), []);
        await screenshot(page, `${view}-${size.name}`);
        assert.deepEqual(errors, []);
      } finally {
        await context.close();
      }
    });
  }
}
