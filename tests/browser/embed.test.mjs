//! Elos inside a city hall's page: a host page served from another origin (`localhost` where
//! the app is at `127.0.0.1`, tests/browser/hosts/) embeds the app as a plain iframe, with the
//! loader (`elos-embed.js`), and inside a tab that starts hidden. The height follows the
//! content, forged height messages are ignored, the host page's keys never reach the map, the
//! frame asks nothing of other origins, axe finds nothing inside, and the compact (320, 400 px)
//! and full (1280 px) layouts clip no control.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { artifactsDir, baseUrl, fixturesUrl, launch, openApp, screenshot } from './harness.mjs';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** The host pages, on another origin than the app (`cargo xtask test` sets it). */
const hostsUrl =
  process.env.ELOS_HOSTS_URL ?? new URL('/hosts/', baseUrl).href.replace('//127.0.0.1', '//localhost');
const appOrigin = new URL(baseUrl).origin;
assert.notEqual(new URL(hostsUrl).origin, appOrigin, 'the host page must be on another origin');

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/**
 * Opens the host page embedding the app. `q`: the app's query; `loader`, `tab`, `second`,
 * `sandbox`: see hosts/host.js. Returns the page with `requests` (every URL asked for, with the
 * frame that asked) and `errors`.
 */
async function openHost({ q = 'embed=1&lang=en', width, height = 500, loader, tab, second, sandbox, viewport } = {}) {
  const context = await browser.newContext({ viewport: viewport ?? { width: Math.max((width ?? 1280) + 40, 480), height: (width ?? 1280) > 600 ? 1600 : 900 } });
  const page = await context.newPage();
  page.requests = [];
  page.errors = [];
  page.on('request', (r) => page.requests.push({ url: r.url(), host: r.frame() === page.mainFrame() }));
  page.on('pageerror', (e) => page.errors.push(String(e)));
  // Every message the host page receives, as it arrived.
  await context.addInitScript(() => {
    if (window !== window.top) return;
    window.__messages = [];
    window.addEventListener('message', (e) => window.__messages.push(e.data));
  });
  page.on('console', (m) => {
    if (m.type() === 'error') page.errors.push(`${m.text()} ${m.location().url ?? ''}`);
  });
  const params = new URLSearchParams({ app: baseUrl, q, height: String(height) });
  if (width) params.set('width', String(width));
  for (const [name, on] of Object.entries({ loader, tab, second, sandbox })) if (on) params.set(name, '1');
  await page.goto(`${hostsUrl}host.html?${params}`, { waitUntil: 'load' });
  return page;
}

/** The app's frame, once its map has drawn. */
async function appFrame(page) {
  await page.frameLocator('#elos').locator(':root:not(.mounting) svg.map-layers path.mk').first().waitFor({ state: 'attached', timeout: 20_000 });
  return page.frames().find((f) => f.url().startsWith(baseUrl));
}

/** The frame element's height in CSS px, and the height of the app's page inside it. */
async function heights(page, frame) {
  const outer = await page.evaluate(() => document.getElementById('elos').getBoundingClientRect().height);
  const inner = await frame.evaluate(() => Math.ceil(document.documentElement.getBoundingClientRect().height));
  return { outer, inner };
}

/** Waits until the frame is as tall as its content (the loader at work). */
async function heightFollows(page, frame) {
  let last;
  for (let i = 0; i < 50; i++) {
    last = await heights(page, frame);
    if (Math.abs(last.outer - last.inner) <= 1) return last;
    await page.waitForTimeout(100);
  }
  assert.fail(`the frame is ${last.outer}px tall, its content ${last.inner}px`);
}

/** Every control inside the frame that sticks out of its width, or is cut by an ancestor. */
function clippedControls(frame) {
  return frame.evaluate(() => {
    const out = [];
    const width = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth > width + 1) out.push(`page scrolls sideways: ${document.documentElement.scrollWidth} > ${width}`);
    for (const el of document.querySelectorAll('button, a[href], input, select, textarea, [role=combobox], [tabindex="0"]')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue; // not shown
      if (el.closest('.visually-hidden, .skip')) continue;
      const name = `${el.tagName.toLowerCase()}.${el.className} "${(el.textContent || el.getAttribute('aria-label') || '').trim().slice(0, 30)}"`;
      if (r.left < -1 || r.right > width + 1) out.push(`${name}: ${Math.round(r.left)}..${Math.round(r.right)} of ${width}`);
      // An ancestor that hides overflow and cuts the control.
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        const s = getComputedStyle(p);
        if (s.overflowX === 'visible' && s.overflowY === 'visible') continue;
        if (p.scrollWidth > p.clientWidth + 1 && s.overflowX === 'hidden') {
          const pr = p.getBoundingClientRect();
          if (r.right > pr.right + 1 || r.left < pr.left - 1) out.push(`${name}: cut by ${p.tagName}.${p.className}`);
        }
        break;
      }
    }
    return out;
  });
}

async function frameShot(page, name) {
  await page.locator('#elos').screenshot({ path: join(artifactsDir, `${name}.png`) });
}

/** The map's view (the countries' viewBox) and the frame's address. */
function mapView(frame) {
  return frame.evaluate(() => [document.querySelector('svg.map')?.getAttribute('viewBox'), location.search]);
}

for (const width of [320, 400, 1280]) {
  test(`${width} px frame with the loader: ${width <= 600 ? 'compact' : 'full'} layout, nothing clipped, height follows content, axe clean`, async () => {
    const page = await openHost({ q: 'embed=1&lang=en&city=ipatinga', width, loader: true });
    const frame = await appFrame(page);
    await page.waitForTimeout(300);
    const compact = width <= 600;
    assert.equal(await frame.locator('.short-list').count(), compact ? 1 : 0, 'the short list is the compact layout');
    assert.equal(await frame.locator('.timeline-pane').count(), compact ? 0 : 1, 'the timeline is the full layout');
    assert.equal(await frame.locator('header.top').count(), 0, 'no page header in a host page');
    assert.equal(await frame.locator('#credits').count(), 0, 'no credits block in a host page');
    assert.equal(await frame.getByRole('link', { name: /Open the full explorer/ }).count(), 1);
    await heightFollows(page, frame);
    assert.deepEqual(await clippedControls(frame), []);
    await frameShot(page, `embed-${width}`);

    // The content grows (an item's details open) and shrinks again: the frame follows.
    const before = await heights(page, frame);
    if (compact) {
      await frame.locator('.short-item').first().click();
    } else {
      await frame.locator('svg.map-layers text', { hasText: /Kitakyushu/ }).first().click({ force: true });
      await frame.locator('.tl-item').first().click();
    }
    await frame.locator('aside.details').waitFor();
    await page.waitForTimeout(300);
    const open = await heightFollows(page, frame);
    if (compact) assert.ok(open.outer > before.outer + 50, `details opened: ${before.outer} → ${open.outer}`);
    assert.match((await mapView(frame))[1], /embed=1/, 'embed=1 survives a change of view');
    await frameShot(page, `embed-${width}-details`);
    await frame.locator('aside.details button.close').click();
    await page.waitForTimeout(300);
    const closed = await heightFollows(page, frame);
    if (compact) assert.ok(closed.outer < open.outer, `details closed: ${open.outer} → ${closed.outer}`);

    // axe, inside the frame (the page's CSP allows the DevTools protocol's evaluate).
    await frame.evaluate(axeSource);
    const result = await frame.evaluate((tags) => globalThis.axe.run(document, { runOnly: { type: 'tag', values: tags } }), AXE_TAGS);
    const violations = result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    assert.deepEqual(violations, []);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });
}

test('plain iframe without the loader: fixed height, scrolls inside; the frame asks nothing of other origins, stores nothing', async () => {
  const page = await openHost({ q: 'embed=1&lang=en&city=belo-horizonte', width: 400, height: 400 });
  const frame = await appFrame(page);
  await page.waitForTimeout(800);
  const { outer, inner } = await heights(page, frame);
  assert.equal(outer, 400, 'no loader: the webmaster\'s height stays');
  assert.ok(inner > outer, `the content (${inner}px) scrolls inside the frame`);
  assert.equal(await frame.evaluate(() => document.scrollingElement.scrollHeight > innerHeight), true);
  // The app still tells its height, in its own shape and the two common ones CMS plugins know.
  const messages = await page.evaluate(() => window.__messages);
  const own = messages.find((m) => m?.type === 'elos:size');
  assert.ok(own && own.version === 1 && Math.abs(own.height - inner) <= 1, JSON.stringify(messages));
  assert.match(own.title, /international relations/);
  assert.ok(messages.some((m) => m?.type === 'embed-size' && m.height === own.height), JSON.stringify(messages));
  const iframely = messages.filter((m) => typeof m === 'string').map((m) => JSON.parse(m));
  assert.ok(iframely.some((m) => m.context === 'iframe.resize' && m.height === own.height && m.src.startsWith(baseUrl)), JSON.stringify(messages));
  // Requests: the host page's own files, and the frame's from the app's own folder only.
  const outside = page.requests.filter((r) => (r.host ? !r.url.startsWith(hostsUrl) : !r.url.startsWith(baseUrl)));
  assert.deepEqual(outside, []);
  assert.ok(page.requests.some((r) => !r.host && r.url.endsWith('.wasm')));
  const storage = await frame.evaluate(async () => {
    // A third-party frame's storage may be blocked outright: that counts as empty too.
    const count = async (f) => {
      try {
        return await f();
      } catch {
        return 0;
      }
    };
    return {
      cookie: document.cookie,
      local: await count(() => localStorage.length),
      session: await count(() => sessionStorage.length),
      caches: await count(async () => (await caches.keys()).length),
      workers: await count(async () => (await navigator.serviceWorker.getRegistrations()).length),
    };
  });
  assert.deepEqual(storage, { cookie: '', local: 0, session: 0, caches: 0, workers: 0 });
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('forged height messages (from the host window, from a second iframe, out of range) are ignored', async () => {
  const page = await openHost({ q: 'embed=1&lang=en&city=ipatinga', width: 400, loader: true, second: true });
  const frame = await appFrame(page);
  const good = await heightFollows(page, frame);
  // The host page's own window, in Elos' shape and the common ones.
  await page.evaluate(() => {
    for (const height of [3333, 150]) {
      window.postMessage({ type: 'elos:size', version: 1, height }, '*');
      window.postMessage({ type: 'embed-size', height }, '*');
    }
  });
  // A second frame on the page.
  const other = page.frames().find((f) => f.url().endsWith('forger.html'));
  await other.evaluate(() => window.forge(4444));
  // The app's own frame, with heights no page has and malformed messages.
  await frame.evaluate(() => {
    for (const height of [50, 999999, Number.NaN, '700', -1]) parent.postMessage({ type: 'elos:size', version: 1, height }, '*');
    parent.postMessage({ type: 'elos:size', version: 2, height: 700 }, '*');
    parent.postMessage('{"type":"elos:size","version":1,"height":700}', '*');
  });
  await page.waitForTimeout(500);
  assert.equal((await heights(page, frame)).outer, good.outer);
  // A well-formed message from the frame itself is still obeyed (so the test above can fail).
  await frame.evaluate(() => parent.postMessage({ type: 'elos:size', version: 1, height: 777 }, '*'));
  await page.waitForFunction(() => document.getElementById('elos').getBoundingClientRect().height === 777);
  await page.context().close();
});

test('keys typed in the host page do nothing to the map; the map\'s own keys work with focus inside', async () => {
  const page = await openHost({ q: 'embed=1&lang=en&city=ipatinga', width: 1280, loader: true });
  const frame = await appFrame(page);
  await page.waitForTimeout(500);
  const start = await mapView(frame);
  await page.locator('#host-search').click();
  await page.keyboard.type('+-0 hello');
  for (const key of ['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', '+', '-', 'Enter', 'Escape', 'Home', 'End']) await page.keyboard.press(key);
  await page.waitForTimeout(400);
  assert.deepEqual(await mapView(frame), start);
  assert.equal(await page.locator('#host-search').inputValue(), '+-0 hello+-', 'the keys went to the host page');
  // Focus inside the frame: the map's zoom key acts (so the check above could fail).
  await frame.locator('.map-controls button').first().click();
  await page.waitForTimeout(600);
  assert.notDeepEqual((await mapView(frame))[0], start[0]);
  await page.context().close();
});

test('inside a tab hidden at first: the map fits when the tab is shown, and the frame takes its height', async () => {
  const page = await openHost({ q: 'embed=1&lang=en&city=ipatinga', width: 400, loader: true, tab: true });
  // The app starts in a display:none frame.
  await page.waitForFunction(() => document.getElementById('elos').getBoundingClientRect().width === 0);
  await page.waitForTimeout(2500);
  await page.getByRole('tab', { name: 'Map' }).click();
  const frame = await appFrame(page);
  await heightFollows(page, frame);
  const fit = await frame.evaluate(() => {
    const svg = document.querySelector('svg.map-layers').getBoundingClientRect();
    const labels = [...document.querySelectorAll('svg.map-layers text')].map((t) => [t.textContent, +t.dataset.cx, +t.dataset.cy]);
    return { width: svg.width, height: svg.height, labels, inner: innerWidth };
  });
  assert.ok(fit.width > 300 && fit.height > 100, `map ${fit.width}×${fit.height}`);
  for (const [name, cx, cy] of fit.labels) {
    assert.ok(cx >= 0 && cx <= fit.width && cy >= 0 && cy <= fit.height, `${name} at ${cx},${cy} is in the map`);
  }
  assert.ok(fit.labels.some(([n]) => /Kitakyushu/.test(n)), JSON.stringify(fit.labels));
  assert.equal(await frame.locator('.short-list').count(), 1, 'compact once its width is known');
  await frameShot(page, 'embed-tab-shown');
  await page.context().close();
});

test('host look: scheme, accent (with AA text), transparent and lang survive navigation; a bad value gets a gentle notice', async () => {
  const page = await openHost({ q: 'embed=1&lang=es&city=ipatinga&scheme=dark&accent=ffcc00&transparent=1', width: 400, loader: true, sandbox: true });
  const frame = await appFrame(page);
  const look = () =>
    frame.evaluate(() => {
      const root = getComputedStyle(document.documentElement);
      return {
        classes: document.documentElement.className,
        lang: document.documentElement.lang,
        onAccent: root.getPropertyValue('--on-accent').trim(),
        bg: getComputedStyle(document.body).backgroundColor,
        // Another scheme than the host page's would give the frame an opaque backdrop.
        colorScheme: root.colorScheme,
        search: location.search,
      };
    });
  const first = await look();
  assert.match(first.classes, /\bembed\b/);
  assert.match(first.classes, /\bscheme-dark\b/);
  assert.match(first.classes, /\btransparent\b/);
  assert.equal(first.lang, 'es');
  assert.equal(first.onAccent, '#000000', 'black text on a yellow accent');
  assert.equal(first.bg, 'rgba(0, 0, 0, 0)');
  assert.equal(first.colorScheme, 'normal');
  await frame.locator('.short-item').first().click();
  await frame.locator('aside.details').waitFor();
  const after = await look();
  for (const param of ['embed=1', 'scheme=dark', 'accent=ffcc00', 'transparent=1', 'lang=es', 'sel=']) {
    assert.ok(after.search.includes(param), `${param} kept in ${after.search}`);
  }
  await frameShot(page, 'embed-400-dark-accent');
  await page.context().close();

  const bad = await openHost({ q: 'embed=1&lang=en&scheme=purple&accent=blue', width: 400, loader: true });
  const badFrame = await appFrame(bad);
  const notice = badFrame.locator('.notice-area .notice');
  await notice.waitFor({ timeout: 10_000 });
  const text = await notice.textContent();
  assert.match(text, /scheme/);
  assert.match(text, /accent/);
  assert.equal(await badFrame.evaluate(() => document.documentElement.className.includes('scheme-')), false);
  await bad.context().close();
});

test('"Embed this view": the snippet carries the view on screen, in the chosen size and kind, with a live preview, in three languages', async () => {
  for (const [lang, button, copy] of [
    ['en', 'Embed', 'Copy the code'],
    ['pt-BR', 'Incorporar', 'Copiar o código'],
    ['es', null, null],
  ]) {
    const page = await openApp(browser, { query: { lang, city: 'ipatinga', kind: 'sister_city' }, width: 1280 });
    await page.locator(':root:not(.mounting) svg.map-layers path.mk').first().waitFor({ state: 'attached', timeout: 15_000 });
    const opener = button ? page.getByRole('button', { name: button, exact: true }) : page.locator('button.embed-open');
    await opener.click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    const code = await dialog.locator('textarea').inputValue();
    assert.match(code, /<iframe src="http:\/\/127\.0\.0\.1:\d+\/relacoes-internacionais\/elos\/\?embed=1&amp;/);
    for (const part of [`lang=${encodeURIComponent(lang)}`, 'city=ipatinga', 'kind=sister_city', 'data-elos', 'elos-embed.js', '<noscript>']) {
      assert.ok(code.includes(part), `${part} in ${code}`);
    }
    const preview = dialog.locator('.embed-preview iframe');
    assert.match(await preview.getAttribute('src'), /embed=1/);
    if (copy) assert.equal(await dialog.getByRole('button', { name: copy }).count(), 1);
    if (lang === 'en') {
      // The preview is the widget itself, at the chosen width.
      const inner = page.frameLocator('.embed-preview iframe');
      await inner.locator('.short-list').waitFor({ timeout: 15_000 });
      assert.equal(Math.round((await preview.boundingBox()).width), 400);
      await dialog.getByRole('radio', { name: /Medium/ }).check();
      assert.match(await dialog.locator('textarea').inputValue(), /max-width:600px;height:720px/);
      await dialog.getByRole('radio', { name: /The iframe alone/ }).check();
      const plain = await dialog.locator('textarea').inputValue();
      assert.ok(!plain.includes('<script') && plain.includes('<iframe'), plain);
      await dialog.getByRole('radio', { name: /Image and link/ }).check();
      const poster = await dialog.locator('textarea').inputValue();
      assert.ok(poster.includes('poster.svg') && !poster.includes('<iframe'), poster);
      await dialog.locator('.embed-preview img').waitFor();
      assert.ok(await dialog.locator('.embed-preview img').evaluate((img) => img.complete && img.naturalWidth > 0), 'the poster loads');
      await dialog.getByRole('radio', { name: /Automatic height/ }).check();
      await screenshot(page, 'embed-dialog');
      // axe on the open dialog (the page's own axe checks do not open it).
      await page.evaluate(axeSource);
      const result = await page.evaluate((tags) => globalThis.axe.run(document.querySelector('dialog'), { runOnly: { type: 'tag', values: tags } }), AXE_TAGS);
      assert.deepEqual(result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), []);
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'hidden' });
      assert.equal(await page.evaluate(() => document.activeElement?.className), 'embed-open', 'focus goes back to the button');
    }
    assert.deepEqual(page.pageErrors, []);
    assert.deepEqual(page.cspViolations, []);
    await page.context().close();
  }
});

test('before the app starts, the placeholder in a frame leaves out the page header (and keeps it outside one)', async () => {
  const context = await browser.newContext({ viewport: { width: 400, height: 600 } });
  const page = await context.newPage();
  try {
    // The app never starts: what shows is the build's placeholder alone.
    await page.route(/\.wasm$/, (route) => route.abort());
    const header = page.locator('#boot header.top');
    await page.goto(`${baseUrl}?embed=1&lang=en`, { waitUntil: 'load' });
    await page.waitForFunction(() => document.documentElement.classList.contains('embed'));
    assert.equal(await header.isVisible(), false, 'no page header in a frame');
    await page.goto(`${baseUrl}?lang=en`, { waitUntil: 'load' });
    assert.equal(await header.isVisible(), true, 'the standalone page keeps its header');
  } finally {
    await context.close();
  }
});

test('the placeholder painted before the app says what the app will: the default dataset’s title, or the general subtitle for another dataset', async () => {
  // The app never starts: what shows is the build's placeholder alone.
  const placeholderSubtitle = async (query) => {
    const context = await browser.newContext({ viewport: { width: 412, height: 823 } });
    const page = await context.newPage();
    try {
      await page.route(/\.wasm$/, (route) => route.abort());
      await page.goto(`${baseUrl}${query}`, { waitUntil: 'load' });
      return (await page.locator('#boot .subtitle').innerText()).trim();
    } finally {
      await context.close();
    }
  };
  // The placeholder is in the default language (pt-BR): so is the app, asked for it.
  const placeholder = await placeholderSubtitle('?lang=pt-BR');
  const page = await openApp(browser, { width: 412, height: 823, query: { lang: 'pt-BR' } });
  try {
    const subtitle = page.locator('header.top .subtitle').last();
    await page.locator('#boot').waitFor({ state: 'detached', timeout: 20_000 });
    await page.waitForFunction(() => document.querySelector('svg.map-layers path.mk'), null, { timeout: 20_000 });
    const shown = (await subtitle.innerText()).trim();
    assert.ok(shown.length > 0, 'the app shows a subtitle');
    // Same text, so the same size: the app's subtitle is no new, later largest paint.
    assert.equal(placeholder, shown);
  } finally {
    await page.context().close();
  }
  const other = await placeholderSubtitle(`?lang=pt-BR&data=${encodeURIComponent(`${fixturesUrl}synthetic/links-5000.json`)}`);
  assert.ok(other.length > 0 && other !== placeholder, `another dataset's placeholder: ${other}`);
});

test('before the app starts, the placeholder shows the default view — links on the framed world and the timeline — in the language the app will use, and the whole world without them when the address asks for another view', async () => {
  // The app never starts (its wasm never arrives): what shows is the build's placeholder alone.
  const placeholder = async (query, locale) => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale });
    const page = await context.newPage();
    await page.route(/\.wasm$/, () => {});
    await page.goto(`${baseUrl}${query}`, { waitUntil: 'load' });
    const seen = await page.evaluate(() => {
      const world = document.getElementById('world');
      // Shown: neither it nor a parent has display: none (an SVG group has no box of its own).
      const displayed = (el) => !el || el === document.body || (getComputedStyle(el).display !== 'none' && displayed(el.parentElement));
      const shown = (selector) => [...document.querySelectorAll(selector)].filter(displayed);
      return {
        viewBox: world.getAttribute('viewBox'),
        wholeWorld: world.getAttribute('data-world-view'),
        partners: world.querySelectorAll('.partner').length,
        arcs: shown('#boot svg.boot-layers path.arc').length,
        markers: shown('#boot svg.boot-layers path.mk').length,
        labelLangs: shown('#boot svg.boot-layers .labels').map((g) => g.getAttribute('data-lang')),
        labels: shown('#boot svg.boot-layers .labels text').map((t) => t.textContent),
        timelineLangs: shown('#boot .boot-timeline > [data-lang]').map((d) => d.getAttribute('data-lang')),
        items: shown('#boot .boot-timeline .tl-item').map((g) => g.textContent),
        // The placeholder's own texts: its inert controls, headings and "loading" line.
        lang: document.documentElement.lang,
        switch: [...document.querySelectorAll('#boot .view-switch button')].map((b) => b.textContent),
        titles: [...document.querySelectorAll('#boot h2.pane-title')].map((h) => h.textContent),
        searchHint: document.querySelector('#boot .controls input').placeholder,
        loading: document.querySelector('#boot .loading').textContent,
      };
    });
    return { page, context, seen };
  };

  const words = (lang) => {
    const c = JSON.parse(readFileSync(new URL(`../../crates/elos-core/locales/${lang}.json`, import.meta.url), 'utf8'));
    return {
      lang,
      switch: [c['nav.view_map'], c['nav.view_table']],
      titles: [c['map.title'], c['timeline.title']],
      searchHint: c['search.placeholder'],
      loading: c['app.loading'],
    };
  };
  const ownTexts = (seen) => ({ lang: seen.lang, switch: seen.switch, titles: seen.titles, searchHint: seen.searchHint, loading: seen.loading });

  const spanish = await placeholder('', 'es-ES');
  try {
    const { seen } = spanish;
    // The controls and headings too, not only the drawing: nothing changes language (or width)
    // when the app takes over.
    assert.deepEqual(ownTexts(seen), words('es'));
    assert.notEqual(seen.viewBox, seen.wholeWorld, 'the world is framed on the links');
    assert.equal(seen.wholeWorld, '0 -18 1000 523');
    assert.ok(seen.partners >= 5, `partner countries shaded: ${seen.partners}`);
    assert.ok(seen.arcs >= 2 && seen.markers >= 3, `arcs ${seen.arcs}, markers ${seen.markers}`);
    // As the app will be: in the browser's language.
    assert.deepEqual(seen.labelLangs, ['es']);
    assert.deepEqual(seen.timelineLangs, ['es']);
    assert.ok(seen.labels.includes('Ipatinga') && seen.labels.includes('Kitakyushu'), seen.labels.join(', '));
    // One layout of the two: Ipatinga's two sister cities and Belo Horizonte's two milestones.
    assert.equal(seen.items.length, 4, seen.items.join(' | '));
    assert.ok(seen.items.includes('1978: Kitakyushu'), seen.items.join(' | '));
    await screenshot(spanish.page, 'placeholder-first-view-1440');
  } finally {
    await spanish.context.close();
  }

  const asked = await placeholder('?lang=en', 'es-ES');
  try {
    assert.deepEqual(asked.seen.timelineLangs, ['en'], 'the address’s lang= first');
    assert.deepEqual(asked.seen.labelLangs, ['en']);
    assert.deepEqual(ownTexts(asked.seen), words('en'));
  } finally {
    await asked.context.close();
  }

  for (const query of ['?city=ipatinga', '?view=table', `?data=${encodeURIComponent(`${fixturesUrl}synthetic/links-5000.json`)}`, '?embed=1']) {
    const other = await placeholder(query, 'pt-BR');
    try {
      const { seen } = other;
      assert.equal(seen.viewBox, seen.wholeWorld, `${query}: the whole world`);
      assert.equal(seen.partners, 0, `${query}: no country shaded`);
      assert.equal(seen.arcs + seen.markers + seen.items.length, 0, `${query}: no links drawn`);
      assert.deepEqual({ ...ownTexts(seen), titles: seen.titles.slice(0, 1) }, { ...words('pt-BR'), titles: words('pt-BR').titles.slice(0, 1) });
    } finally {
      await other.context.close();
    }
  }
  // Another view in another language: the whole world, but the controls in English already.
  const english = await placeholder('?city=ipatinga', 'en-GB');
  try {
    assert.equal(english.seen.arcs, 0);
    assert.deepEqual(
      { ...ownTexts(english.seen), titles: english.seen.titles.slice(0, 1) },
      { ...words('en'), titles: words('en').titles.slice(0, 1) },
    );
  } finally {
    await english.context.close();
  }
});

test('the placeholder puts the map, its legend, the networks and the timeline where the app then draws them, at phone to desktop widths, and names the cities on a phone’s map', async () => {
  // Where each pane starts, and which label sets of the drawn map show (the placeholder's).
  const measure = (scope) =>
    document.fonts.ready.then(() => {
      const root = document.querySelector(scope);
      const top = (selector) => {
        const shown = [...root.querySelectorAll(selector)].find((el) => el.getClientRects().length > 0);
        return shown ? Math.round(shown.getBoundingClientRect().top + scrollY) : null;
      };
      const labelSets = [...root.querySelectorAll('svg.boot-layers .labels')].filter((g) => g.getClientRects().length > 0);
      return {
        tops: {
          map: top('.map-frame'),
          legend: top('.legend'),
          bodies: top('.bodies'),
          timeline: top('.timeline-pane'),
        },
        count: root.querySelector('.result-count:not(.boot-off)')?.textContent ?? null,
        legendEntries: [...(root.querySelector('.legend:not(.boot-off)')?.querySelectorAll('li') ?? [])].map((li) => li.textContent.trim()),
        chips: [...(root.querySelector('.bodies:not(.boot-off)')?.querySelectorAll('.chip') ?? [])].map((c) => c.textContent.trim()),
        labelSets: labelSets.map((g) => `${g.getAttribute('class')} ${g.getAttribute('data-lang')}`),
        labels: labelSets.flatMap((g) => [...g.querySelectorAll('text')].map((t) => t.textContent)),
      };
    });
  for (const [width, height, locale] of [[320, 700, 'pt-BR'], [390, 844, 'es-ES'], [768, 1024, 'en-US'], [1440, 900, 'pt-BR']]) {
    const context = await browser.newContext({ viewport: { width, height }, locale });
    const page = await context.newPage();
    try {
      // The wasm is held back until the placeholder has been measured.
      let release;
      const held = new Promise((resolve) => (release = resolve));
      await page.route(/\.wasm$/, async (route) => {
        await held;
        await route.continue();
      });
      await page.goto(baseUrl, { waitUntil: 'domcontentloaded' });
      await page.waitForSelector('#boot .timeline-pane');
      const before = await page.evaluate(measure, '#boot');
      if (width === 390) await screenshot(page, 'placeholder-first-view-390');
      release();
      await page.waitForSelector('#main .workspace .legend');
      await page.waitForFunction(() => !document.getElementById('boot'));
      const after = await page.evaluate(measure, '#main');
      const size = `${width}×${height} (${locale})`;
      for (const [pane, y] of Object.entries(after.tops)) {
        assert.ok(y !== null && before.tops[pane] !== null, `${size}: ${pane} drawn in both: ${JSON.stringify(before.tops)}`);
        assert.ok(Math.abs(y - before.tops[pane]) <= 2, `${size}: ${pane} at ${before.tops[pane]} px before the app, ${y} px after`);
      }
      // The same words: the count, the legend's entries and the networks' names.
      assert.equal(before.count, after.count, size);
      assert.deepEqual(before.legendEntries, after.legendEntries, size);
      assert.deepEqual(before.chips, after.chips, size);
      assert.ok(before.chips.length >= 10, `${size}: ${before.chips.length} networks and organisations`);
      // One label set, in the app's language, with the home cities named at every width.
      assert.equal(before.labelSets.length, 1, `${size}: ${before.labelSets.join(' | ')}`);
      assert.ok(before.labelSets[0].endsWith(` ${locale === 'es-ES' ? 'es' : locale === 'en-US' ? 'en' : 'pt-BR'}`), before.labelSets[0]);
      assert.ok(['Ipatinga', 'Kitakyushu'].every((name) => before.labels.includes(name)), `${size}: ${before.labels.join(', ')}`);
    } finally {
      await context.close();
    }
  }
});

test('the app builds itself behind the placeholder and takes over in one frame: never a frame with holes or half an app', async () => {
  for (const [width, height, query] of [[390, 844, ''], [1440, 900, ''], [1440, 900, '?lang=en&city=ipatinga']]) {
    const context = await browser.newContext({ viewport: { width, height } });
    const page = await context.newPage();
    try {
      // What every frame showed, from before the first script runs, looked at in its animation
      // callback: the page as the tasks before the frame left it. The frame then runs its
      // resize observers (the map and the timeline draw for their size there) and paints, so
      // what a frame painted is what the next frame's callback sees.
      await page.addInitScript(() => {
        const frames = (window.__frames = []);
        const look = () => {
          const boot = document.getElementById('boot');
          const main = document.getElementById('main');
          frames.push({
            mounting: document.documentElement.classList.contains('mounting'),
            boot: Boolean(boot),
            bootCountries: boot?.querySelectorAll('path.country').length ?? 0,
            appShown: Boolean(main && main.getClientRects().length > 0),
            parts: {
              controls: Boolean(document.querySelector('header.top .controls [role=combobox]')),
              filters: Boolean(main?.querySelector('.filter-bar')),
              markers: Boolean(main?.querySelector('svg.map-layers path.mk')),
              countries: main?.querySelectorAll('.map-frame path.country').length ?? 0,
              legend: Boolean(main?.querySelector('.legend')),
              timeline: Boolean(main?.querySelector('svg.timeline .tl-item')),
            },
          });
          if (frames.length < 600 && (boot || frames.length < 5 || frames.at(-3)?.boot)) requestAnimationFrame(look);
        };
        requestAnimationFrame(look);
      });
      await page.goto(`${baseUrl}${query}`);
      await page.waitForFunction(() => window.__frames.length > 3 && !window.__frames.at(-2).boot);
      const frames = await page.evaluate(() => window.__frames);
      const size = `${width}×${height}${query}`;
      const withBoot = frames.filter((f) => f.boot);
      assert.ok(withBoot.length > 0, `${size}: the placeholder was painted`);
      for (const f of withBoot) {
        // The placeholder alone, whole: the app's parts stay out until all are built, and the
        // world shapes the map takes over stay in the placeholder until then.
        assert.ok(!f.appShown, `${size}: a frame showed the app beside the placeholder: ${JSON.stringify(f)}`);
        assert.ok(f.bootCountries > 100, `${size}: a frame showed the placeholder without its countries: ${JSON.stringify(f)}`);
      }
      const at = frames.findIndex((f) => !f.boot);
      const first = frames[at + 1];
      assert.ok(first && !first.boot && !first.mounting && first.appShown, `${size}: the first frame without the placeholder showed the app: ${JSON.stringify(first)}`);
      assert.deepEqual(
        Object.entries(first.parts).filter(([, v]) => !v).map(([k]) => k),
        [],
        `${size}: the first frame of the app had every part: ${JSON.stringify(frames.slice(at - 1, at + 3))}`,
      );
      assert.ok(first.parts.countries > 100, `${size}: the app's map has the world's countries`);
    } finally {
      await context.close();
    }
  }
});
