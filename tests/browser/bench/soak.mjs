//! `cargo xtask bench soak [--explore | --kiosk] [--minutes N]`: the page left running, printing the
//! JS heap after garbage collection, the Rust heap's live bytes, the wasm memory, the page's
//! elements, DOM nodes and event listeners at the start, along the way and at the end. Figures;
//! it never fails. Two scenarios, both by default:
//!
//! - **explore**: a person using the explorer on the example for 60 minutes of page time
//!   (`ELOS_SOAK_MINUTES` overrides): each simulated minute changes the home city, opens the
//!   filters and ticks one, selects a city on the map, searches, switches the language, goes to
//!   the table and back, and plays the time window.
//! - **kiosk**: present mode with `autoplay=5` and `loop=1` for 30 minutes of its own clock,
//!   nothing touching the page (any input pauses a kiosk).
//!
// Playwright's fake clock drives the page's Date, timers and animation frames, so an hour of
// use runs in a few minutes. What would grow over hours grows here the same: elements built and
// not dropped, listeners added per change, closures or reactive nodes kept by the wasm.
//
// Samples are taken in the same state each time (explore: pt-BR, map, Ipatinga, no filter, no
// selection; kiosk: whatever step is on screen), so rows can be compared. The wasm's linear
// memory never shrinks — it is the high-water mark of the Rust heap — so the Rust heap's live
// bytes (counted by the app's allocator, `elos_heap_live_bytes`) are what tells a leak.

import { appUrl, launch } from '../harness.mjs';

const ONLY = process.env.ELOS_SOAK_SCENARIO ?? 'both';
const MINUTES = process.env.ELOS_SOAK_MINUTES ? Number(process.env.ELOS_SOAK_MINUTES) : undefined;
const SIZE = { width: 1920, height: 1080 };
/** Page time per call into the fake clock: animation frames run every 16 ms within it. */
const CHUNK_MS = 1000;
const SAMPLES = 6;
/** `ELOS_SOAK_ACTIONS=search,language`: only these of the explorer's actions (to find what grows). */
const ACTIONS = process.env.ELOS_SOAK_ACTIONS?.split(',');


/** A page on a fake clock, with what the samples read from it. */
async function open(query) {
  const context = await browser.newContext({ viewport: SIZE });
  await context.clock.install({ time: new Date('2026-03-01T10:00:00Z') });
  await context.addInitScript(() => {
    addEventListener('TrunkApplicationStarted', (e) => (window.__elosWasm = e.detail?.wasm));
  });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  // A Rust panic's message (console_error_panic_hook) comes before the "unreachable" it ends in.
  page.on('console', (m) => m.type() === 'error' && console.log(`  (page console: ${m.text().split('\n').slice(0, 3).join(' | ')})`));
  const cdp = await context.newCDPSession(page);
  await page.goto(appUrl(query));
  return { context, page, cdp, errors };
}

const COLUMNS = '  page time   on screen        actions   JS heap MB   Rust heap MB   wasm MB   elements   DOM nodes   listeners';

/** Measures the page after a garbage collection, prints a row and returns it. */
async function sample({ page, cdp }, minutes, at, actions) {
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = await cdp.send('Runtime.getHeapUsage');
  const dom = await cdp.send('Memory.getDOMCounters');
  const inPage = await page.evaluate(() => ({
    elements: document.getElementsByTagName('*').length,
    wasmMb: window.__elosWasm ? window.__elosWasm.memory.buffer.byteLength / 1048576 : NaN,
    rustMb: window.__elosWasm?.elos_heap_live_bytes ? window.__elosWasm.elos_heap_live_bytes() / 1048576 : NaN,
  }));
  const row = { minutes, at, actions, heapMb: heap.usedSize / 1048576, ...inPage, nodes: dom.nodes, listeners: dom.jsEventListeners };
  console.log(
    `  ${`${minutes.toFixed(1)} min`.padStart(9)} ${at.padStart(11)} ${String(actions).padStart(14)} ${row.heapMb.toFixed(2).padStart(12)} ${row.rustMb.toFixed(3).padStart(14)} ${row.wasmMb.toFixed(1).padStart(9)} ${String(row.elements).padStart(10)} ${String(row.nodes).padStart(11)} ${String(row.listeners).padStart(11)}`,
  );
  return row;
}

/** The growth line: the last sample against the first, and against the second (after warm-up). */
function growth(rows, what) {
  const [first, second, end] = [rows[0], rows[1] ?? rows[0], rows.at(-1)];
  const diff = (a, key, digits) => {
    const d = end[key] - a[key];
    return `${d >= 0 ? '+' : ''}${d.toFixed(digits)}`;
  };
  const line = (a) =>
    `JS heap ${diff(a, 'heapMb', 2)} MB, Rust heap ${diff(a, 'rustMb', 3)} MB, wasm ${diff(a, 'wasmMb', 1)} MB, elements ${diff(a, 'elements', 0)}, DOM nodes ${diff(a, 'nodes', 0)}, listeners ${diff(a, 'listeners', 0)}`;
  console.log(`\n  growth over the run (${what}): ${line(first)}`);
  console.log(`  growth after the first interval (warm-up excluded): ${line(second)}`);
}

// ---------------------------------------------------------------------------------------------
// explore

const HOME_CITIES = ['Belo Horizonte', 'Jundiaí', 'Ipatinga'];
const LANGUAGES = ['en', 'es', 'pt-BR'];
const SEARCHES = ['ber', 'kita', 'med', 'mil'];

async function explore(minutes) {
  const s = await open({ lang: 'pt-BR', city: 'ipatinga' });
  const { page } = s;
  /** Page time run so far, in ms: each minute of use ends on the minute, however long its actions took. */
  let pageMs = 0;
  const run = (ms) => {
    pageMs += ms;
    return page.clock.runFor(ms);
  };
  // Loading needs the clock to run: until the map has drawn its markers.
  for (let i = 0; i < 300 && !(await page.locator('svg.map-layers path.mk').count()); i++) await run(100);
  await run(2_000);
  const loadedMs = pageMs;

  // Clicks are forced: Playwright's "stable" check waits for animation frames, which only the
  // fake clock runs.
  const click = (locator) => locator.click({ force: true, timeout: 5_000 });
  const settle = () => run(500);
  let actions = 0;
  let doing = '';
  const act = async (name, what) => {
    if (ACTIONS && !ACTIONS.includes(name)) return;
    doing = name;
    await what();
    actions += 1;
    await settle();
  };
  const chooseHome = async (name) => {
    const box = page.locator('#city-input');
    await box.fill(name, { force: true });
    await settle();
    await click(page.locator('#city-input-list [role=option]', { hasText: name }).first()).catch(() =>
      box.press('Enter'),
    );
  };
  const language = (lang) => page.locator('.controls select').last().selectOption(lang, { force: true });
  /** The sampled state: pt-BR, the map, Ipatinga, no filter, no selection, nothing typed. */
  const canonical = async () => {
    await language('pt-BR');
    await settle();
    await click(page.locator('.view-switch button').first());
    await settle();
    if (await page.locator('.clear-filters').count()) await click(page.locator('.clear-filters'));
    if (await page.locator('aside.details button.close').count()) await click(page.locator('aside.details button.close'));
    await page.locator('#search-input').fill('', { force: true });
    await chooseHome('Ipatinga');
    await run(2_000);
  };

  const openSamples = { page, cdp: s.cdp };
  console.log(`soak, explore: the example at ${SIZE.width}x${SIZE.height}, ${minutes} minutes of page time at high speed;`);
  console.log('  each minute: home city, a filter, a city selected on the map, a search, another language, the table and back, play;');
  console.log('  sampled in the same state (pt-BR, map, Ipatinga, no filter or selection), JS heap after garbage collection\n');
  console.log(COLUMNS);
  const rows = [await sample(openSamples, 0, 'map', actions)];
  const started = Date.now();
  const everyMinutes = minutes / SAMPLES;
  let failures = 0;
  for (let minute = 1; minute <= minutes; minute++) {
    const i = minute - 1;
    try {
      await act('home city', () => chooseHome(HOME_CITIES[i % HOME_CITIES.length]));
      await act('filter', async () => {
        if ((await page.locator('#filter-panel').getAttribute('hidden')) !== null) await click(page.locator('.filter-toggle'));
        const boxes = page.locator('#filter-panel input[type=checkbox]:not([disabled])');
        const n = await boxes.count();
        if (n) await click(boxes.nth(i % n));
      });
      await act('map selection', async () => {
        const labels = page.locator('svg.map-layers text');
        const n = await labels.count();
        if (n) await click(labels.nth(i % n));
      });
      await act('search', async () => {
        const box = page.locator('#search-input');
        await box.fill(SEARCHES[i % SEARCHES.length], { force: true });
        await settle();
        await box.press('Enter');
      });
      await act('language', () => language(LANGUAGES[i % LANGUAGES.length]));
      await act('table', () => click(page.locator('.view-switch button').nth(1)));
      await act('map', () => click(page.locator('.view-switch button').first()));
      await act('years', async () => {
        // The window's end moved by keyboard, a year at a time (what play does on its own).
        const end = page.locator('.time-window input[type=range]').last();
        for (let y = 0; y < 24; y++) {
          await end.press(y < 12 ? 'ArrowLeft' : 'ArrowRight');
          await run(50);
        }
      });
      await act('play', async () => {
        if (await page.locator('.clear-filters').count()) await click(page.locator('.clear-filters'));
        await settle();
        const playButton = page.locator('.play button.primary');
        await click(playButton);
        await run(8_000);
        if ((await playButton.getAttribute('aria-pressed')) === 'true') await click(playButton);
      });
    } catch (e) {
      failures += 1;
      if (failures <= 3) console.log(`  (minute ${minute}, ${doing}: an action failed: ${String(e).split('\n')[0]})`);
    }
    // The rest of the minute passes idle.
    doing = 'idle';
    await run(Math.max(0, loadedMs + minute * 60_000 - pageMs));
    if (minute % everyMinutes < 1 || minute === minutes) {
      doing = 'back to the sampled state';
      await canonical();
      rows.push(await sample(openSamples, minute, 'map', actions));
    }
  }
  growth(rows, 'explore');
  console.log(
    `  ${actions} actions in ${minutes} minutes of page time, ${((Date.now() - started) / 1000).toFixed(0)} s of real time; failed rounds: ${failures}; uncaught errors: ${s.errors.length ? s.errors.join('; ') : 'none'}`,
  );
  await s.context.close();
}

// ---------------------------------------------------------------------------------------------
// kiosk

async function kiosk(minutes) {
  const s = await open({ lang: 'pt-BR', mode: 'present', autoplay: '5', loop: '1' });
  const { page } = s;
  const counter = page.locator('.stage-counter');
  // Loading needs the clock to run: until the tour is on screen and its first flight landed.
  for (let i = 0; i < 300 && !(await counter.filter({ hasText: /^1 \/ \d+$/ }).count()); i++) await page.clock.runFor(100);
  await page.clock.runFor(2_000);
  const stepCount = Number((await counter.innerText()).split('/')[1]);

  console.log(`soak, kiosk: present mode, autoplay=5 loop=1 (the example's tour: ${stepCount} steps, each its own duration), ${SIZE.width}x${SIZE.height}`);
  console.log(`  ${minutes} minutes of the page's clock at high speed; JS heap measured after garbage collection\n`);
  console.log(COLUMNS.replace('       actions', ' steps shown'));
  const started = Date.now();
  let steps = 0;
  let last = await counter.innerText();
  const rows = [await sample(s, 0, last, steps)];
  const totalMs = minutes * 60_000;
  const everyMs = totalMs / SAMPLES;
  for (let t = CHUNK_MS; t <= totalMs; t += CHUNK_MS) {
    await page.clock.runFor(CHUNK_MS);
    const now = await counter.innerText();
    if (now !== last) {
      steps += 1;
      last = now;
    }
    if (t % everyMs < CHUNK_MS) rows.push(await sample(s, t / 60_000, now, steps));
  }
  growth(rows, 'kiosk');
  console.log(`  ${steps} steps in ${minutes} minutes of page time, ${((Date.now() - started) / 1000).toFixed(0)} s of real time; uncaught errors: ${s.errors.length ? s.errors.join('; ') : 'none'}`);
  console.log('  (elements, nodes and listeners depend on the step on screen — how many city labels fit — so compare rows at the same step)');
  await s.context.close();
}

// ---------------------------------------------------------------------------------------------
// the run (last: the constants and functions above are defined by now)

const browser = await launch();
try {
  if (ONLY === 'both' || ONLY === 'explore') await explore(MINUTES ?? 60);
  if (ONLY === 'both') console.log('');
  if (ONLY === 'both' || ONLY === 'kiosk') await kiosk(MINUTES ?? 30);
} finally {
  await browser.close();
}
