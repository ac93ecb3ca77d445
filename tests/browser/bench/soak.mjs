//! `cargo xtask bench soak [--minutes N]`: a kiosk left running — present mode with `autoplay` and `loop=1` — for N minutes of its own clock (30 by default) at high speed, printing the JS heap after garbage collection, the wasm memory, the page's elements, DOM nodes and event listeners at the start, every fifth of the run and at the end, and the steps shown. Figures; it never fails.
//
// Playwright's fake clock drives the page's Date, timers and animation frames, so half an hour
// of steps (flights included, motion not reduced) runs in a minute or two. What would grow over
// hours in a lobby grows here the same: elements built per step and not dropped, listeners
// added per step, closures kept by the wasm. Nothing touches the page during the run (any input
// pauses a kiosk).

import { appUrl, launch } from '../harness.mjs';

const MINUTES = Number(process.env.ELOS_SOAK_MINUTES ?? 30);
const SIZE = { width: 1920, height: 1080 };
/** Page time per call into the fake clock: animation frames run every 16 ms within it. */
const CHUNK_MS = 1000;
const SAMPLES = 5;

const browser = await launch();
try {
  const context = await browser.newContext({ viewport: SIZE });
  await context.clock.install({ time: new Date('2026-03-01T10:00:00Z') });
  await context.addInitScript(() => {
    addEventListener('TrunkApplicationStarted', (e) => (window.__elosWasmMemory = e.detail?.wasm?.memory));
  });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  const cdp = await context.newCDPSession(page);
  await page.goto(appUrl({ lang: 'pt-BR', mode: 'present', autoplay: '5', loop: '1' }));
  const counter = page.locator('.stage-counter');
  // Loading needs the clock to run: until the tour is on screen and its first flight landed.
  for (let i = 0; i < 300 && !(await counter.filter({ hasText: /^1 \/ \d+$/ }).count()); i++) await page.clock.runFor(100);
  await page.clock.runFor(2_000);
  const stepCount = Number((await counter.innerText()).split('/')[1]);

  console.log(`soak: present mode, autoplay=5 loop=1 (the example's tour: ${stepCount} steps, each its own duration), ${SIZE.width}x${SIZE.height}`);
  console.log(`  ${MINUTES} minutes of the page's clock at high speed; JS heap measured after garbage collection\n`);
  console.log('  page time   on screen   steps shown   JS heap MB   wasm MB   elements   DOM nodes   listeners');
  const rows = [];
  const sample = async (minutes, steps) => {
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = await cdp.send('Runtime.getHeapUsage');
    const dom = await cdp.send('Memory.getDOMCounters');
    const inPage = await page.evaluate(() => ({
      elements: document.getElementsByTagName('*').length,
      wasmMb: window.__elosWasmMemory ? window.__elosWasmMemory.buffer.byteLength / 1048576 : NaN,
    }));
    const at = await counter.innerText();
    const row = { minutes, at, steps, heapMb: heap.usedSize / 1048576, ...inPage, nodes: dom.nodes, listeners: dom.jsEventListeners };
    rows.push(row);
    console.log(
      `  ${`${minutes.toFixed(1)} min`.padStart(9)} ${at.padStart(11)} ${String(steps).padStart(13)} ${row.heapMb.toFixed(2).padStart(12)} ${row.wasmMb.toFixed(1).padStart(9)} ${String(row.elements).padStart(10)} ${String(row.nodes).padStart(11)} ${String(row.listeners).padStart(11)}`,
    );
  };

  const started = Date.now();
  let steps = 0;
  let last = await counter.innerText();
  await sample(0, steps);
  const totalMs = MINUTES * 60_000;
  const everyMs = totalMs / SAMPLES;
  for (let t = CHUNK_MS; t <= totalMs; t += CHUNK_MS) {
    await page.clock.runFor(CHUNK_MS);
    const now = await counter.innerText();
    if (now !== last) {
      steps += 1;
      last = now;
    }
    if (t % everyMs < CHUNK_MS) await sample(t / 60_000, steps);
  }
  const [first, end] = [rows[0], rows.at(-1)];
  const growth = (key, digits = 0) => `${(end[key] - first[key] >= 0 ? '+' : '') + (end[key] - first[key]).toFixed(digits)}`;
  console.log(
    `\n  growth over the run: JS heap ${growth('heapMb', 2)} MB, wasm ${growth('wasmMb', 1)} MB, elements ${growth('elements')}, DOM nodes ${growth('nodes')}, listeners ${growth('listeners')}`,
  );
  console.log(`  ${steps} steps in ${MINUTES} minutes of page time, ${((Date.now() - started) / 1000).toFixed(0)} s of real time; uncaught errors: ${errors.length ? errors.join('; ') : 'none'}`);
  console.log('  (elements, nodes and listeners depend on the step on screen — how many city labels fit — so compare rows at the same step;');
  console.log('   wasm memory never shrinks: it is the high-water mark of the Rust heap, not what is in use)');
  await context.close();
} finally {
  await browser.close();
}
