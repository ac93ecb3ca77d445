import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { launch, openApp } from './harness.mjs';
const src = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const browser = await launch();
for (const lang of ['pt-BR','en','es']) for (const [w,h] of [[390,844],[768,1024],[1024,768]]) {
const page = await openApp(browser, { query: { lang }, width: w, height: h });
await page.locator('svg.map').waitFor({ timeout: 15000 }); await page.waitForTimeout(500);
await page.evaluate(src);
const r = await page.evaluate(() => axe.run(document, { runOnly: ['wcag2a','wcag2aa','wcag21a','wcag21aa','wcag22aa'] }));
console.log(lang, w, JSON.stringify(r.violations.map(v => [v.id, v.nodes.map(n => [n.target, n.html.slice(0,300)])])));
await page.context().close();
}
await browser.close();
