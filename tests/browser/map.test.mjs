//! The map with a mouse, a keyboard and fingers: the arc to Kitakyushu shows 1978 (tooltip and
//! details), zoom in/out/reset and pinch change the view, the legend hides a kind, choosing a
//! network lights up its members, and it fits a 4K presentation screen.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launch, openApp, screenshot, mapCity, mapReady } from './harness.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

const viewBox = (page) => page.locator('svg.map').getAttribute('viewBox');
const width = (vb) => Number(vb.split(' ')[2]);

/** Points along an SVG path, in page coordinates (arcs are thin: aim at the line). */
const pointsOnPath = (locator, count) =>
  locator.evaluate((path, n) => {
    const m = path.getScreenCTM();
    const total = path.getTotalLength();
    return Array.from({ length: n }, (_, i) => {
      const p = path.getPointAtLength((total * (i + 0.5)) / n);
      return { x: m.a * p.x + m.c * p.y + m.e, y: m.b * p.x + m.d * p.y + m.f };
    });
  }, count);

/**
 * Moves the mouse along a path (every arc of one kind is one path) until the tooltip says
 * `wanted`; returns where. Fails if no point of the path shows it.
 */
async function hoverArc(page, path, wanted) {
  const tip = page.getByRole('tooltip');
  for (const { x, y } of await pointsOnPath(path, 40)) {
    await page.mouse.move(x, y);
    if ((await tip.isVisible()) && (await tip.innerText()).includes(wanted)) return { x, y };
  }
  assert.fail(`no point of the path shows a tooltip with "${wanted}"`);
}

test('the arc to Kitakyushu is there, its tooltip says 1978, and selecting it shows 1978', async () => {
  const page = await openApp(browser, { query: { lang: 'pt-BR', city: 'ipatinga' } });
  try {
    const arcs = page.locator('svg.map-layers path.arc.kind-sister_city');
    await arcs.waitFor({ timeout: 15_000 });
    const tip = page.getByRole('tooltip');
    assert.equal(await tip.isVisible(), false, 'no tooltip before hovering');
    const { x, y } = await hoverArc(page, arcs, 'Ipatinga — Kitakyushu');
    const text = await tip.innerText();
    for (const expected of ['Ipatinga — Kitakyushu', 'Japão', 'Cidade-irmã', 'desde 1978', 'Kitakyushu: 1 vínculo']) {
      assert.ok(text.includes(expected), `tooltip has "${expected}": ${JSON.stringify(text)}`);
    }
    // Inside the map, whatever the side.
    const [t, m] = [await tip.boundingBox(), await page.locator('.map-wrap').boundingBox()];
    assert.ok(t.x >= m.x - 1 && t.x + t.width <= m.x + m.width + 1, 'tooltip stays within the map');
    // The hovered link is lit on the map.
    await page.locator('svg.map-layers path.arc.lit').first().waitFor();
    await screenshot(page, 'map-tooltip-arc-1440x900');
    await page.mouse.click(x, y);
    assert.match(await page.locator('aside.details').innerText(), /desde 1978/);
    await page.mouse.move(5, 5);
    await tip.waitFor({ state: 'hidden', timeout: 5_000 });
  } finally {
    await page.context().close();
  }
});

/** Where the page draws a marker: the centre of the label's marker, from the core's drawing. */
const labelBox = (label) => label.boundingBox();

test('keyboard focus on a marker shows its tooltip; a touch never does', async () => {
  const page = await openApp(browser, { query: { lang: 'en', city: 'ipatinga' } });
  try {
    await mapCity(page, /Kitakyushu/).waitFor({ timeout: 15_000 });
    const tip = page.getByRole('tooltip');
    // Focus the map, then arrow keys move from city to city; Kitakyushu is the east-most.
    await page.locator('svg.map').focus();
    const said = page.locator('#map-focus');
    for (let i = 0; i < 8 && !/Kitakyushu/.test(await said.innerText()); i++) {
      await page.keyboard.press('ArrowRight');
    }
    assert.match(await said.innerText(), /Kitakyushu/, 'arrow keys reach Kitakyushu');
    await tip.waitFor({ state: 'visible', timeout: 5_000 });
    const text = await tip.innerText();
    for (const expected of ['Kitakyushu', 'Japan', '1 link', 'Ipatinga: Sister city · since 1978']) {
      assert.ok(text.includes(expected), `tooltip has "${expected}": ${JSON.stringify(text)}`);
    }
    // Dataset text is text: the tooltip holds only the elements the app made.
    assert.deepEqual(
      await tip.evaluate((el) => [...el.querySelectorAll('*')].map((e) => e.tagName).filter((t) => !['STRONG', 'SPAN'].includes(t))),
      [],
    );
    // The focus ring is drawn where the keyboard is.
    assert.equal(await page.locator('svg.map-layers path.cursor').count(), 1);
    await screenshot(page, 'map-tooltip-focus-1440x900');
    await page.keyboard.press('Escape');
    await tip.waitFor({ state: 'hidden', timeout: 5_000 });

    // A finger on a marker: no hover tooltip (phones get tap-to-select and the details panel).
    const box = await labelBox(mapCity(page, /Marlboro/));
    await page.locator('.map-mover').dispatchEvent('pointermove', {
      pointerType: 'touch', bubbles: true, isPrimary: true, clientX: box.x, clientY: box.y + box.height / 2, buttons: 0,
    });
    await page.waitForTimeout(200);
    assert.equal(await tip.isVisible(), false, 'a touch does not open the tooltip');
  } finally {
    await page.context().close();
  }
});

/** Dots (markers) in the paths matching `selector`. */
const dots = (page, selector) =>
  page.evaluate((sel) => [...document.querySelectorAll(sel)].reduce((n, p) => n + (p.getAttribute('d').match(/h0/g) ?? []).length, 0), selector);

test('choosing a network lights up its member cities on the map and says so', async () => {
  const page = await openApp(browser, { query: { lang: 'en' } });
  try {
    await mapReady(page);
    assert.ok(await page.getByText('Choose one to highlight its member cities on the map.').isVisible());
    const iclei = page.locator('.bodies').getByRole('button', { name: 'ICLEI' });
    assert.equal(await iclei.getAttribute('aria-pressed'), 'false');
    assert.equal(await dots(page, 'svg.map-layers path.mk.lit'), 0, 'nothing lit yet');
    await iclei.click();
    assert.equal(await iclei.getAttribute('aria-pressed'), 'true');
    await page.getByRole('status').filter({ hasText: 'ICLEI: 1 member city highlighted on the map.' }).waitFor();
    await page.waitForFunction(() => document.querySelector('svg.map-layers').classList.contains('dim'));
    assert.equal(await dots(page, 'svg.map-layers path.mk.lit'), 1, 'its one member city (Belo Horizonte) is ringed');
    const opacity = (sel) => page.locator(sel).first().evaluate((el) => Number(getComputedStyle(el).opacity));
    assert.ok((await opacity('svg.map-layers path.mk.dot')) < 0.5, 'the other markers are dimmed');
    assert.ok((await opacity('svg.map-layers path.mk.lit')) > 0.8, 'the member is not');
    await screenshot(page, 'map-network-selected-1440x900');
    // Choosing it again lets go.
    await iclei.click();
    assert.equal(await iclei.getAttribute('aria-pressed'), 'false');
    await page.waitForFunction(() => !document.querySelector('svg.map-layers').classList.contains('dim'));
    assert.equal(await dots(page, 'svg.map-layers path.mk.lit'), 0);
    // And the other way round: a chosen city marks the bodies it belongs to.
    await mapCity(page, /Belo Horizonte/).click();
    await page.waitForFunction(() => document.querySelectorAll('.bodies .chip.member').length > 0);
    assert.equal(await page.locator('.bodies .chip.member').count(), await page.locator('.bodies .chip').count());
  } finally {
    await page.context().close();
  }
});

/** Map coordinates under a client point, allowing for `xMidYMid meet` letterboxing. */
const mapPointAt = (page, x, y) =>
  page.locator('svg.map').evaluate(
    (svg, [x, y]) => {
      const p = svg.createSVGPoint();
      [p.x, p.y] = [x, y];
      const q = p.matrixTransform(svg.getScreenCTM().inverse());
      return { x: q.x, y: q.y };
    },
    [x, y],
  );

test('a two-finger pinch zooms about the fingers and only changes the viewBox', async () => {
  const page = await openApp(browser, { query: { lang: 'en' }, width: 390, height: 844 });
  try {
    await mapReady(page);
    const svg = page.locator('svg.map');
    const mover = page.locator('.map-mover');
    assert.equal(await mover.evaluate((el) => getComputedStyle(el).touchAction), 'pan-y', 'the page still scrolls');
    const elementsBefore = await page.evaluate(() => document.querySelectorAll('svg.map *, svg.map-layers *').length);
    const box = await svg.boundingBox();
    // Off-centre, so zooming about the view's centre instead would fail.
    const [cx, cy] = [box.x + box.width * 0.3, box.y + box.height * 0.6];
    const anchor = await mapPointAt(page, cx, cy);
    const start = await viewBox(page);
    const send = (type, id, x, y) =>
      svg.dispatchEvent(type, { pointerId: id, pointerType: 'touch', isPrimary: id === 1, clientX: x, clientY: y, bubbles: true, buttons: type === 'pointerup' ? 0 : 1 });
    await send('pointerdown', 1, cx - 20, cy);
    await send('pointerdown', 2, cx + 20, cy);
    for (let step = 1; step <= 5; step++) {
      await send('pointermove', 1, cx - 20 - 4 * step, cy);
      await send('pointermove', 2, cx + 20 + 4 * step, cy);
    }
    await send('pointerup', 2, cx + 40, cy);
    await send('pointerup', 1, cx - 40, cy);
    const pinched = await viewBox(page);
    const ratio = width(pinched) / width(start);
    assert.ok(Math.abs(ratio - 0.5) < 0.05, `fingers twice as far apart halve the view width (${start} → ${pinched})`);
    const after = await mapPointAt(page, cx, cy);
    assert.ok(
      Math.abs(after.x - anchor.x) < 0.02 * width(pinched) && Math.abs(after.y - anchor.y) < 0.02 * width(pinched),
      `the place between the fingers stays put: ${JSON.stringify(anchor)} → ${JSON.stringify(after)}`,
    );
    assert.equal(await mover.evaluate((el) => getComputedStyle(el).touchAction), 'none', 'zoomed in, one finger pans the map');
    const elementsAfter = await page.evaluate(() => document.querySelectorAll('svg.map *, svg.map-layers *').length);
    assert.ok(Math.abs(elementsAfter - elementsBefore) <= 4, `zooming adds no elements (${elementsBefore} → ${elementsAfter})`);
    assert.equal(await page.locator('aside.details').count(), 0, 'a pinch selects nothing');
    await screenshot(page, 'map-pinched-390x844');
  } finally {
    await page.context().close();
  }
});

test('zoom in, zoom out and reset change the view; the keyboard pans', async () => {
  const page = await openApp(browser, { query: { lang: 'en' } });
  try {
    await mapReady(page);
    const start = await viewBox(page);
    await page.getByRole('button', { name: 'Zoom in' }).click();
    const zoomed = await viewBox(page);
    assert.ok(width(zoomed) < width(start), `${zoomed} narrower than ${start}`);
    await page.getByRole('button', { name: 'Zoom out' }).click();
    await page.getByRole('button', { name: 'Zoom out' }).click();
    assert.ok(width(await viewBox(page)) > width(zoomed));
    await page.locator('svg.map').focus();
    const beforePan = await viewBox(page);
    await page.keyboard.press('Shift+ArrowRight');
    const panned = await viewBox(page);
    assert.ok(Number(panned.split(' ')[0]) > Number(beforePan.split(' ')[0]), 'Shift+ArrowRight moves east');
    await page.getByRole('button', { name: 'Show all links' }).click();
    assert.equal(await viewBox(page), start, 'reset returns to the fitted view');
    // Links and cities are drawn in the box's own pixels, whatever the zoom: a marker keeps its
    // size on screen, and the picture has as many elements zoomed in as out.
    const layers = page.locator('svg.map-layers');
    const frame = await page.locator('.map-frame').evaluate((el) => `0 0 ${el.clientWidth}`);
    assert.ok((await layers.getAttribute('viewBox')).startsWith(frame), 'the layers are in screen pixels');
    const dotWidth = () => page.locator('svg.map-layers path.mk.home.dot').first().evaluate((p) => getComputedStyle(p).strokeWidth);
    const before = await dotWidth();
    // Zoom with the keyboard about the focused city (a home city), which stays in view.
    await page.locator('svg.map').focus();
    for (let i = 0; i < 3; i++) await page.keyboard.press('+');
    assert.ok(width(await viewBox(page)) < width(start) / 2, 'zoomed in');
    assert.equal(await dotWidth(), before, 'markers keep their size when zoomed in');
  } finally {
    await page.context().close();
  }
});

test('the legend hides and shows a kind of link everywhere', async () => {
  const page = await openApp(browser, { query: { lang: 'en' } });
  try {
    await mapReady(page);
    const bilateral = () =>
      page.evaluate(() => [...document.querySelectorAll('svg.map-layers path.arc.kind-bilateral_cooperation:not(.lit)')].reduce((n, p) => n + (p.getAttribute('d').match(/[Mm]/g) ?? []).length, 0));
    assert.equal(await bilateral(), 9, 'nine bilateral cooperations, one subpath each');
    const toggle = page.locator('.legend').getByRole('button', { name: 'Bilateral cooperation' });
    assert.equal(await toggle.getAttribute('aria-pressed'), 'true');
    await toggle.click();
    assert.equal(await toggle.getAttribute('aria-pressed'), 'false');
    assert.equal(await bilateral(), 0);
    // The legend is the kind filter: the URL keeps the kinds still shown.
    const shown = new URL(page.url()).searchParams.get('kind').split(',');
    assert.ok(!shown.includes('bilateral_cooperation') && shown.includes('sister_city'), shown.join());
    await toggle.click();
    assert.equal(await bilateral(), 9);
    assert.equal(new URL(page.url()).searchParams.get('kind'), null);
  } finally {
    await page.context().close();
  }
});

test('a 4K presentation screen shows the map and timeline without overflow', async () => {
  const page = await openApp(browser, { query: { lang: 'pt-BR' }, width: 3840, height: 2160 });
  try {
    await mapReady(page);
    await page.locator('svg.timeline').waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `page is ${overflow}px wider than the screen`);
    await screenshot(page, 'example-3840x2160');
  } finally {
    await page.context().close();
  }
});

test('a drag moves the painted map by a transform and sets the viewBox once, when it ends', async () => {
  const page = await openApp(browser, { query: { lang: 'en', city: 'belo-horizonte' } });
  try {
    await mapReady(page);
    await page.getByRole('button', { name: 'Zoom in' }).click();
    const start = await viewBox(page);
    const box = await page.locator('.map-frame').boundingBox();
    const [cx, cy] = [box.x + box.width / 2, box.y + box.height / 2];
    // Map units per CSS pixel, as the page draws them (the view fits the box both ways).
    const inner = await page.locator('.map-frame').evaluate((el) => [el.clientWidth, el.clientHeight]);
    const [, , vw, vh] = start.split(' ').map(Number);
    const upp = Math.max(vw / inner[0], vh / inner[1]);
    await page.mouse.move(cx, cy);
    await page.mouse.down();
    for (let i = 1; i <= 5; i++) await page.mouse.move(cx - 16 * i, cy - 8 * i);
    // Mid-drag: the picture moved with the pointer, the paths and the viewBox did not change.
    const moving = await page.locator('.map-mover').evaluate((el) => el.style.transform);
    assert.match(moving, /translate\(-80(\.0+)?px, -40(\.0+)?px\) scale\(1(\.0+)?\)/);
    assert.equal(await viewBox(page), start);
    await page.mouse.up();
    const [x0, y0] = start.split(' ').map(Number);
    const [x1, y1] = (await viewBox(page)).split(' ').map(Number);
    assert.ok(Math.abs(x1 - x0 - 80 * upp) < 0.05 && Math.abs(y1 - y0 - 40 * upp) < 0.05, `moved by ${x1 - x0}, ${y1 - y0}; expected ${80 * upp}, ${40 * upp}`);
    assert.equal(await page.locator('.map-mover').evaluate((el) => el.style.transform), '');
    assert.equal(await page.locator('aside.details').count(), 0, 'a drag does not select');
  } finally {
    await page.context().close();
  }
});

test('every map label is inside the map and no two overlap, on a desktop, a phone and a wide screen', async () => {
  for (const [width, height] of [[1440, 900], [390, 844], [1920, 1080]]) {
    for (const lang of ['pt-BR', 'en', 'es']) {
      const page = await openApp(browser, { width, height, query: { lang } });
      try {
        await mapReady(page);
        await page.locator('svg.map-layers text').first().waitFor({ state: 'attached' });
        const seen = await page.evaluate(() => {
          const frame = document.querySelector('svg.map-layers').getBoundingClientRect();
          const boxes = [...document.querySelectorAll('svg.map-layers text')].map((t) => {
            const r = t.getBoundingClientRect();
            return { text: t.textContent, left: r.left, right: r.right, top: r.top, bottom: r.bottom };
          });
          return { frame: { left: frame.left, right: frame.right, top: frame.top, bottom: frame.bottom }, boxes };
        });
        const where = `${width}×${height} ${lang}`;
        assert.ok(seen.boxes.length >= 6, `${where}: ${seen.boxes.length} labels`);
        for (const b of seen.boxes) {
          assert.ok(
            b.left >= seen.frame.left - 0.5 && b.right <= seen.frame.right + 0.5 && b.top >= seen.frame.top - 0.5 && b.bottom <= seen.frame.bottom + 0.5,
            `${where}: "${b.text}" is cut by the map's edge: ${JSON.stringify(b)} in ${JSON.stringify(seen.frame)}`,
          );
        }
        // Glyph boxes include the halo's room: allow a pixel where two labels touch.
        const overlap = (a, b) => a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1;
        for (let i = 0; i < seen.boxes.length; i++) {
          for (let j = i + 1; j < seen.boxes.length; j++) {
            assert.ok(!overlap(seen.boxes[i], seen.boxes[j]), `${where}: "${seen.boxes[i].text}" and "${seen.boxes[j].text}" overlap`);
          }
        }
      } finally {
        await page.context().close();
      }
    }
  }
});
