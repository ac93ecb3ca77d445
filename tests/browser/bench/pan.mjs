//! `cargo xtask bench pan`: the synthetic 5,000-link dataset at 1440×900, 4× CPU throttle: time to first render, then frame intervals (median/p95/max, ~fps) while dragging and wheel-zooming the map; `--profile` adds where the main thread spends its time. Prints figures, never fails on timing.
//
// Frames are timed in the page with requestAnimationFrame: an interval is the time between two
// frames the page managed to produce, so a slow input handler or repaint shows up as a long
// interval. Drags are Playwright mouse moves (pointer events) on svg.map in 60 steps; zooms are
// wheel events at the map's centre. Playwright waits for the page to take each event, so a slow
// page makes a phase slow: each phase stops issuing events after PHASE_CAP_MS of wall-clock time
// and says how many it sent. ELOS_BENCH_PROFILE=1 (from `--profile`) traces the first render and
// a short drag (Chromium trace: main-thread self time by event; V8 sampling profiler: top
// functions; a MutationObserver: DOM changes per pointermove) and times single synthetic events
// (a pan step, a marker hover) in the page.

import { fixturesUrl } from '../harness.mjs';
import {
  CPU_THROTTLE,
  TRACE_CATEGORIES,
  launch,
  max,
  median,
  ms,
  openAndWaitReady,
  percentile,
  printTrace,
  throttledPage,
} from './common.mjs';

const DATA = 'synthetic/links-5000.json';
const SIZE = { width: 1440, height: 900 };
const STEPS = 60;
const PHASE_CAP_MS = Number(process.env.ELOS_BENCH_PHASE_CAP_S ?? 60) * 1000;
const PROFILE = process.env.ELOS_BENCH_PROFILE === '1';

const browser = await launch();
try {
  const { context, page, cdp } = await throttledPage(browser, SIZE);
  if (PROFILE) await browser.startTracing(page, { categories: TRACE_CATEGORIES });
  const ready = await openAndWaitReady(page, { data: fixturesUrl + DATA, lang: 'pt-BR' }, 600_000);
  const loadTrace = PROFILE ? JSON.parse((await browser.stopTracing()).toString()) : null;
  console.log(`pan: ${DATA} (synthetic), ${SIZE.width}x${SIZE.height}, CPU ${CPU_THROTTLE}× slower, cache off`);
  console.log(
    `  first render: markers+timeline in DOM ${ms(ready.ready)} ms, painted ${ms(ready.frame)} ms from navigation start` +
      ` (wasm loaded ${ms(ready.wasm)} ms; ${ready.markers} markers, ${ready.items} timeline items, ${ready.svgNodes} elements in svg.map)`,
  );
  await page.waitForTimeout(1000); // let late work (country names, labels) settle

  const box = await page.locator('svg.map').boundingBox();
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  let deadline = Infinity;
  let sent = 0;
  let wanted = 0;
  /** One drag from the centre by (dx, dy) in `steps` pointer moves, stopping at the deadline. */
  const drag = async (dx, dy, steps = STEPS) => {
    await page.mouse.move(cx, cy);
    await page.mouse.down();
    wanted += steps;
    for (let i = 1; i <= steps && Date.now() < deadline; i++) {
      await page.mouse.move(cx + (dx * i) / steps, cy + (dy * i) / steps);
      sent++;
    }
    await page.mouse.up();
  };
  const wheel = async (dy) => {
    wanted++;
    if (Date.now() >= deadline) return;
    await page.mouse.wheel(0, dy);
    sent++;
    await page.waitForTimeout(30);
  };

  await startFrameClock(page);
  const phases = [];
  const phase = async (name, work) => {
    [sent, wanted] = [0, 0];
    const wallStart = Date.now();
    deadline = wallStart + PHASE_CAP_MS;
    const start = await page.evaluate(() => performance.now());
    await work();
    await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
    const end = await page.evaluate(() => performance.now());
    phases.push({ name, start, end, sent, wanted, wall: Date.now() - wallStart });
    deadline = Infinity;
  };
  await phase('drag', async () => {
    await drag(300, 0);
    await drag(-300, 150);
  });
  await phase('wheel zoom', async () => {
    await page.mouse.move(cx, cy);
    for (const dy of [...Array(6).fill(-120), ...Array(6).fill(120)]) await wheel(dy);
  });
  await page.mouse.move(cx, cy);
  for (let i = 0; i < 4; i++) await page.mouse.wheel(0, -120);
  await phase('drag zoomed-in', async () => {
    await drag(-250, -100);
  });
  const frames = await page.evaluate(() => window.__elosFrames);

  console.log('  phase           events sent   frames  median    p95    max (frame interval, ms)  ~fps   wall s');
  for (const { name, start, end, sent, wanted, wall } of phases) {
    const times = frames.filter((t) => t >= start && t <= end);
    const intervals = times.slice(1).map((t, i) => t - times[i]);
    const fps = intervals.length ? (1000 * intervals.length) / (times.at(-1) - times[0]) : NaN;
    console.log(
      `  ${name.padEnd(15)} ${`${sent}/${wanted}`.padStart(11)} ${String(times.length).padStart(8)}` +
        ` ${ms(median(intervals)).padStart(7)} ${ms(percentile(intervals, 95)).padStart(6)} ${ms(max(intervals)).padStart(6)}` +
        `${(Number.isFinite(fps) ? fps.toFixed(1) : '-').padStart(27)} ${(wall / 1000).toFixed(0).padStart(8)}`,
    );
  }
  if (phases.some((p) => p.sent < p.wanted)) {
    console.log(`  (a phase stops sending events after ${PHASE_CAP_MS / 1000} s: the page took them too slowly)`);
  }
  if (page.pageErrors.length) console.log(`  page errors: ${page.pageErrors.join('; ')}`);

  if (PROFILE) {
    printTrace('profile of the first render', loadTrace, ready.frame);
    await page.locator('.map-controls .reset').click(); // back to the whole world
    await page.waitForTimeout(500);
    await profileDrag(page, cdp, drag);
    await handlerCosts(page);
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

/** A short drag, traced and sampled, with the DOM mutations it causes counted. */
async function profileDrag(page, cdp, drag) {
  const PROFILE_STEPS = 3;
  await page.evaluate(() => {
    const counts = (window.__elosMutations = { attributes: {}, added: 0, removed: 0, moves: 0 });
    const svg = document.querySelector('svg.map');
    window.__elosMutationObserver = new MutationObserver((records) => {
      for (const record of records) {
        if (record.type === 'attributes') {
          const target = record.target;
          const what = target.getAttribute('class')?.split(' ')[0] || target.tagName.toLowerCase();
          const key = `${what} @${record.attributeName}`;
          counts.attributes[key] = (counts.attributes[key] ?? 0) + 1;
        }
        counts.added += record.addedNodes.length;
        counts.removed += record.removedNodes.length;
      }
    });
    window.__elosMutationObserver.observe(svg, { subtree: true, childList: true, attributes: true });
    svg.addEventListener('pointermove', () => counts.moves++, true);
  });

  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
  await browser.startTracing(page, { categories: TRACE_CATEGORIES });
  await cdp.send('Profiler.start');
  const start = Date.now();
  await drag(40, 10, PROFILE_STEPS);
  const wall = Date.now() - start;
  const { profile } = await cdp.send('Profiler.stop');
  const trace = JSON.parse((await browser.stopTracing()).toString());
  const mutations = await page.evaluate(() => {
    window.__elosMutationObserver.disconnect();
    return window.__elosMutations;
  });

  printTrace(`profile of a ${PROFILE_STEPS}-step drag (${mutations.moves} pointermoves reached svg.map)`, trace, wall);
  console.log('  JS/wasm self time by function (V8 sampling profiler, top 8, ms):');
  for (const [name, time] of topFunctions(profile).slice(0, 8)) console.log(`    ${ms(time).padStart(7)}  ${name}`);

  const perMove = (n) => (mutations.moves ? (n / mutations.moves).toFixed(1) : '-');
  const attributes = Object.entries(mutations.attributes).sort((a, b) => b[1] - a[1]);
  console.log(
    `  DOM changes in svg.map per pointermove: ${perMove(mutations.added)} nodes added, ` +
      `${perMove(mutations.removed)} removed; attributes set:`,
  );
  for (const [key, count] of attributes.slice(0, 6)) console.log(`    ${perMove(count).padStart(7)}  ${key}`);
}

/**
 * Script time of single synthetic events dispatched in the page (handler plus the reactive work
 * it triggers, up to the next task; rendering not included): a pan step against a marker hover.
 */
async function handlerCosts(page) {
  // The real pointer off the map, or markers moving under it would fire hover events too.
  await page.mouse.move(1, 1);
  await page.evaluate(() => new Promise((done) => setTimeout(done, 0)));
  const costs = await page.evaluate(async () => {
    const svg = document.querySelector('svg.map');
    const rect = svg.getBoundingClientRect();
    const [x, y] = [rect.left + rect.width / 2, rect.top + rect.height / 2];
    const at = (dx) => ({ bubbles: true, clientX: x + dx, clientY: y, pointerId: 1, isPrimary: true });
    const time = async (dispatch) => {
      const start = performance.now();
      dispatch();
      await new Promise((done) => setTimeout(done, 0));
      return performance.now() - start;
    };
    const marker = document.querySelectorAll('svg.map .marker')[100];
    return {
      pan: [
        await time(() => svg.dispatchEvent(new PointerEvent('pointerdown', at(0)))),
        await time(() => svg.dispatchEvent(new PointerEvent('pointermove', at(10)))),
        await time(() => svg.dispatchEvent(new PointerEvent('pointermove', at(20)))),
        await time(() => svg.dispatchEvent(new PointerEvent('pointerup', at(20)))),
      ][2],
      enter: await time(() => marker.dispatchEvent(new MouseEvent('mouseenter'))),
      leave: await time(() => marker.dispatchEvent(new MouseEvent('mouseleave'))),
    };
  });
  console.log(
    `  one synthetic event, script time until the next task: pan step ${ms(costs.pan)} ms, ` +
      `marker mouseenter ${ms(costs.enter)} ms, mouseleave ${ms(costs.leave)} ms`,
  );
}

/** Self time per function from a V8 CPU profile, by `name (file)`; wasm functions have no names in the release build. */
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
