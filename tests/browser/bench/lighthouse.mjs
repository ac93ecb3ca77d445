//! `cargo xtask bench lighthouse`: Lighthouse 12's mobile audit (simulated slow 4G, CPU 4× slower) of the example, pointed at the system Chromium; prints the performance score and the web vitals of each run and their medians. Never fails on the figures.
//
// The files are sent brotli-compressed, as a city hall's web server would (`cargo xtask bench
// lighthouse` writes the copies; before 2026-12-03 they were sent raw, and the wasm took
// 1.1 MB of simulated slow 4G instead of 0.35 MB). xtask's static server sets no cache
// lifetime, which costs "cache TTL" points a production server would not; read the vitals
// (LCP, CLS, TBT) as well as the score.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { appUrl } from '../harness.mjs';
import { median } from './common.mjs';

const RUNS = Number(process.env.ELOS_BENCH_RUNS ?? 3);
// "simulate" (Lighthouse's default: an unthrottled load, then a model of slow 4G and a 4×
// slower CPU) and "devtools" (the load itself throttled the same way). The model does not see
// the first paint of the page's placeholder when the unthrottled load is quick enough to
// replace it before it paints, so both are reported.
const METHODS = (process.env.ELOS_LIGHTHOUSE_METHODS ?? 'simulate,devtools').split(',');
const here = dirname(fileURLToPath(import.meta.url));
const cli = join(here, 'lighthouse', 'node_modules', 'lighthouse', 'cli', 'index.js');
const url = appUrl({ lang: 'pt-BR' });
const out = mkdtempSync(join(tmpdir(), 'elos-lighthouse-'));
const rows = [];
try {
  console.log(`lighthouse 12, mobile preset (simulated slow 4G, CPU 4× slower), ${RUNS} runs of ${url}`);
  for (const method of METHODS) for (let run = 1; run <= RUNS; run++) {
    const file = join(out, `run-${method}-${run}.json`);
    execFileSync(
      process.execPath,
      [
        cli,
        url,
        '--quiet',
        '--only-categories=performance',
        '--output=json',
        `--throttling-method=${method}`,
        `--output-path=${file}`,
        '--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-background-networking',
      ],
      { env: { ...process.env, CHROME_PATH: process.env.ELOS_CHROMIUM ?? '/usr/bin/chromium' }, stdio: ['ignore', 'ignore', 'inherit'] },
    );
    const report = JSON.parse(readFileSync(file, 'utf8'));
    const a = (id) => report.audits[id]?.numericValue;
    const row = {
      method,
      score: Math.round(report.categories.performance.score * 100),
      fcp: a('first-contentful-paint'),
      lcp: a('largest-contentful-paint'),
      cls: a('cumulative-layout-shift'),
      tbt: a('total-blocking-time'),
      si: a('speed-index'),
      lcpElement: report.audits['largest-contentful-paint-element']?.details?.items?.[0]?.items?.[0]?.node?.snippet ?? '',
      shifts: (report.audits['layout-shifts']?.details?.items ?? []).map((i) => `${(i.score ?? 0).toFixed(3)} ${i.node?.snippet ?? ''}`.slice(0, 140)),
    };
    rows.push(row);
    console.log(
      `  ${method} run ${run}: score ${row.score}, FCP ${Math.round(row.fcp)} ms, LCP ${Math.round(row.lcp)} ms, CLS ${row.cls.toFixed(3)}, TBT ${Math.round(row.tbt)} ms, SI ${Math.round(row.si)} ms`,
    );
  }
  for (const method of METHODS) {
    const m = (k) => median(rows.filter((r) => r.method === method).map((r) => r[k]));
    console.log(
      `  median (${method}): score ${m('score')}, LCP ${Math.round(m('lcp'))} ms, CLS ${m('cls').toFixed(3)}, TBT ${Math.round(m('tbt'))} ms` +
        '   (targets: score ≥ 95, LCP ≤ 2500 ms, CLS ≤ 0.02)',
    );
  }
  console.log(`  largest contentful paint element: ${rows.at(-1).lcpElement.slice(0, 120)}`);
  for (const shift of rows.at(-1).shifts) console.log(`  layout shift: ${shift}`);
} finally {
  rmSync(out, { recursive: true, force: true });
}
