// scratch: main-thread top-level tasks over 20 ms during the example's load, with their biggest children
import { launch, throttledPage, openAndWaitReady, TRACE_CATEGORIES } from './common.mjs';
const browser = await launch();
const [w, h] = (process.env.SIZE ?? '390x844').split('x').map(Number);
const { context, page } = await throttledPage(browser, { width: w, height: h });
await browser.startTracing(page, { categories: [...TRACE_CATEGORIES, 'disabled-by-default-devtools.timeline.frame', 'loading'] });
const ready = await openAndWaitReady(page, process.env.QUERY ?? 'lang=pt-BR');
const trace = JSON.parse((await browser.stopTracing()).toString());
const ev = trace.traceEvents;
const main = new Set(ev.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
const nav = ev.find((e) => e.name === 'navigationStart' || e.name === 'NavigationBodyLoader::StartLoadingBody' );
const list = ev.filter((e) => e.ph === 'X' && main.has(`${e.pid}:${e.tid}`)).sort((a, b) => a.ts - b.ts || b.dur - a.dur);
const t0 = (ev.find((e) => e.name === 'navigationStart' && main.has(`${e.pid}:${e.tid}`)) ?? list[0]).ts;
const stack = []; const tops = [];
for (const e of list) { while (stack.length && stack.at(-1).ts + stack.at(-1).dur <= e.ts) stack.pop(); e.depth = stack.length; if (!stack.length) tops.push(e); (stack.at(-1)?.kids ?? []).push(e); if (stack.length) { stack.at(-1).kids ??= []; stack.at(-1).kids.push(e);} stack.push(e); }
console.log(`ready ${JSON.stringify(ready)}`);
for (const t of tops) {
  if (t.dur < 20000) continue;
  const kids = (t.kids ?? []).slice().sort((a, b) => b.dur - a.dur).slice(0, 5).map((k) => `${k.name} ${(k.dur / 1000).toFixed(0)}`);
  // grandchildren of biggest child
  const big = (t.kids ?? []).slice().sort((a, b) => b.dur - a.dur)[0];
  const gk = (big?.kids ?? []).slice().sort((a, b) => b.dur - a.dur).slice(0, 6).map((k) => `${k.name}${k.args?.data?.functionName ? '(' + k.args.data.functionName + ')' : ''}${k.args?.data?.url ? '[' + k.args.data.url.split('/').pop() + ']' : ''} ${(k.dur / 1000).toFixed(0)}`);
  console.log(`${((t.ts - t0) / 1000).toFixed(0).padStart(6)} +${(t.dur / 1000).toFixed(0).padStart(4)}  ${t.name}: ${kids.join(', ')}\n            └ ${gk.join(', ')}`);
}
await context.close(); await browser.close();
