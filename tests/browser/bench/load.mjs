//! `cargo xtask bench load`: time from navigation start until the example's map has markers AND its timeline has items, 4× CPU throttle, no cache, at 390×844 and 1440×900; prints median/max, never fails on timing.
//
// Each run is a fresh browser context (empty cache, fresh wasm compile). One unreported warm-up
// run per size first, so the server's and the OS's first-touch costs are not counted.
// ELOS_BENCH_RUNS sets the runs per size (default 5). ELOS_BENCH_PROFILE=1 (from `--profile`)
// adds one traced run at 1440×900: when each file arrived, where the main thread's time went, and its long tasks.

import {
  CPU_THROTTLE,
  TRACE_CATEGORIES,
  launch,
  max,
  median,
  ms,
  openAndWaitReady,
  printLongTasks,
  printTrace,
  throttledPage,
} from './common.mjs';

const TARGET_MS = 750;
const RUNS = Number(process.env.ELOS_BENCH_RUNS ?? 5);
const SIZES = [
  [390, 844],
  [1440, 900],
];
const QUERY = { lang: 'pt-BR' };
const PROFILE = process.env.ELOS_BENCH_PROFILE === '1';

const browser = await launch();
try {
  console.log(
    `load: example ?lang=pt-BR, CPU ${CPU_THROTTLE}× slower, cache off, ${RUNS} runs per size (+1 warm-up)`,
  );
  console.log(
    '  first view = a map with its arcs and markers and the timeline\'s items are on screen: the first view the build',
  );
  console.log('    drew into the page (painted before the app starts, not yet interactive) or the app\'s own (ms from navigation start);');
  console.log('  app painted = the app\'s own map and timeline (interactive) are on screen; in DOM = when the app put both in the page');
  console.log(`  size      first view median max | app painted median  max | in DOM | FCP  | wasm loaded | target ${TARGET_MS}`);
  for (const [width, height] of SIZES) {
    const runs = [];
    for (let run = 0; run <= RUNS; run++) {
      const { context, page } = await throttledPage(browser, { width, height });
      try {
        const result = await openAndWaitReady(page, QUERY);
        if (page.pageErrors.length) throw new Error(`page errors: ${page.pageErrors.join('; ')}`);
        if (run > 0) runs.push(result);
      } finally {
        await context.close();
      }
    }
    const painted = runs.map((r) => r.painted);
    const first = runs.map((r) => r.firstView);
    const verdict = (values) => (median(values) <= TARGET_MS ? 'within' : 'OVER');
    console.log(
      `  ${`${width}x${height}`.padEnd(10)}  ${ms(median(first)).padStart(10)} ${ms(max(first)).padStart(5)} |` +
        ` ${ms(median(painted)).padStart(18)} ${ms(max(painted)).padStart(5)} |` +
        ` ${ms(median(runs.map((r) => r.ready))).padStart(6)} | ${ms(median(runs.map((r) => r.fcp))).padStart(4)} |` +
        ` ${ms(median(runs.map((r) => r.wasm))).padStart(11)} | first view ${verdict(first)}, app ${verdict(painted)} target` +
        `   (first view: ${first.map(ms).join(' ')}; app: ${painted.map(ms).join(' ')})`,
    );
  }
  if (PROFILE) await profileLoad(browser);
} finally {
  await browser.close();
}

/** One more run at 1440×900 under a Chromium trace. */
async function profileLoad(browser) {
  const { context, page } = await throttledPage(browser, { width: 1440, height: 900 });
  try {
    await browser.startTracing(page, { categories: TRACE_CATEGORIES });
    const ready = await openAndWaitReady(page, QUERY);
    const trace = JSON.parse((await browser.stopTracing()).toString());
    const files = await page.evaluate(() =>
      performance
        .getEntriesByType('resource')
        .map((entry) => [new URL(entry.name).pathname.split('/').pop(), entry.startTime, entry.responseEnd]),
    );
    console.log(`profile (one traced run, 1440x900): painted ${ms(ready.painted)} ms; files asked for → arrived (ms):`);
    console.log(
      '    ' +
        files.map(([name, start, end]) => `${name.replace(/-[0-9a-f]{8,}/, '')} ${ms(start)}→${ms(end)}`).join(', '),
    );
    printTrace('  whole load', trace, ready.painted);
    printLongTasks('  long tasks', trace, Number(process.env.ELOS_LONG_TASK_MS ?? 50));
  } finally {
    await context.close();
  }
}
