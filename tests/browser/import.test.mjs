//! Importing in the page (issue 14): a clerk opens Import, chooses the office's CSV, reads the
//! report (row, what was read, what was decided and why), sees the imported links as a preview
//! on the map and the timeline, and downloads a dataset that `elos check` accepts. Nothing is
//! uploaded; the importer and its gazetteer are fetched only when Import is opened.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { launch, openApp, screenshot, mapReady } from './harness.mjs';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const spreadsheet = join(repo, 'crates/elos-import/tests/data/template-pt.csv');

/** `elos check FILE`: `ELOS_CLI` if set, else this checkout's own CLI through cargo (a binary
 * left in target/ may be older than the importer). */
function elosCheck(file) {
  const [command, args] = process.env.ELOS_CLI
    ? [process.env.ELOS_CLI, ['check', file]]
    : ['cargo', ['run', '--quiet', '-p', 'elos-cli', '--', 'check', file]];
  return spawnSync(command, args, { cwd: repo, encoding: 'utf8' });
}

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** Opens Import from the data keeper's tools in the footer. */
async function openImport(page, { tools, open }) {
  await page.getByText(tools).click();
  await page.getByRole('button', { name: open }).click();
  await page.getByRole('heading', { name: open.replace('…', '') }).waitFor();
}

test('import a spreadsheet, read the report, preview it and download a dataset elos check accepts', async () => {
  const page = await openApp(browser, { query: { lang: 'pt-BR' } });
  try {
    await mapReady(page);
    const before = page.requestedUrls.length;
    assert.ok(
      !page.requestedUrls.some((u) => /elos-import-worker|gazetteer/.test(u)),
      'the first view fetches neither the importer nor the gazetteer',
    );
    await openImport(page, { tools: 'Conferir outro arquivo de dados', open: 'Importar uma planilha…' });
    await page.getByLabel('Escolher o arquivo').setInputFiles(spreadsheet);

    // The report: one row per decision, with the line, what was read and why.
    const report = page.locator('.import-report table');
    await report.waitFor({ timeout: 60_000 });
    assert.match(await report.locator('caption').innerText(), /Relatório da importação/);
    const rows = report.locator('tbody tr');
    assert.ok((await rows.count()) >= 3, `report rows: ${await rows.count()}`);
    const invented = rows.filter({ hasText: 'Cidade Inventada de Teste' });
    assert.equal(await invented.count(), 1, 'the place nobody knows is reported');
    assert.match(await invented.locator('td').first().innerText(), /^template-pt\.csv:\d+$/);
    const text = await report.innerText();
    assert.match(text, /Marlboro|Milão|Nova Iorque|Kitakyushu/);
    await page.getByText(/Prévia do arquivo importado, não publicada: template-pt\.csv/).waitFor();

    // The importer came from its own files, after the person opened Import.
    const fetched = page.requestedUrls.slice(before);
    assert.ok(fetched.some((u) => u.endsWith('elos-import-worker_bg.wasm')), fetched.join('\n'));
    assert.ok(fetched.some((u) => u.endsWith('import/gazetteer.tsv')), fetched.join('\n'));

    // The preview: the imported links on the map and the timeline.
    await mapReady(page);
    const labels = await page.locator('svg.map-layers text').evaluateAll((els) => els.map((e) => e.textContent));
    assert.ok(
      labels.some((l) => /Belo Horizonte|Ipatinga|Milão|Montevidéu|Pequim|Kitakyushu/.test(l)),
      `map labels: ${labels.join(', ')}`,
    );
    const items = page.locator('svg.timeline').getByRole('button');
    await items.first().waitFor({ timeout: 15_000 });
    const names = await items.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
    assert.ok(
      names.some((n) => /Milão|Montevidéu|Pequim|Kitakyushu|Nova Iorque|Nova York/.test(n)),
      names.join(' | '),
    );
    await screenshot(page, 'import-1440x900');

    // The download: the dataset as a file, which `elos check` accepts.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Baixar o conjunto de dados (JSON)' }).click(),
    ]);
    assert.equal(download.suggestedFilename(), 'template-pt.json');
    const saved = join(mkdtempSync(join(tmpdir(), 'elos-import-')), 'template-pt.json');
    await download.saveAs(saved);
    const dataset = JSON.parse(readFileSync(saved, 'utf8'));
    assert.ok(dataset.cities.length > 3, 'the dataset has the imported cities');
    const check = elosCheck(saved);
    assert.equal(check.status, 0, `elos check: ${check.stdout}\n${check.stderr}`);

    const [reportFile] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Baixar o relatório (JSON)' }).click(),
    ]);
    assert.equal(reportFile.suggestedFilename(), 'template-pt.report.json');

    // Closing goes back to the published data.
    await page.getByRole('button', { name: /Fechar a importação/ }).click();
    await page.locator('.preview-banner').waitFor({ state: 'detached' });

    assert.deepEqual(page.pageErrors, []);
    assert.deepEqual(page.cspViolations, []);
  } finally {
    await page.context().close();
  }
});

test('on a phone, in English: the report and the preview', async () => {
  const page = await openApp(browser, { query: { lang: 'en' }, width: 390, height: 844 });
  try {
    await mapReady(page);
    await openImport(page, { tools: /Check another data file/, open: 'Import a spreadsheet…' });
    await page.getByLabel('Choose the file').setInputFiles(join(repo, 'crates/elos-import/tests/data/marlboro.csv'));
    await page.locator('.import-report').waitFor({ timeout: 60_000 });
    const ambiguous = page.locator('.import-report tbody tr').filter({ hasText: 'Ambiguous' }).first();
    // The candidates the clerk may have meant, with their GeoNames ids.
    assert.match(await ambiguous.innerText(), /GeoNames 5100886/);
    await page.getByText(/Preview of the imported file, not published/).waitFor();
    await screenshot(page, 'import-390x844');
    assert.deepEqual(page.pageErrors, []);
    assert.deepEqual(page.cspViolations, []);
  } finally {
    await page.context().close();
  }
});
