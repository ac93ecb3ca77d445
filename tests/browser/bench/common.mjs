//! Shared by the benchmarks (`cargo xtask bench load|pan`): a CPU-throttled, cache-less page, an in-page "ready" clock, and summary statistics.
//
// Benchmarks print figures; they never pass or fail on timing. Run them through `cargo xtask
// bench …`, which serves dist/ and sets the ELOS_* variables harness.mjs needs.

import { appUrl, launch } from '../harness.mjs';

export { appUrl, launch };

/** Chromium's CPU slowdown, standing in for a mid-range phone (DevTools' "4× slowdown"); ELOS_BENCH_CPU overrides it. */
export const CPU_THROTTLE = Number(process.env.ELOS_BENCH_CPU ?? 4);

/**
 * A new context (so an empty HTTP cache) and page of the given size with the CPU throttled, and
 * `window.__elosBench` filled in by a MutationObserver from before the first script runs:
 * `marker` / `timeline` = performance.now() when the map's first marker path
 * (`svg.map-layers path.mk`) / the timeline's first item (`svg.timeline .tl-item`, or its
 * "no dated links" line when no link has a date) was in the DOM and the app shown (not while
 * `html.mounting`), `ready` = both, `painted` =
 * when the frame that first showed both had been painted: a task queued from that frame's
 * animation callback runs after its paint. (The next animation frame alone is not enough: a
 * view built outside the rendering steps is followed by the frame's style, layout and resize
 * observers, which can take longer than the build, before anything is on screen. Until
 * 2026-12-03 the benchmark printed that earlier time.) `firstView` = the same for the first
 * frame that showed a map marker and a timeline item of either the first view the build drew
 * into the page (`svg.boot-layers`, `.boot-timeline`: `elos_core::first_view`, painted before
 * the app starts, not interactive) or the app's; `fcp` = the first contentful paint.
 * performance.now() counts from navigation start. `window.__elosWasmMemory` is the app's wasm
 * memory once it started.
 */
export async function throttledPage(browser, { width, height }) {
  const context = await browser.newContext({ viewport: { width, height } });
  const page = await context.newPage();
  page.pageErrors = [];
  page.on('pageerror', (error) => page.pageErrors.push(String(error)));
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_THROTTLE });
  // No `Network.enable` (it used to turn the cache off): every measurement is a new context,
  // whose HTTP cache starts empty, and with the Network domain on, DevTools keeps a decoded
  // copy of every response body. On the 7 MB world-26k.json that is a second full text decode
  // on the main thread (~0.1-0.15 s at 4x in a trace) that no visitor's browser does.
  await context.addInitScript(() => {
    const bench = (window.__elosBench = {});
    addEventListener('TrunkApplicationStarted', (e) => (window.__elosWasmMemory = e.detail?.wasm?.memory));
    const observer = new MutationObserver(() => {
      const marker = document.querySelector('svg.map-layers path.mk');
      const item = document.querySelector('svg.timeline .tl-item, .timeline-empty');
      // The app builds itself hidden over a few tasks (`html.mounting`) and shows whole.
      if (document.documentElement.classList.contains('mounting')) return;
      const now = performance.now();
      if (marker && bench.marker === undefined) bench.marker = now;
      if (item && bench.timeline === undefined) bench.timeline = now;
      if (marker && item) {
        bench.ready = now;
        observer.disconnect();
        requestAnimationFrame(() => setTimeout(() => (bench.painted = performance.now())));
      }
    });
    observer.observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['class'] });
    const firstView = new MutationObserver(() => {
      const marker = document.querySelector('svg.boot-layers path.mk, svg.map-layers path.mk');
      const item = document.querySelector('.boot-timeline .tl-item, svg.timeline .tl-item, .timeline-empty');
      if (marker && item) {
        firstView.disconnect();
        requestAnimationFrame(() => setTimeout(() => (bench.firstView = performance.now())));
      }
    });
    firstView.observe(document, { childList: true, subtree: true });
  });
  return { context, page, cdp };
}

/** Navigates and waits until the map has markers and the timeline items; returns `__elosBench` plus load timings. */
export async function openAndWaitReady(page, query, timeoutMs = 120_000) {
  await page.goto(appUrl(query), { waitUntil: 'commit' });
  await page.waitForFunction(() => window.__elosBench?.painted !== undefined, null, {
    timeout: timeoutMs,
    polling: 50,
  });
  return page.evaluate(() => {
    const resourceEnd = (suffix) =>
      performance
        .getEntriesByType('resource')
        .find((entry) => new URL(entry.name).pathname.endsWith(suffix))?.responseEnd;
    return {
      ...window.__elosBench,
      fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime,
      wasm: resourceEnd('.wasm'),
      markers: document.querySelectorAll('svg.map-layers path.mk').length,
      items: document.querySelectorAll('svg.timeline .tl-item, .undated-row').length,
      svgNodes: document.querySelectorAll('svg.map *, svg.map-layers *').length,
    };
  });
}

export const waitReady = openAndWaitReady;

/** Chromium trace categories for `browser.startTracing`: main-thread tasks, rendering steps, script. */
export const TRACE_CATEGORIES = [
  'toplevel',
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'v8.execute',
  'blink.user_timing',
];

/** Prints how busy the renderer's main thread was in a trace and its top events by self time. */
export function printTrace(title, trace, spanMs) {
  const { busy, byName } = mainThreadSelfTime(trace.traceEvents);
  // ELOS_TRACE_TOP: how many events to list (8 unless set).
  const top = Number(process.env.ELOS_TRACE_TOP ?? 8);
  console.log(`${title}: renderer main thread busy ${ms(busy)} ms of ~${ms(spanMs)} ms; self time by trace event (top ${top}, ms):`);
  for (const [name, time] of byName.slice(0, top)) console.log(`    ${ms(time).padStart(7)}  ${name}`);
}

/**
 * Prints the renderer main thread's long tasks in a trace (top-level events of at least
 * `minMs`), in order: when each started (ms from navigation start), how long it took, and its
 * three biggest parts by self time. A task over 50 ms is what Lighthouse's total blocking time
 * adds up; the app's start showed as one task of ~330 ms at 4× (2026-12-03).
 */
export function printLongTasks(title, trace, minMs = 50) {
  const events = trace.traceEvents;
  const mainThreads = rendererMainThreads(events);
  const onMain = events
    .filter((e) => e.ph === 'X' && typeof e.dur === 'number' && mainThreads.has(`${e.pid}:${e.tid}`))
    .sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  const start = events.find((e) => e.name === 'navigationStart' && mainThreads.has(`${e.pid}:${e.tid}`))?.ts ?? onMain[0]?.ts ?? 0;
  console.log(`${title}: main-thread tasks of ${minMs} ms or more (start +duration ms: biggest parts by self time)`);
  const stack = [];
  let task = null;
  const report = () => {
    if (!task || task.event.dur / 1000 < minMs) return;
    const parts = [...task.self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 3);
    console.log(
      `    ${ms((task.event.ts - start) / 1000).padStart(6)} +${ms(task.event.dur / 1000).padStart(4)}: ` +
        parts.map(([name, us]) => `${name} ${ms(us / 1000)}`).join(', '),
    );
  };
  for (const e of onMain) {
    while (stack.length && stack.at(-1).ts + stack.at(-1).dur <= e.ts) stack.pop();
    if (!stack.length) {
      report();
      task = { event: e, self: new Map() };
    }
    const parent = stack.at(-1);
    if (parent) task.self.set(parent.name, (task.self.get(parent.name) ?? 0) - e.dur);
    task.self.set(e.name, (task.self.get(e.name) ?? 0) + e.dur);
    stack.push(e);
  }
  report();
}

/** The renderer main threads of a trace, as `pid:tid` keys. */
function rendererMainThreads(events) {
  return new Set(
    events
      .filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
      .map((e) => `${e.pid}:${e.tid}`),
  );
}

/** Sums the self time of complete ("X") trace events on the renderer main thread(s), by name. */
function mainThreadSelfTime(events) {
  const mainThreads = rendererMainThreads(events);
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

export function median(values) {
  return percentile(values, 50);
}

/** Nearest-rank percentile of a list of numbers. */
export function percentile(values, p) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

export function max(values) {
  return values.length ? Math.max(...values) : NaN;
}

/** `612` (whole milliseconds), or `-` when unknown. */
export function ms(value) {
  return Number.isFinite(value) ? `${Math.round(value)}` : '-';
}
