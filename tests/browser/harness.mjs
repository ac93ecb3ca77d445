//! Shared helpers for Elos' browser tests: launch Chromium, open the built app, collect what went wrong, take screenshots.
//
// `cargo xtask test` builds dist/, serves it from a sub-folder and sets the ELOS_* variables
// below before running `node --test tests/browser/`. Run the tests through it.

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
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
 * `query` is a string (`"data=…&lang=en"`) or an object of URL query parameters.
 */
export async function openApp(browser, { query, width = 1440, height = 900 } = {}) {
  const context = await browser.newContext({ viewport: { width, height } });
  const page = await context.newPage();
  page.consoleErrors = [];
  page.pageErrors = [];
  page.cspViolations = [];
  page.failedRequests = [];
  page.requestedUrls = [];

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

  await page.goto(appUrl(query), { waitUntil: 'load' });
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
  await page.locator('svg.map-layers path.mk').first().waitFor({ state: 'attached', timeout });
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
