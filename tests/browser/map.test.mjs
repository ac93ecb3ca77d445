//! The map with a mouse, a keyboard and fingers: the arc to Kitakyushu shows 1978 (tooltip and
//! details), zoom in/out/reset and pinch change the view, the legend hides a kind, choosing a
//! network lights up its members, and it fits a 4K presentation screen.

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

/** A point in the middle of an SVG path, in page coordinates (arcs are thin: aim at the line). */
const pointOnPath = (locator) =>
  locator.evaluate((path) => {
    const p = path.getPointAtLength(path.getTotalLength() / 2);
    const m = path.getScreenCTM();
    return { x: m.a * p.x + m.c * p.y + m.e, y: m.b * p.x + m.d * p.y + m.f };
  });

test('the arc to Kitakyushu is there, its tooltip says 1978, and selecting it shows 1978', async () => {
  const page = await openApp(browser, { query: { lang: 'pt-BR', city: 'ipatinga' } });
  try {
    const arc = page.locator('svg.map path.arc.kind-sister_city[data-partner="kitakyushu"]');
    await arc.waitFor({ timeout: 15_000 });
    const tip = page.getByRole('tooltip');
    assert.equal(await tip.isVisible(), false, 'no tooltip before hovering');
    const { x, y } = await pointOnPath(arc);
    await page.mouse.move(x, y);
    await tip.waitFor({ state: 'visible', timeout: 5_000 });
    const text = await tip.innerText();
    for (const expected of ['Ipatinga — Kitakyushu', 'Japão', 'Cidade-irmã', 'desde 1978', 'Kitakyushu: 1 vínculo']) {
      assert.ok(text.includes(expected), `tooltip has "${expected}": ${JSON.stringify(text)}`);
    }
    // Inside the map, whatever the side.
    const [t, m] = [await tip.boundingBox(), await page.locator('.map-wrap').boundingBox()];
    assert.ok(t.x >= m.x - 1 && t.x + t.width <= m.x + m.width + 1, 'tooltip stays within the map');
    await screenshot(page, 'map-tooltip-arc-1440x900');
    await page.mouse.click(x, y);
    assert.match(await page.locator('aside.details').innerText(), /desde 1978/);
    await page.mouse.move(5, 5);
    await tip.waitFor({ state: 'hidden', timeout: 5_000 });
  } finally {
    await page.context().close();
  }
});

test('keyboard focus on a marker shows its tooltip; a touch never does', async () => {
  const page = await openApp(browser, { query: { lang: 'en', city: 'ipatinga' } });
  try {
    const kitakyushu = page.locator('svg.map').getByRole('button', { name: /Kitakyushu/ });
    await kitakyushu.waitFor({ timeout: 15_000 });
    const tip = page.getByRole('tooltip');
    // Tab from the map itself to its markers (home city first, then partners by name).
    await page.locator('svg.map').focus();
    let found = false;
    for (let i = 0; i < 6 && !found; i++) {
      await page.keyboard.press('Tab');
      found = await kitakyushu.evaluate((el) => el === document.activeElement);
    }
    assert.ok(found, 'Tab reaches Kitakyushu');
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
    await screenshot(page, 'map-tooltip-focus-1440x900');
    await page.keyboard.press('Escape');
    await page.locator('svg.map').focus();
    await tip.waitFor({ state: 'hidden', timeout: 5_000 });

    // A finger on a marker: no hover tooltip (phones get tap-to-select and the details panel).
    await kitakyushu.dispatchEvent('pointerover', { pointerType: 'touch', bubbles: true, isPrimary: true });
    await page.waitForTimeout(200);
    assert.equal(await tip.isVisible(), false, 'a touch does not open the tooltip');
  } finally {
    await page.context().close();
  }
});

test('choosing a network lights up its member cities on the map and says so', async () => {
  const page = await openApp(browser, { query: { lang: 'en' } });
  try {
    await page.locator('svg.map .marker').first().waitFor({ timeout: 15_000 });
    const map = page.locator('svg.map');
    const bh = map.getByRole('button', { name: /Belo Horizonte/ });
    const ipatinga = map.getByRole('button', { name: /^Ipatinga/ });
    const rosario = map.getByRole('button', { name: /Rosario/ });
    assert.ok(await page.getByText('Choose one to highlight its member cities on the map.').isVisible());
    const iclei = page.locator('.bodies').getByRole('button', { name: 'ICLEI' });
    assert.equal(await iclei.getAttribute('aria-pressed'), 'false');
    await iclei.click();
    assert.equal(await iclei.getAttribute('aria-pressed'), 'true');
    await page.getByRole('status').filter({ hasText: 'ICLEI: 1 member city highlighted on the map.' }).waitFor();
    await page.waitForFunction(() => document.querySelector('svg.map').classList.contains('dim'));
    assert.match(await bh.getAttribute('class'), /highlight/, 'the member is lit');
    assert.doesNotMatch(await ipatinga.getAttribute('class'), /highlight/, 'a non-member is not');
    assert.doesNotMatch(await rosario.getAttribute('class'), /highlight/, 'nor a partner city');
    const opacity = (l) => l.evaluate((el) => Number(getComputedStyle(el).opacity));
    assert.ok((await opacity(ipatinga)) < 0.5, 'non-members are dimmed');
    assert.equal(await opacity(bh), 1);
    await screenshot(page, 'map-network-selected-1440x900');
    // Choosing it again lets go.
    await iclei.click();
    assert.equal(await iclei.getAttribute('aria-pressed'), 'false');
    await page.waitForFunction(() => !document.querySelector('svg.map').classList.contains('dim'));
    assert.doesNotMatch(await bh.getAttribute('class') ?? '', /highlight/);
    // And the other way round: a chosen city marks the bodies it belongs to.
    await bh.focus(); // Ipatinga's marker overlaps it at this zoom
    await page.keyboard.press('Enter');
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
    await page.locator('svg.map .marker').first().waitFor({ timeout: 15_000 });
    const svg = page.locator('svg.map');
    assert.equal(await svg.evaluate((el) => getComputedStyle(el).touchAction), 'pan-y', 'the page still scrolls');
    const arcsBefore = await page.locator('svg.map .arc').evaluateAll((arcs) => arcs.map((a) => a.getAttribute('d')));
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
    assert.equal(await svg.evaluate((el) => getComputedStyle(el).touchAction), 'none', 'zoomed in, one finger pans the map');
    const arcsAfter = await page.locator('svg.map .arc').evaluateAll((arcs) => arcs.map((a) => a.getAttribute('d')));
    assert.deepEqual(arcsAfter, arcsBefore, 'no path was rebuilt');
    assert.equal(await page.locator('aside.details').count(), 0, 'a pinch selects nothing');
    await screenshot(page, 'map-pinched-390x844');
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

test('a drag moves the painted map by a transform and sets the viewBox once, when it ends', async () => {
  const page = await openApp(browser, { query: { lang: 'en', city: 'belo-horizonte' } });
  try {
    const svg = page.locator('svg.map');
    await svg.locator('.marker').first().waitFor({ timeout: 15_000 });
    await page.getByRole('button', { name: 'Zoom in' }).click();
    const start = await viewBox(page);
    const box = await page.locator('.map-frame').boundingBox();
    const [cx, cy] = [box.x + box.width / 2, box.y + box.height / 2];
    // Map units per CSS pixel, as the page draws them.
    const upp = Number(await svg.evaluate((el) => el.style.getPropertyValue('--upp')));
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
