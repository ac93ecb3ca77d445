//! Shared by the benchmarks (`cargo xtask bench load|pan`): a CPU-throttled, cache-less page, an in-page "ready" clock, and summary statistics.
//
// Benchmarks print figures; they never pass or fail on timing. Run them through `cargo xtask
// bench …`, which serves dist/ and sets the ELOS_* variables harness.mjs needs.

import { appUrl, launch } from '../harness.mjs';

export { appUrl, launch };

/** Chromium's CPU slowdown, standing in for a mid-range phone (DevTools' "4× slowdown"); ELOS_BENCH_CPU overrides it. */
export const CPU_THROTTLE = Number(process.env.ELOS_BENCH_CPU ?? 4);

/**
 * A new context and page of the given size with the CPU throttled and the HTTP cache off, and
 * `window.__elosBench` filled in by a MutationObserver from before the first script runs:
 * `marker` / `timeline` = performance.now() when the first `svg.map .marker` /
 * `svg.timeline .tl-item` was in the DOM, `ready` = both, `frame` = the next animation frame
 * after `ready` (≈ when it was painted). performance.now() counts from navigation start.
 */
export async function throttledPage(browser, { width, height }) {
  const context = await browser.newContext({ viewport: { width, height } });
  const page = await context.newPage();
  page.pageErrors = [];
  page.on('pageerror', (error) => page.pageErrors.push(String(error)));
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_THROTTLE });
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await context.addInitScript(() => {
    const bench = (window.__elosBench = {});
    const observer = new MutationObserver(() => {
      const marker = document.querySelector('svg.map .marker');
      const item = document.querySelector('svg.timeline .tl-item');
      const now = performance.now();
      if (marker && bench.marker === undefined) bench.marker = now;
      if (item && bench.timeline === undefined) bench.timeline = now;
      if (marker && item) {
        bench.ready = now;
        observer.disconnect();
        requestAnimationFrame(() => (bench.frame = performance.now()));
      }
    });
    observer.observe(document, { childList: true, subtree: true });
  });
  return { context, page, cdp };
}

/** Navigates and waits until the map has markers and the timeline items; returns `__elosBench` plus load timings. */
export async function openAndWaitReady(page, query, timeoutMs = 120_000) {
  await page.goto(appUrl(query), { waitUntil: 'commit' });
  await page.waitForFunction(() => window.__elosBench?.frame !== undefined, null, {
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
      wasm: resourceEnd('.wasm'),
      markers: document.querySelectorAll('svg.map .marker').length,
      items: document.querySelectorAll('svg.timeline .tl-item').length,
      svgNodes: document.querySelectorAll('svg.map *').length,
    };
  });
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
