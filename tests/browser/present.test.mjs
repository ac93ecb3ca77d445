//! Present mode (issue 13): the keys presenters know, clickers, the step in the address, kiosk
//! timing with a fast clock, the presenter view, the three screen sizes, the printed brief,
//! the page reloaded with no network, and axe in present mode. Each test walks the example's
//! tour ("Ipatinga e Belo Horizonte no mundo", 7 steps) the way a presenter would.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { appUrl, artifactsDir, launch, mapReady, openApp, screenshot } from './harness.mjs';

const STEPS = 7;
const CAPTIONS = {
  1: /Ipatinga e Belo Horizonte: os vínculos internacionais/,
  2: /1978: Ipatinga e Kitakyushu \(Japão\) se tornam cidades-irmãs/,
  3: /2009: Ipatinga e Marlboro \(EUA\) se tornam cidades-irmãs/,
  5: /Belo Horizonte: as cooperações bilaterais/,
  7: /Belo Horizonte coopera com organismos internacionais/,
};

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** Opens present mode (pt-BR unless told) and waits for the first caption and the map. */
async function present(query = {}, options = {}) {
  const page = await openApp(browser, { query: { lang: 'pt-BR', mode: 'present', ...query }, ...options });
  await page.locator('.stage-counter').filter({ hasText: `/ ${STEPS}` }).waitFor({ timeout: 15_000 });
  await mapReady(page);
  return page;
}

const counter = (page) => page.locator('.stage-counter').innerText();
const caption = (page) => page.locator('.caption-main').innerText();
const stepInUrl = (page) => new URL(page.url()).searchParams.get('step');

/** Waits until the counter reads `n / 7` and the address says `step=n`. */
async function atStep(page, n) {
  await page.locator('.stage-counter').filter({ hasText: new RegExp(`^${n} / ${STEPS}$`) }).waitFor({ timeout: 5_000 });
  await page.waitForFunction((want) => new URL(location.href).searchParams.get('step') === want, String(n), { timeout: 5_000 });
  if (CAPTIONS[n]) assert.match(await caption(page), CAPTIONS[n], `the caption of step ${n}`);
}

async function close(page) {
  assert.deepEqual(page.pageErrors, [], 'uncaught errors in the page');
  assert.deepEqual(page.cspViolations, [], 'Content-Security-Policy violations');
  await page.context().close();
}

test('next, previous, first and last: arrows, Space, N and P, Home and End', async () => {
  const page = await present();
  try {
    await atStep(page, 1);
    assert.match(await page.locator('.stage-caption').innerText(), /Etapa 1 de 7/, 'the live region says which step it is');
    for (const [key, want] of [
      ['ArrowRight', 2],
      [' ', 3],
      ['n', 4],
      ['ArrowDown', 5],
      ['ArrowLeft', 4],
      ['p', 3],
      ['ArrowUp', 2],
      ['End', 7],
      ['ArrowRight', 7], // no loop without loop=1
      ['Home', 1],
      ['ArrowLeft', 1],
    ]) {
      await page.keyboard.press(key);
      await atStep(page, want);
    }
  } finally {
    await close(page);
  }
});

test('a USB clicker (PageDown, PageUp) steps through the tour', async () => {
  const page = await present();
  try {
    await page.keyboard.press('PageDown');
    await atStep(page, 2);
    await page.keyboard.press('PageDown');
    await atStep(page, 3);
    await page.keyboard.press('PageUp');
    await atStep(page, 2);
  } finally {
    await close(page);
  }
});

test('B and "." blank the screen, and nothing but them shows it again', async () => {
  const page = await present({ step: '2' });
  try {
    const blank = page.locator('.stage-blank');
    assert.equal(await blank.isVisible(), false);
    await page.keyboard.press('b');
    await blank.waitFor({ state: 'visible' });
    // A stray clicker press never reveals the next step.
    await page.keyboard.press('PageDown');
    await page.waitForTimeout(300);
    assert.equal(await counter(page), '2 / 7');
    assert.ok(await blank.isVisible());
    await screenshot(page, 'present-blank');
    await page.keyboard.press('.');
    await blank.waitFor({ state: 'hidden' });
    await page.keyboard.press('PageDown');
    await atStep(page, 3);
  } finally {
    await close(page);
  }
});

test('a number then Enter jumps to that step', async () => {
  const page = await present();
  try {
    await page.keyboard.press('5');
    const jump = page.locator('.stage-jump');
    await jump.waitFor({ state: 'visible' });
    assert.equal(await jump.innerText(), 'Ir para a etapa 5…');
    await page.keyboard.press('Enter');
    await atStep(page, 5);
    assert.equal(await jump.isVisible(), false, 'the typed number is gone');
    // Two digits, and a step the tour does not have goes nowhere.
    await page.keyboard.press('1');
    await page.keyboard.press('2');
    await page.keyboard.press('Enter');
    await page.waitForTimeout(300);
    assert.equal(await counter(page), '5 / 7');
  } finally {
    await close(page);
  }
});

test('? shows the keys, Escape closes them, then leaves present mode', async () => {
  const page = await present();
  try {
    await page.keyboard.press('?');
    const help = page.getByRole('dialog', { name: 'Teclas da apresentação' });
    await help.waitFor({ state: 'visible' });
    const text = await help.innerText();
    for (const want of ['Próxima etapa', 'Etapa anterior', 'Page Down', 'Escurecer a tela', 'Ir para a etapa com esse número']) {
      assert.ok(text.includes(want), `the keys overlay names “${want}”:\n${text}`);
    }
    await screenshot(page, 'present-keys');
    await page.keyboard.press('Escape');
    await help.waitFor({ state: 'hidden' });
    assert.ok(await page.locator('.stage-caption').isVisible(), 'the first Escape only closed the overlay');
    await page.keyboard.press('Escape');
    await page.locator('.stage-caption').waitFor({ state: 'detached' });
    await page.locator('header.top').waitFor({ state: 'visible' });
    assert.equal(new URL(page.url()).searchParams.get('mode'), null, 'the address no longer says mode=present');
    assert.ok(await page.getByRole('button', { name: 'Apresentar' }).isVisible(), 'back in the explorer');
  } finally {
    await close(page);
  }
});

test('keys typed into a field are the field’s, not the presentation’s', async () => {
  const page = await present();
  try {
    const select = page.getByRole('combobox', { name: 'Legendas para visitantes' });
    await select.focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('PageDown');
    await page.waitForTimeout(300);
    assert.equal(await counter(page), '1 / 7');
  } finally {
    await close(page);
  }
});

test('the "Present" button, F and Escape: full screen is left first, then present mode', async () => {
  const page = await openApp(browser, { query: { lang: 'pt-BR' } });
  try {
    await mapReady(page);
    await page.getByRole('button', { name: 'Apresentar' }).click();
    await page.locator('.stage-counter').filter({ hasText: '1 / 7' }).waitFor();
    assert.equal(new URL(page.url()).searchParams.get('mode'), 'present');
    assert.equal(await page.locator('header.top').isVisible(), false, 'the page chrome is hidden');
    await page.waitForFunction(() => document.activeElement?.classList.contains('stage'), null, { timeout: 2_000 });
    const fullScreen = () => page.evaluate(() => document.fullscreenElement !== null);
    await page.waitForFunction(() => document.fullscreenElement !== null, null, { timeout: 5_000 });
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => document.fullscreenElement === null);
    assert.ok(await page.locator('.stage-caption').isVisible(), 'still presenting after leaving full screen');
    await page.keyboard.press('f');
    await page.waitForFunction(() => document.fullscreenElement !== null);
    // The button follows the browser's `fullscreenchange`, which comes a moment after.
    await page.getByRole('button', { name: 'Entrar ou sair da tela cheia', pressed: true }).waitFor({ timeout: 5_000 });
    await page.keyboard.press('f');
    await page.waitForFunction(() => document.fullscreenElement === null);
    assert.equal(await fullScreen(), false);
    await page.keyboard.press('Escape');
    await page.locator('header.top').waitFor({ state: 'visible' });
    // Focus is not lost with the stage: it is back on "Present".
    await page.waitForFunction(() => document.activeElement?.classList.contains('present-button'), null, { timeout: 2_000 });
  } finally {
    await close(page);
  }
});

test('a swipe steps: to the left goes on, to the right goes back', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, hasTouch: true, isMobile: false });
  const page = await context.newPage();
  page.pageErrors = [];
  page.cspViolations = [];
  page.on('pageerror', (e) => page.pageErrors.push(String(e)));
  try {
    await page.goto(appUrl({ lang: 'pt-BR', mode: 'present' }));
    await page.locator('.stage-counter').filter({ hasText: '1 / 7' }).waitFor({ timeout: 15_000 });
    const cdp = await context.newCDPSession(page);
    const swipe = async (fromX, toX) => {
      const y = 300;
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x: fromX, y }] });
      for (let i = 1; i <= 4; i++) {
        await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x: fromX + ((toX - fromX) * i) / 4, y }] });
      }
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    };
    await swipe(900, 500);
    await page.locator('.stage-counter').filter({ hasText: '2 / 7' }).waitFor();
    await swipe(500, 900);
    await page.locator('.stage-counter').filter({ hasText: '1 / 7' }).waitFor();
  } finally {
    await close(page);
  }
});

test('the step is in the address: a reload lands on the same step', async () => {
  const page = await present({ step: '3', captions: 'en' });
  try {
    await atStep(page, 3);
    assert.match(await page.locator('.caption-visitors').innerText(), /2009: Ipatinga and Marlboro \(USA\) become sister cities/);
    assert.equal(await page.locator('.caption-visitors').getAttribute('lang'), 'en');
    await page.keyboard.press('ArrowRight');
    await atStep(page, 4);
    await page.reload({ waitUntil: 'load' });
    await atStep(page, 4);
    assert.equal(new URL(page.url()).searchParams.get('captions'), 'en', 'the visitors’ language survives too');
    assert.match(await page.locator('.caption-visitors').innerText(), /Ipatinga’s twinnings/);
  } finally {
    await close(page);
  }
});

test('a step the tour does not have opens the first, with a notice', async () => {
  const page = await present({ step: '99' });
  try {
    await atStep(page, 1);
    await page.locator('.notice').filter({ hasText: 'step=“99”' }).waitFor();
  } finally {
    await close(page);
  }
});

/** Present mode with Playwright's fake clock (Date, timers and animation frames). */
async function presentWithClock(query) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, reducedMotion: 'reduce' });
  await context.clock.install({ time: new Date('2026-03-01T10:00:00Z') });
  const page = await context.newPage();
  page.pageErrors = [];
  page.cspViolations = [];
  page.on('pageerror', (e) => page.pageErrors.push(String(e)));
  await page.goto(appUrl({ lang: 'pt-BR', mode: 'present', ...query }));
  // Loading needs timers to run: let the fake clock go until the tour is on screen.
  for (let i = 0; i < 100 && !(await page.locator('.stage-counter').filter({ hasText: '/ 7' }).count()); i++) {
    await page.clock.runFor(100);
  }
  await page.locator('.stage-counter').filter({ hasText: '1 / 7' }).waitFor();
  return { page, context };
}

test('auto-advance on a fast clock: each step its time, any key pauses, A resumes', async () => {
  // The example's steps say how long they stay (10, 12, 12, 15, 15, 15, 15 s): a step's own
  // duration wins over autoplay's.
  const { page } = await presentWithClock({ autoplay: '5' });
  try {
    await page.clock.runFor(9_000);
    assert.equal(await counter(page), '1 / 7', 'not before its ten seconds');
    await page.clock.runFor(1_500);
    await atStep(page, 2);
    await page.clock.runFor(11_000);
    assert.equal(await counter(page), '2 / 7', 'step 2 stays twelve seconds');
    await page.clock.runFor(1_500);
    await atStep(page, 3);
    // A presenter's key pauses the show (reveal.js' autoSlideStoppable).
    await page.keyboard.press('ArrowRight');
    await atStep(page, 4);
    await page.clock.runFor(60_000);
    assert.equal(await counter(page), '4 / 7', 'paused by the key');
    assert.equal(await page.getByRole('button', { name: 'Avançar sozinho ou parar' }).getAttribute('aria-pressed'), 'false');
    await page.keyboard.press('a');
    await page.clock.runFor(15_500);
    await atStep(page, 5);
    // The last step stays without loop=1.
    await page.clock.runFor(31_000);
    await atStep(page, 7);
    await page.clock.runFor(30_000);
    assert.equal(await counter(page), '7 / 7');
  } finally {
    await close(page);
  }
});

test('a looping kiosk goes round; an idle kiosk counts down, a touch cancels, then it resets', async () => {
  {
    const { page } = await presentWithClock({ autoplay: '5', loop: '1' });
    try {
      await page.keyboard.press('End');
      await atStep(page, 7);
      await page.keyboard.press('a');
      await page.clock.runFor(15_500);
      await atStep(page, 1);
    } finally {
      await close(page);
    }
  }
  const { page } = await presentWithClock({ idle: '30' });
  try {
    await page.keyboard.press('End');
    await atStep(page, 7);
    const countdown = page.locator('.stage-countdown');
    await page.clock.runFor(19_000);
    assert.equal(await countdown.isVisible(), false, 'no countdown in the first 20 of 30 seconds');
    await page.clock.runFor(2_000);
    await countdown.waitFor({ state: 'visible' });
    assert.match(await countdown.innerText(), /Voltando ao início em \d+ segundos/);
    // A touch anywhere cancels it.
    await page.mouse.click(640, 300);
    await countdown.waitFor({ state: 'hidden' });
    await page.clock.runFor(25_000);
    assert.equal(await counter(page), '7 / 7');
    await page.clock.runFor(6_000);
    await atStep(page, 1);
  } finally {
    await close(page);
  }
});

test('the presenter view (S) follows the main window and steers it', async () => {
  const page = await present();
  try {
    const [view] = await Promise.all([page.context().waitForEvent('page'), page.keyboard.press('s')]);
    view.pageErrors = [];
    view.on('pageerror', (e) => view.pageErrors.push(String(e)));
    await view.waitForLoadState('load');
    assert.equal(new URL(view.url()).searchParams.get('mode'), 'presenter');
    const status = view.locator('.presenter-status');
    await status.filter({ hasText: 'Etapa 1 de 7' }).waitFor({ timeout: 15_000 });
    assert.match(await view.locator('.presenter-caption').innerText(), CAPTIONS[1]);
    assert.match(await view.locator('.presenter-next p').innerText(), CAPTIONS[2]);
    await page.keyboard.press('ArrowRight');
    await atStep(page, 2);
    await status.filter({ hasText: 'Etapa 2 de 7' }).waitFor();
    assert.match(await view.locator('.presenter-notes').innerText(), /Segundo a página de cidades-irmãs/);
    assert.match(await view.locator('.presenter-clock').innerText(), /\d+:\d\d/);
    await screenshot(view, 'present-presenter-view');
    // The presenter's own buttons and keys steer the presentation.
    await view.getByRole('button', { name: 'Próxima etapa' }).click();
    await atStep(page, 3);
    await view.keyboard.press('b');
    await page.locator('.stage-blank').waitFor({ state: 'visible' });
    await status.filter({ hasText: 'tela apagada' }).waitFor();
    await view.keyboard.press('b');
    await view.keyboard.press('7');
    await view.keyboard.press('Enter');
    await atStep(page, 7);
    await status.filter({ hasText: 'Etapa 7 de 7' }).waitFor();
    assert.match(await view.locator('.presenter-next p').innerText(), /Fim do roteiro/);
    // Leaving present mode ends it for the presenter view.
    await page.getByRole('button', { name: 'Sair da apresentação' }).click();
    await status.filter({ hasText: 'A apresentação terminou.' }).waitFor();
    assert.deepEqual(view.pageErrors, []);
  } finally {
    await close(page);
  }
});

test('present mode at 1280×720, 1920×1080 and 3840×2160: large type, nothing overlaps, the step framed above the caption', async () => {
  for (const [width, height] of [
    [1280, 720],
    [1920, 1080],
    [3840, 2160],
  ]) {
    const page = await present({ step: '2', captions: 'en' }, { width, height });
    try {
      await atStep(page, 2);
      await page.waitForTimeout(1_800); // the flight lands
      const layout = await page.evaluate(() => {
        const box = (sel) => document.querySelector(sel)?.getBoundingClientRect().toJSON();
        return {
          body: parseFloat(getComputedStyle(document.body).fontSize),
          caption: parseFloat(getComputedStyle(document.querySelector('.caption-main')).fontSize),
          title: box('.stage-title'),
          bar: box('.stage-bar'),
          band: box('.stage-caption'),
          frame: box('.map-frame'),
          counter: box('.stage-counter'),
          scroll: [document.documentElement.scrollWidth, document.documentElement.scrollHeight],
          labels: [...document.querySelectorAll('svg.map-layers text')].map((t) => ({
            city: t.dataset.city,
            x: Number(t.dataset.cx),
            y: Number(t.dataset.cy),
          })),
        };
      });
      await screenshot(page, `present-${width}x${height}`);
      const where = `${width}×${height}`;
      if (width >= 1920) assert.ok(layout.body >= 24 * (width / 1920), `body text ${layout.body}px at ${where}`);
      assert.ok(layout.caption >= layout.body * 1.4, `the caption is larger than the body at ${where}`);
      assert.deepEqual(layout.scroll, [width, height], `nothing runs off the screen at ${where}`);
      const overlap = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
      assert.ok(!overlap(layout.title, layout.bar), `the title and the toolbar overlap at ${where}`);
      assert.ok(!overlap(layout.counter, layout.band) || layout.counter.bottom <= layout.band.bottom, 'the counter sits in the band');
      assert.ok(layout.band.top >= layout.frame.bottom - 1, `the map ends above the caption band at ${where}`);
      // Step 2 frames Ipatinga and Kitakyushu: both in sight.
      for (const city of ['ipatinga', 'kitakyushu']) {
        const label = layout.labels.find((l) => l.city === city);
        assert.ok(label, `${city} is labelled at ${where}`);
        assert.ok(label.x > 0 && label.x < layout.frame.width && label.y > 0 && label.y < layout.frame.height, `${city} is inside the map at ${where}: ${JSON.stringify(label)}`);
      }
    } finally {
      await close(page);
    }
  }
});

test('the cursor hides after a few seconds still, and comes back when moved', async () => {
  const page = await present();
  try {
    await page.mouse.move(400, 300);
    await page.mouse.move(420, 310);
    const hidden = () => page.evaluate(() => document.documentElement.classList.contains('cursor-hidden'));
    assert.equal(await hidden(), false);
    await page.waitForFunction(() => document.documentElement.classList.contains('cursor-hidden'), null, { timeout: 6_000 });
    await page.waitForFunction(() => getComputedStyle(document.querySelector('.stage-bar')).opacity === '0', null, { timeout: 2_000 });
    await page.mouse.move(500, 320);
    await page.waitForFunction(() => !document.documentElement.classList.contains('cursor-hidden'));
  } finally {
    await close(page);
  }
});

/** Prints the page to PDF as Chromium would for "Print brief" and reads it back. */
async function printBrief(page, name) {
  // The print dialog would block headless Chromium: the page's own print() is left out and
  // the PDF is made from the same print layout.
  await page.evaluate(() => {
    window.print = () => {};
  });
  await page.getByRole('button', { name: /Imprimir resumo|Print brief/ }).first().click();
  await page.locator('article.brief').waitFor({ state: 'attached' });
  await page.waitForFunction(() => document.documentElement.classList.contains('printing-brief'));
  await page.waitForFunction(() => document.querySelector('article.brief svg.brief-world path.country'));
  mkdirSync(artifactsDir, { recursive: true });
  const pdf = join(artifactsDir, `${name}.pdf`);
  writeFileSync(pdf, await page.pdf({ preferCSSPageSize: true, printBackground: true }));
  const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
  const pages = Number(/Pages:\s+(\d+)/.exec(info)[1]);
  const size = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(info).slice(1).map(Number);
  const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
  // The pages as pictures, to look at.
  execFileSync('pdftoppm', ['-png', '-r', '60', pdf, join(artifactsDir, name)]);
  return { pages, size, text };
}

test('"Print brief": an A4 handout in the chosen language, numbered pages, the map, partners and the tour', async () => {
  const page = await openApp(browser, { query: { lang: 'pt-BR' } });
  try {
    await mapReady(page);
    const { pages, size, text } = await printBrief(page, 'brief-pt-BR-a4');
    assert.ok(pages >= 1 && pages <= 3, `the example fits on at most 3 pages, not ${pages}`);
    assert.deepEqual(size.map(Math.round), [595, 842], 'A4 in Brazil');
    const flat = text.replace(/\s+/g, ' ');
    // The dataset's date is the file's Last-Modified, as the server sent it (a fresh clone's
    // checkout time), in the brief's language.
    const modified = await page.evaluate(async () => (await fetch('data/example.json', { method: 'HEAD' })).headers.get('last-modified'));
    const asOf = new Intl.DateTimeFormat('pt-BR', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(modified));
    for (const want of [
      'Exemplo: relações internacionais de Ipatinga, Belo Horizonte e Jundiaí',
      `Dados de ${asOf}`,
      'Kitakyushu (Japão)',
      'Cidade-irmã',
      '1978',
      'Ipatinga e Belo Horizonte no mundo',
      '1978: Ipatinga e Kitakyushu (Japão) se tornam cidades-irmãs',
    ]) {
      assert.ok(flat.includes(want), `the brief says “${want}”:\n${text.slice(0, 1500)}`);
    }
    // pdftotext reads the page-margin box's "1 / 3" as "1/3".
    assert.match(flat, new RegExp(`1 ?/ ?${pages}`), 'the pages are numbered');
    assert.ok(!flat.includes('Linha do tempo'), 'only the brief is printed, not the page');
    // On screen nothing changed.
    assert.equal(await page.locator('article.brief').isVisible(), false);
  } finally {
    await close(page);
  }
});

test('"Print brief" in English on Letter paper for a US browser', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
  const page = await context.newPage();
  page.pageErrors = [];
  page.cspViolations = [];
  page.on('pageerror', (e) => page.pageErrors.push(String(e)));
  try {
    await page.goto(appUrl({ lang: 'en', city: 'ipatinga' }));
    await mapReady(page);
    const { pages, size, text } = await printBrief(page, 'brief-en-letter');
    assert.deepEqual(size.map(Math.round), [612, 792], 'US Letter');
    assert.equal(pages, 1, 'Ipatinga fits on one page');
    const flat = text.replace(/\s+/g, ' ');
    for (const want of ['International links of Ipatinga', 'Data as of', 'Kitakyushu (Japan)', 'Marlboro', 'Sister city', 'In force']) {
      assert.ok(flat.includes(want), `the brief says “${want}”:\n${text.slice(0, 1500)}`);
    }
    assert.match(flat, /1 ?\/ ?1/, 'the page is numbered');
  } finally {
    await close(page);
  }
});

test('offline: after one visit, the page reloaded with no network still runs the tour', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const page = await context.newPage();
  page.pageErrors = [];
  page.cspViolations = [];
  page.on('pageerror', (e) => page.pageErrors.push(String(e)));
  try {
    await page.goto(appUrl({ lang: 'pt-BR', captions: 'en' }));
    await mapReady(page);
    await page.locator('.offline-ready').filter({ hasText: 'Disponível sem internet' }).waitFor({ timeout: 20_000 });
    assert.ok(await page.evaluate(() => navigator.serviceWorker.controller !== null));
    await context.setOffline(true);
    await page.goto(appUrl({ lang: 'pt-BR', mode: 'present', step: '2', captions: 'en' }));
    await page.locator('.stage-counter').filter({ hasText: '2 / 7' }).waitFor({ timeout: 15_000 });
    await mapReady(page);
    assert.match(await caption(page), CAPTIONS[2]);
    assert.match(await page.locator('.caption-visitors').innerText(), /Kitakyushu \(Japan\)/, 'the English captions come from the cache too');
    await page.keyboard.press('ArrowRight');
    await atStep(page, 3);
    assert.ok(await page.locator('.offline-ready').filter({ hasText: 'Disponível sem internet' }).count());
    await screenshot(page, 'present-offline');
  } finally {
    await context.setOffline(false);
    await close(page);
  }
});

test('inside another site’s frame: no service worker, and "Present" opens the standalone page', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  try {
    // A city hall's page on another origin (localhost is not 127.0.0.1) embedding Elos, as
    // the README shows, without allowing full screen.
    const app = appUrl({ lang: 'pt-BR' });
    const host = new URL('/portal.html', app.replace('127.0.0.1', 'localhost')).href;
    // A real response from the local server (a 404 will do), then the portal's markup: a page
    // Playwright makes up has no address, and Chromium's local-network checks would then
    // refuse the frame from 127.0.0.1.
    await page.goto(host);
    await page.setContent(`<!doctype html><title>Portal</title><iframe src="${app}" title="Elos" width="1200" height="850"></iframe>`);
    const frame = page.frameLocator('iframe');
    await frame.locator(':root:not(.mounting) svg.map-layers path.mk').first().waitFor({ state: 'attached', timeout: 15_000 });
    const inner = page.frames().find((f) => f.url().startsWith(app.split('?')[0]));
    assert.equal(await inner.evaluate(() => document.fullscreenEnabled), false);
    const [standalone] = await Promise.all([context.waitForEvent('page'), frame.getByRole('button', { name: 'Apresentar' }).click()]);
    await standalone.waitForLoadState('load');
    assert.equal(new URL(standalone.url()).searchParams.get('mode'), 'present');
    await standalone.locator('.stage-counter').filter({ hasText: '1 / 7' }).waitFor({ timeout: 15_000 });
    assert.equal(await frame.locator('.offline-ready').innerText(), '', 'no “available offline” in the frame');
    // Chromium may refuse a third-party frame workers altogether (a refusal says so too).
    const registrations = await inner.evaluate(() =>
      navigator.serviceWorker.getRegistrations().then(
        (r) => r.length,
        () => 0,
      ),
    );
    assert.equal(registrations, 0, 'a cross-origin frame registers no worker');
  } finally {
    await context.close();
  }
});

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

test('axe finds nothing in present mode (caption, keys overlay, presenter view)', async () => {
  const page = await present({ step: '2', captions: 'en' }, { width: 1920, height: 1080 });
  try {
    await page.waitForTimeout(1_800);
    const run = async (target, where) => {
      if (!(await target.evaluate(() => typeof globalThis.axe === 'object'))) await target.evaluate(axeSource);
      const results = await target.evaluate(() =>
        globalThis.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } }),
      );
      const found = results.violations.map((v) => `${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
      assert.deepEqual(found, [], `axe on ${where}`);
    };
    await run(page, 'present mode');
    await page.keyboard.press('?');
    await page.locator('.stage-keys').waitFor({ state: 'visible' });
    await run(page, 'the keys overlay');
    await page.keyboard.press('Escape');
    const [view] = await Promise.all([page.context().waitForEvent('page'), page.keyboard.press('s')]);
    await view.locator('.presenter-status').filter({ hasText: 'Etapa 2 de 7' }).waitFor({ timeout: 15_000 });
    await run(view, 'the presenter view');
  } finally {
    await close(page);
  }
});
