// Ad-hoc screenshots while developing (not a test): node shot.tmp.mjs URL NAME W H [wait-selector]
import { chromium } from 'playwright-core';
const [url, name, w = '1440', h = '900', waitFor = 'svg.map .layers path'] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
const page = await browser.newPage({ viewport: { width: +w, height: +h } });
const errors = [];
page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') errors.push(m.text()); });
page.on('pageerror', (e) => errors.push(String(e)));
const t0 = Date.now();
await page.goto(url, { waitUntil: 'load' });
try { await page.waitForSelector(waitFor, { timeout: 20000 }); } catch (e) { errors.push('wait: ' + e.message.split('\n')[0]); }
await page.waitForTimeout(500);
console.log('ready after', Date.now() - t0, 'ms; elements', await page.evaluate(() => document.querySelectorAll('*').length), 'map elements', await page.evaluate(() => document.querySelectorAll('svg.map *').length));
await page.screenshot({ path: `/tmp/shots/${name}.png`, fullPage: true });
console.log(errors.join('\n'));
await browser.close();
