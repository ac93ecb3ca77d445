//! Shared helpers for Elos' browser tests: launch Chromium, open the built app, collect what went wrong, take screenshots.
//
// `cargo xtask test` builds dist/, serves it from a sub-folder and sets the ELOS_* variables
// below before running `node --test tests/browser/`. Run the tests through it.

import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

function requireEnv(name) {
  const value = process.env[name];
  if (!value) {
    throw new Error(
      `${name} is not set. Run the browser tests with \`cargo xtask test\`, which builds ` +
        'and serves the app and sets ELOS_BASE_URL, ELOS_FIXTURES_URL and ELOS_ARTIFACTS.',
    );
  }
  return value;
}

/** The app's URL, a sub-folder like a city hall's site (ends with `/`). */
export const baseUrl = requireEnv('ELOS_BASE_URL');
/** Where the files of `tests/data/` are served (ends with `/`), for `?data=` URLs. */
export const fixturesUrl = requireEnv('ELOS_FIXTURES_URL');
/** Folder for screenshots; kept by CI as test artefacts. */
export const artifactsDir = requireEnv('ELOS_ARTIFACTS');

/** Chromium from Debian's `chromium` package; Playwright cannot download a browser here. */
export const chromiumPath = process.env.ELOS_CHROMIUM ?? '/usr/bin/chromium';

/** Starts headless Chromium with a fresh profile. Close it in an `after` hook. */
export async function launch() {
  // No `--user-data-dir` here: Playwright refuses it in `launch()` because it already gives
  // every launch a fresh temporary profile, deleted on `browser.close()`.
  const args = [
    '--no-sandbox', // CI runs as root, where Chromium's sandbox cannot start
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ];
  return chromium.launch({ executablePath: chromiumPath, headless: true, args });
}

/**
 * Opens the app in a new browser context of the given viewport and waits for the page load.
 *
 * Returns the Playwright page, with arrays that fill up while the page lives:
 * - `page.consoleErrors`: text of every `console.error` (also failed loads and CSP reports),
 * - `page.pageErrors`: uncaught exceptions and rejected promises (wasm panics land here),
 * - `page.cspViolations`: `securitypolicyviolation` events as `{ directive, blockedUri, source }`,
 * - `page.failedRequests`: `"<status> <url>"` of responses with status >= 400 and network failures,
 * - `page.requestedUrls`: every URL the page asked for, in order.
 *
 * `query` is a string (`"data=…&lang=en"`) or an object of URL query parameters; `url`
 * replaces the app's address altogether; `contextOptions` go to `browser.newContext`.
 * `page.dialogs` collects the text of every `alert`/`confirm`/`prompt` (dismissed).
 */
export async function openApp(browser, { query, url, width = 1440, height = 900, contextOptions = {} } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, ...contextOptions });
  const page = await context.newPage();
  page.consoleErrors = [];
  page.pageErrors = [];
  page.cspViolations = [];
  page.failedRequests = [];
  page.requestedUrls = [];
  page.dialogs = [];
  page.on('dialog', (dialog) => {
    page.dialogs.push(dialog.message());
    dialog.dismiss().catch(() => {});
  });

  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    // "Failed to load resource" names its URL only in the location.
    const { url } = message.location();
    page.consoleErrors.push(url ? `${message.text()} (${url})` : message.text());
  });
  page.on('pageerror', (error) => page.pageErrors.push(String(error)));
  page.on('request', (request) => page.requestedUrls.push(request.url()));
  page.on('response', (response) => {
    if (response.status() >= 400) page.failedRequests.push(`${response.status()} ${response.url()}`);
  });
  page.on('requestfailed', (request) => {
    page.failedRequests.push(`${request.failure()?.errorText ?? 'failed'} ${request.url()}`);
  });

  // The binding is installed over the DevTools protocol, so it works under the page's CSP.
  await context.exposeBinding('__elosReportCspViolation', (_source, violation) => {
    page.cspViolations.push(violation);
  });
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      globalThis.__elosReportCspViolation({
        directive: event.effectiveDirective,
        blockedUri: event.blockedURI,
        source: `${event.sourceFile}:${event.lineNumber}:${event.columnNumber}`,
      });
    });
  });

  await page.goto(url ?? appUrl(query), { waitUntil: 'load' });
  return page;
}

/** The app's URL with the given query (string or object of parameters). */
export function appUrl(query) {
  const url = new URL(baseUrl);
  if (typeof query === 'string') url.search = query;
  else if (query) url.search = new URLSearchParams(query).toString();
  return url.href;
}

/** Saves a full-page PNG as `<ELOS_ARTIFACTS>/<name>.png` and returns its path. */
export async function screenshot(page, name) {
  mkdirSync(artifactsDir, { recursive: true });
  const path = join(artifactsDir, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/**
 * A city on the map, found by its label. The map draws every city and link of one style as
 * one path (the element count never grows with the data), so its labels are what names a city
 * on screen; clicking one chooses the city, as clicking its marker does.
 */
export function mapCity(page, name) {
  return page.locator('svg.map-layers text').filter({ hasText: name });
}

/** Waits until the map has drawn its markers. */
export async function mapReady(page, timeout = 15_000) {
  await page.locator(':root:not(.mounting) svg.map-layers path.mk').first().waitFor({ state: 'attached', timeout });
}

/**
 * Chooses the home city with the city chooser, a combobox (a list of 18,000 options is no
 * choice): types the name and picks the option. `label` is the chooser's label in the page's
 * language ("Cidade", "City", "Ciudad").
 */
export async function chooseCity(page, label, name) {
  const box = page.getByRole('combobox', { name: new RegExp(`^${label}`) });
  await box.waitFor({ timeout: 15_000 });
  await box.fill(name);
  await page.getByRole('option', { name, exact: true }).click();
  await page.waitForFunction((n) => document.activeElement?.value !== undefined || true, name);
}

/** How many arcs the map draws: every arc of one style is one path, one subpath per arc. */
export function arcCount(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('svg.map-layers path.arc:not(.lit)')].reduce(
      (n, p) => n + (p.getAttribute('d').match(/[Mm]/g) ?? []).length,
      0,
    ),
  );
}

/**
 * The built app's folder: `ELOS_DIST` (set by `cargo xtask test`), else the repository's
 * `dist/`.
 */
export const distDir = process.env.ELOS_DIST ?? fileURLToPath(new URL('../../dist/', import.meta.url));

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * Copies the built app to a temporary folder, lets `edit` change its `index.html` (text in,
 * text out), and serves the copy from the same sub-folder path as the real one on a port of
 * its own. Returns `{ url, close }`; `url` is the copy's address, ending with `/`. For tests
 * that need the page itself to differ: an inline script added (the CSP's negative control),
 * the world map removed, a broken site configuration. `answers` maps a path below the copy's
 * folder (`limits/x.json`) to a `(request, response) => …` handler, for answers a static
 * server cannot give (a body cut off mid-way).
 */
export async function serveEditedCopy(edit, answers = {}) {
  const folder = mkdtempSync(join(tmpdir(), 'elos-copy-'));
  cpSync(distDir, folder, { recursive: true });
  const index = join(folder, 'index.html');
  writeFileSync(index, edit(readFileSync(index, 'utf8')));
  const prefix = new URL(baseUrl).pathname;
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url, 'http://x').pathname);
    const relative = path.startsWith(prefix) ? path.slice(prefix.length) || 'index.html' : null;
    if (relative !== null && answers[relative]) {
      answers[relative](request, response);
      return;
    }
    const file = relative === null ? null : normalize(join(folder, relative));
    if (!file || !file.startsWith(folder) || !existsSync(file) || !statSync(file).isFile()) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    response.writeHead(200, {
      'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
      'cache-control': 'no-cache',
    });
    response.end(readFileSync(file));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}${prefix}`;
  return {
    url,
    close: async () => {
      await new Promise((resolve) => server.close(resolve));
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

/**
 * Opens `url` (any address, e.g. an edited copy's) like `openApp`, with the same error,
 * CSP and request collectors.
 */
export async function openUrl(browser, url, { width = 1440, height = 900, contextOptions = {} } = {}) {
  return openApp(browser, { width, height, url, contextOptions });
}

/** A minimal RFC 4180 reader for the downloaded file (quoted fields, "" escapes, CRLF). */
export function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  return rows;
}
