//! `cargo xtask bench scale`: the synthetic 5,000-link and 26,000-link datasets at 1440×900, CPU 4× slower: time to the first painted map, element counts, JS heap and wasm memory, drag and wheel-zoom frame intervals, hover-to-tooltip latency, and the duration of a filter change, a time-window change and a search keystroke (Event Timing, as INP counts them). Prints figures, never fails on timing.
//
// Frames are timed in the page with requestAnimationFrame; interactions with the Event Timing
// API (`PerformanceObserver` of type "event"): an interaction's duration runs from the input
// to the next paint after its handlers, which is what Lighthouse's INP reports.

import { fixturesUrl } from '../harness.mjs';
import { CPU_THROTTLE, launch, max, median, ms, percentile, throttledPage, waitReady } from './common.mjs';

const SIZE = { width: 1440, height: 900 };
const DATASETS = (process.env.ELOS_BENCH_DATASETS ?? 'links-5000,world-26k').split(',');
const TARGETS = 'targets at 26k: painted ≤ 2000 ms, drag median ≤ 20 / p95 ≤ 50 ms, interactions ≤ 100 ms, heap ≤ 150 MB';

const browser = await launch();
try {
  console.log(`scale: synthetic datasets, ${SIZE.width}x${SIZE.height}, CPU ${CPU_THROTTLE}× slower, cache off`);
  console.log(`  (${TARGETS})`);
  for (const name of DATASETS) await measure(name);
} finally {
  await browser.close();
}

async function measure(name) {
  const { context, page } = await throttledPage(browser, SIZE);
  try {
    const ready = await waitReady(page, { data: `${fixturesUrl}synthetic/${name}.json`, lang: 'en' }, 600_000);
    await page.waitForTimeout(1500);
    const counts = await page.evaluate(() => ({
      all: document.querySelectorAll('*').length,
      map: document.querySelectorAll('svg.map *, svg.map-layers *').length,
      heapMb: performance.memory ? performance.memory.usedJSHeapSize / 1048576 : NaN,
      wasmMb: window.__elosWasmMemory ? window.__elosWasmMemory.buffer.byteLength / 1048576 : NaN,
    }));
    console.log(`\n  ${name}.json`);
    console.log(
      `    first painted map ${ms(ready.painted)} ms (map and timeline in the page at ${ms(ready.ready)} ms; wasm loaded ${ms(ready.wasm)} ms)`,
    );
    console.log(
      `    elements: ${counts.all} in the page, ${counts.map} in the map; JS heap ${counts.heapMb.toFixed(1)} MB, wasm memory ${counts.wasmMb.toFixed(1)} MB`,
    );

    const box = await page.locator('.map-frame').boundingBox();
    const [cx, cy] = [box.x + box.width / 2, box.y + box.height / 2];
    await startClocks(page);
    const drag = await framesDuring(page, async () => {
      for (const [dx, dy] of [
        [300, 0],
        [-300, 150],
      ]) {
        await page.mouse.move(cx, cy);
        await page.mouse.down();
        for (let i = 1; i <= 40; i++) await page.mouse.move(cx + (dx * i) / 40, cy + (dy * i) / 40);
        await page.mouse.up();
      }
    });
    const wheel = await framesDuring(page, async () => {
      await page.mouse.move(cx, cy);
      for (const dy of [...Array(6).fill(-120), ...Array(6).fill(120)]) {
        await page.mouse.wheel(0, dy);
        await page.waitForTimeout(30);
      }
      await page.waitForTimeout(400); // the wheel burst ends and the view is drawn at its scale
    });
    console.log('    frame intervals (ms)  median    p95    max');
    for (const [label, f] of [
      ['drag', drag],
      ['wheel zoom', wheel],
    ]) {
      console.log(`    ${label.padEnd(20)} ${ms(median(f)).padStart(7)} ${ms(percentile(f, 95)).padStart(6)} ${ms(max(f)).padStart(6)}`);
    }

    // Hover: the pointer onto a marker (a labelled one: its label says where), until the
    // tooltip is painted.
    await page.locator('.map-controls .reset').click();
    await page.waitForTimeout(800);
    const hover = [];
    const labels = await page.locator('svg.map-layers text').evaluateAll((els) =>
      els.slice(0, 5).map((e) => [Number(e.dataset.cx), Number(e.dataset.cy)]),
    );
    for (const [x, y] of labels) {
      await page.mouse.move(5, 5);
      await page.waitForTimeout(100);
      const took = await page.evaluate(
        ([x, y]) =>
          new Promise((done) => {
            const tip = document.querySelector('.map-tip');
            const frame = document.querySelector('.map-frame').getBoundingClientRect();
            const start = performance.now();
            const seen = new MutationObserver(() => {
              if (!tip.hidden) {
                seen.disconnect();
                requestAnimationFrame(() => done(performance.now() - start));
              }
            });
            seen.observe(tip, { attributes: true, childList: true, subtree: true });
            document.querySelector('.map-mover').dispatchEvent(
              new PointerEvent('pointermove', {
                bubbles: true,
                clientX: frame.left + x,
                clientY: frame.top + y,
                pointerType: 'mouse',
                isPrimary: true,
              }),
            );
            setTimeout(() => done(NaN), 3000);
          }),
        [x, y],
      );
      hover.push(took);
    }
    console.log(`    hover to tooltip     median ${ms(median(hover))} ms, max ${ms(max(hover))} ms (${hover.length} markers)`);

    // Interactions, as INP measures them: each one six times (one sample is mostly noise on a
    // shared machine), alternating so the page goes back and forth between two states.
    const REPEATS = 6;
    const interactions = [];
    const timed = async (label, prepare, acts) => {
      await prepare();
      await page.waitForTimeout(500);
      const took = [];
      const redrawn = [];
      for (let i = 0; i < REPEATS; i++) {
        await page.evaluate(() => {
          window.__elosEvents = [];
          // The paint after the page's last change: the whole answer, redraw included.
          window.__elosLastPaint = undefined;
          window.__elosChanges?.disconnect();
          window.__elosChanges = new MutationObserver(() =>
            requestAnimationFrame(() => (window.__elosLastPaint = performance.now())),
          );
          window.__elosChanges.observe(document.body, { attributes: true, childList: true, subtree: true, characterData: true });
          window.__elosActAt = performance.now();
        });
        await acts[i % acts.length]();
        await page.waitForTimeout(900);
        const [event, whole] = await page.evaluate(() => {
          window.__elosChanges.disconnect();
          const longest = window.__elosEvents.reduce((a, e) => (e.duration > (a?.duration ?? -1) ? e : a), undefined);
          // No entry: the event took under 16 ms (Event Timing's floor).
          const start = longest?.startTime ?? window.__elosActAt;
          return [longest?.duration ?? 0, (window.__elosLastPaint ?? NaN) - start];
        });
        took.push(event);
        redrawn.push(whole);
      }
      interactions.push([label, took, redrawn]);
    };
    const firstKind = () => page.getByRole('group', { name: 'Type' }).getByRole('checkbox').first().click();
    await timed(
      'filter change',
      async () => {
        await page.getByRole('button', { name: 'Filter' }).click();
        await page.locator('.facet').first().waitFor();
      },
      [firstKind],
    );
    const from = page.getByRole('slider').first();
    await timed('time-window change', () => from.focus(), [
      () => page.keyboard.press('ArrowRight'),
      () => page.keyboard.press('ArrowLeft'),
    ]);
    const search = page.getByRole('combobox', { name: /^Search/ });
    await timed('search keystroke', () => search.click(), [
      () => page.keyboard.type('s'),
      () => page.keyboard.press('Backspace'),
    ]);
    console.log(`    interactions, ms, median / max of ${REPEATS}: to the next paint (INP) | to the paint after the last change (redraw done)`);
    for (const [label, took, redrawn] of interactions) {
      console.log(
        `      ${label.padEnd(20)} ${ms(median(took)).padStart(6)} / ${ms(max(took)).padStart(5)}  | ${ms(median(redrawn)).padStart(6)} / ${ms(max(redrawn)).padStart(5)}`,
      );
    }
    if (page.pageErrors.length) console.log(`    page errors: ${page.pageErrors.join('; ')}`);
  } finally {
    await context.close();
  }
}

/** Records animation frames and event timings in the page from now on. */
async function startClocks(page) {
  await page.evaluate(() => {
    window.__elosFrames = [];
    const tick = (now) => {
      window.__elosFrames.push(now);
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    window.__elosEvents = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__elosEvents.push({ name: e.name, duration: e.duration });
    }).observe({ type: 'event', durationThreshold: 16, buffered: false });
  });
}

/** The intervals between the frames drawn while `work` runs. */
async function framesDuring(page, work) {
  const start = await page.evaluate(() => performance.now());
  await work();
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const end = await page.evaluate(() => performance.now());
  const times = (await page.evaluate(() => window.__elosFrames)).filter((t) => t >= start && t <= end);
  return times.slice(1).map((t, i) => t - times[i]);
}
