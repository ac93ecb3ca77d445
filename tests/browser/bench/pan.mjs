//! `cargo xtask bench pan`: the synthetic 5,000-link dataset at 1440×900, 4× CPU throttle: time to first render, then frame intervals (median/p95/max, ~fps) while dragging and wheel-zooming the map; `--profile` adds where the main thread spends a drag. Prints figures, never fails on timing.
//
// Frames are timed in the page with requestAnimationFrame: an interval is the time between two
// frames the page managed to produce, so a long input handler shows up as a long interval.
// Drags are Playwright mouse moves (pointer events) on svg.map, 60 steps each; zooms are wheel
// events at the map's centre. ELOS_BENCH_PROFILE=1 (from `--profile`) adds one more drag under
// a Chromium trace and the JS sampling profiler, and counts the DOM mutations it causes.

import { fixturesUrl } from '../harness.mjs';
import { CPU_THROTTLE, launch, max, median, ms, openAndWaitReady, percentile, throttledPage } from './common.mjs';

const DATA = 'synthetic/links-5000.json';
const SIZE = { width: 1440, height: 900 };
const STEPS = 60;
const PROFILE = process.env.ELOS_BENCH_PROFILE === '1';

const browser = await launch();
try {
  const { context, page, cdp } = await throttledPage(browser, SIZE);
  const ready = await openAndWaitReady(page, { data: fixturesUrl + DATA, lang: 'pt-BR' }, 300_000);
  console.log(`pan: ${DATA} (synthetic), ${SIZE.width}x${SIZE.height}, CPU ${CPU_THROTTLE}× slower, cache off`);
  console.log(
    `  first render: markers ${ms(ready.marker)} ms, timeline ${ms(ready.timeline)} ms, painted ${ms(ready.frame)} ms` +
      ` (wasm loaded ${ms(ready.wasm)} ms; ${ready.markers} markers, ${ready.items} timeline items, ${ready.svgNodes} nodes in svg.map)`,
  );
  await page.waitForTimeout(1000); // let late work (country names, labels) settle

  const box = await page.locator('svg.map').boundingBox();
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  const drag = async (dx, dy) => {
    await page.mouse.move(cx, cy);
    await page.mouse.down();
    await page.mouse.move(cx + dx, cy + dy, { steps: STEPS });
    await page.mouse.up();
  };

  await startFrameClock(page);
  const phases = {};
  const phase = async (name, work) => {
    const start = await page.evaluate(() => performance.now());
    await work();
    await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
    phases[name] = [start, await page.evaluate(() => performance.now())];
  };
  await phase('drag', async () => {
    for (const [dx, dy] of [
      [300, 0],
      [-300, 150],
      [0, -300],
      [200, 150],
    ]) {
      await drag(dx, dy);
    }
  });
  await phase('wheel', async () => {
    await page.mouse.move(cx, cy);
    for (const dy of [...Array(8).fill(-120), ...Array(8).fill(120)]) {
      await page.mouse.wheel(0, dy);
      await page.waitForTimeout(30);
    }
  });
  // Zoomed in, the markers are bigger and fewer are on screen: drag again there.
  await page.mouse.move(cx, cy);
  for (let i = 0; i < 4; i++) {
    await page.mouse.wheel(0, -120);
    await page.waitForTimeout(30);
  }
  await phase('drag zoomed-in', async () => {
    await drag(-250, -100);
    await drag(250, 100);
  });
  const frames = await page.evaluate(() => window.__elosFrames);

  console.log('  phase            frames  median    p95    max  (frame interval, ms)   ~fps');
  for (const [name, [start, end]] of Object.entries(phases)) {
    const times = frames.filter((t) => t >= start && t <= end);
    const intervals = times.slice(1).map((t, i) => t - times[i]);
    const fps = intervals.length ? (1000 * intervals.length) / (times.at(-1) - times[0]) : NaN;
    console.log(
      `  ${name.padEnd(15)} ${String(times.length).padStart(7)} ${ms(median(intervals)).padStart(7)}` +
        ` ${ms(percentile(intervals, 95)).padStart(6)} ${ms(max(intervals)).padStart(6)}` +
        `                        ${Number.isFinite(fps) ? fps.toFixed(1) : '-'}`,
    );
  }
  if (page.pageErrors.length) console.log(`  page errors: ${page.pageErrors.join('; ')}`);

  if (PROFILE) {
    await page.locator('.map-controls .reset').click(); // back to the whole world
    await page.waitForTimeout(500);
    await profileDrag(page, cdp, drag);
  }
  await context.close();
} finally {
  await browser.close();
}

/** Starts recording every animation frame's timestamp into `window.__elosFrames`. */
async function startFrameClock(page) {
  await page.evaluate(() => {
    window.__elosFrames = [];
    const tick = (now) => {
      window.__elosFrames.push(now);
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
}

/** One more drag, traced: main-thread time by trace event (self time), top JS functions, DOM mutations. */
async function profileDrag(page, cdp, drag) {
  await page.evaluate(() => {
    const counts = (window.__elosMutations = { records: 0, attributes: {}, added: 0, removed: 0 });
    window.__elosMutationObserver = new MutationObserver((records) => {
      for (const record of records) {
        counts.records++;
        if (record.type === 'attributes') {
          const key = `${record.target.getAttribute('class')?.split(' ')[0] ?? record.target.tagName}@${record.attributeName}`;
          counts.attributes[key] = (counts.attributes[key] ?? 0) + 1;
        }
        counts.added += record.addedNodes.length;
        counts.removed += record.removedNodes.length;
      }
    });
    window.__elosMutationObserver.observe(document.querySelector('svg.map'), {
      subtree: true,
      childList: true,
      attributes: true,
    });
    let moves = 0;
    window.__elosMoves = () => moves;
    document.querySelector('svg.map').addEventListener('pointermove', () => moves++, true);
  });

  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await browser.startTracing(page, {
    categories: ['toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'blink.user_timing'],
  });
  await cdp.send('Profiler.start');
  const start = Date.now();
  await drag(300, 100);
  const wall = Date.now() - start;
  const { profile } = await cdp.send('Profiler.stop');
  const trace = JSON.parse((await browser.stopTracing()).toString());
  const mutations = await page.evaluate(() => {
    window.__elosMutationObserver.disconnect();
    return { ...window.__elosMutations, moves: window.__elosMoves() };
  });

  console.log(`profile: one ${STEPS}-step drag, ${wall} ms wall-clock, ${mutations.moves} pointermove events reached svg.map`);
  const { busy, byName } = mainThreadSelfTime(trace.traceEvents);
  console.log(`  renderer main thread busy ${ms(busy)} ms; self time by trace event (top 10, ms):`);
  for (const [name, time] of byName.slice(0, 10)) console.log(`    ${ms(time).padStart(6)}  ${name}`);

  console.log('  JS/wasm self time by function (sampling profiler, top 10, ms):');
  for (const [name, time] of topFunctions(profile).slice(0, 10)) console.log(`    ${ms(time).padStart(6)}  ${name}`);

  const perMove = (n) => (mutations.moves ? (n / mutations.moves).toFixed(1) : '-');
  const attributes = Object.entries(mutations.attributes).sort((a, b) => b[1] - a[1]);
  console.log(
    `  DOM mutations in svg.map: ${mutations.added} nodes added, ${mutations.removed} removed ` +
      `(${perMove(mutations.added)} / ${perMove(mutations.removed)} per pointermove); attribute changes (per pointermove):`,
  );
  for (const [key, count] of attributes.slice(0, 6)) console.log(`    ${perMove(count).padStart(8)}  ${key}`);
}

/** Sums the self time of complete ("X") trace events on the renderer main thread(s), by name. */
function mainThreadSelfTime(events) {
  const mainThreads = new Set(
    events
      .filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
      .map((e) => `${e.pid}:${e.tid}`),
  );
  const byThread = new Map();
  for (const e of events) {
    if (e.ph !== 'X' || typeof e.dur !== 'number') continue;
    const key = `${e.pid}:${e.tid}`;
    if (!mainThreads.has(key)) continue;
    if (!byThread.has(key)) byThread.set(key, []);
    byThread.get(key).push(e);
  }
  const self = new Map();
  let busy = 0;
  for (const list of byThread.values()) {
    list.sort((a, b) => a.ts - b.ts || b.dur - a.dur);
    const stack = [];
    for (const e of list) {
      while (stack.length && stack.at(-1).ts + stack.at(-1).dur <= e.ts) stack.pop();
      const parent = stack.at(-1);
      if (parent) parent.childTime = (parent.childTime ?? 0) + e.dur;
      else busy += e.dur;
      stack.push(e);
    }
    for (const e of list) self.set(e.name, (self.get(e.name) ?? 0) + e.dur - (e.childTime ?? 0));
  }
  const byName = [...self.entries()].map(([name, us]) => [name, us / 1000]).sort((a, b) => b[1] - a[1]);
  return { busy: busy / 1000, byName };
}

/** Self time per function from a V8 CPU profile, by `name (file)`. */
function topFunctions(profile) {
  const nodeById = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map();
  profile.samples.forEach((id, i) => {
    const { functionName, url } = nodeById.get(id).callFrame;
    const file = url ? url.split('/').pop() : '';
    const name = `${functionName || '(anonymous)'}${file ? ` (${file})` : ''}`;
    self.set(name, (self.get(name) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  return [...self.entries()].map(([name, us]) => [name, us / 1000]).sort((a, b) => b[1] - a[1]);
}
