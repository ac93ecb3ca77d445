//! Exploring: search by name without accents or with a typo, chosen with the keyboard, shows
//! the place on the map and in the details; the table lists the same links as the map.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launch, openApp, screenshot, mapCity, mapReady, arcCount, chooseCity, parseCsv } from './harness.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

test('search "bogota" with the keyboard selects Bogotá on the map', async () => {
  const page = await openApp(browser, { query: { lang: 'pt-BR', city: 'ipatinga' } });
  try {
    const box = page.getByRole('combobox', { name: /Buscar/ });
    await box.waitFor({ timeout: 15_000 });
    await mapReady(page);
    await box.fill('bogota');
    const option = page.getByRole('option', { name: /Bogotá/ });
    await option.waitFor();
    await page.getByText('1 resultado').waitFor();
    await box.press('Enter');
    const details = page.locator('aside.details');
    await details.waitFor();
    assert.match(await details.innerText(), /Bogotá/);
    assert.match(await details.innerText(), /Colômbia/);
    // Bogotá is Belo Horizonte's partner, so the map now shows every home city with it highlighted.
    const bogota = mapCity(page, /Bogotá/);
    assert.equal(await bogota.count(), 1);
    assert.match(await bogota.getAttribute('class'), /wanted/, 'the chosen city is named in the focus colour');
    assert.match(page.url(), /sel=bogota/);
    await screenshot(page, 'search-bogota-1440x900');
  } finally {
    await page.context().close();
  }
});

test('a typo still finds Medellín, and arrows move through the results', async () => {
  const page = await openApp(browser, { query: { lang: 'en' }, width: 390, height: 844 });
  try {
    const box = page.getByRole('combobox', { name: /Search/ });
    await box.waitFor({ timeout: 15_000 });
    await box.fill('medelin');
    await page.getByRole('option', { name: /Medellín/ }).first().waitFor();
    await box.fill('unesco');
    await page.getByRole('option').nth(1).waitFor();
    await box.press('ArrowDown');
    assert.equal(await box.getAttribute('aria-activedescendant'), 'search-input-option-1');
    await box.press('Enter');
    assert.match(await page.locator('aside.details').innerText(), /UNESCO/);
  } finally {
    await page.context().close();
  }
});

test('the table shows the same links as the map', async () => {
  const page = await openApp(browser, { query: { lang: 'pt-BR', city: 'belo-horizonte' } });
  try {
    await mapReady(page);
    const arcs = await arcCount(page);
    const bodies = await page.locator('.bodies .chip').count();
    await page.getByRole('button', { name: 'Tabela' }).click();
    const rows = page.locator('table.links tbody tr');
    await rows.first().waitFor();
    assert.equal(await rows.count(), 25, "Belo Horizonte's 25 links");
    assert.equal(arcs + bodies, 25, 'arcs to cities plus networks and organisations beside the map');
    assert.match(page.url(), /view=table/);
    await screenshot(page, 'table-1440x900');
  } finally {
    await page.context().close();
  }
});

test('back and forward step through selections; a copied link reopens the same view', async () => {
  const page = await openApp(browser, { query: { lang: 'en', city: 'ipatinga' } });
  try {
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    const details = page.locator('aside.details');
    const marker = (name) => mapCity(page, name);
    await marker(/Kitakyushu/).click({ timeout: 15_000 });
    await details.getByRole('heading', { name: 'Kitakyushu' }).waitFor();
    await marker(/Marlboro/).click();
    await details.getByRole('heading', { name: 'Marlboro' }).waitFor();
    await page.goBack();
    await details.getByRole('heading', { name: 'Kitakyushu' }).waitFor();
    await page.goForward();
    await details.getByRole('heading', { name: 'Marlboro' }).waitFor();

    await page.getByRole('button', { name: 'Copy link to this view' }).click();
    await page.getByText('Link copied.').waitFor();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    assert.match(copied, /sel=marlboro/);
    assert.match(copied, /city=ipatinga/);
    const fresh = await browser.newPage();
    try {
      await fresh.goto(copied);
      await fresh.locator('aside.details').getByRole('heading', { name: 'Marlboro' }).waitFor({ timeout: 15_000 });
      assert.equal(await fresh.locator('svg.map-layers path.mk').count(), await page.locator('svg.map-layers path.mk').count());
      assert.equal(await fresh.getByLabel('Language').inputValue(), 'en');
    } finally {
      await fresh.close();
    }
  } finally {
    await page.context().close();
  }
});

/** The table's body cells, row by row, as the person reads them. */
async function tableCells(page) {
  return page.locator('table.links tbody tr').evaluateAll((rows) =>
    rows.map((r) => [...r.querySelectorAll('th, td')].map((c) => c.innerText.trim())),
  );
}

const BH_NETWORKS = [
  'Al-Las',
  'Cidades e Governos Locais Unidos (CGLU)',
  'Cities4Forests',
  'ICLEI',
  'Mercocidades',
  'Pacto de Milão para Segurança Alimentar e Nutricional',
  'Pacto Global de Prefeitos pelo Clima e Energia',
  'Rede de Cidades Criativas da UNESCO',
  'Rede Fab City',
  'Rede Metropolis',
];

test('Belo Horizonte filtered to city networks shows exactly its ten networks everywhere', async () => {
  const page = await openApp(browser, { query: { lang: 'pt-BR' } });
  try {
    await chooseCity(page, 'Cidade', 'Belo Horizonte');
    await page.getByRole('button', { name: 'Filtrar' }).click();
    const kinds = page.getByRole('group', { name: 'Tipo' });
    // Each option says how many links it would show.
    await kinds.getByRole('checkbox', { name: 'Rede de cidades (10)' }).check();
    await page.getByRole('status').filter({ hasText: '10 vínculos mostrados' }).waitFor();
    // The other groups' counts follow: no network link has a country.
    assert.equal(await page.getByRole('group', { name: 'País' }).count(), 1);
    assert.match(page.url(), /kind=network_membership/);
    assert.match(page.url(), /city=belo-horizonte/);
    // The statistics follow the filter.
    const stats = page.getByRole('region', { name: 'Em números' });
    assert.match(await stats.innerText(), /Redes de cidades\s*10/);
    assert.match(await stats.innerText(), /Cidades parceiras\s*0/);
    await screenshot(page, 'filter-networks-1440x900');

    await page.getByRole('button', { name: 'Tabela' }).click();
    const cells = await tableCells(page);
    assert.equal(cells.length, 10);
    assert.deepEqual(cells.map((r) => r[1]).sort((a, b) => a.localeCompare(b, 'pt')), [...BH_NETWORKS].sort((a, b) => a.localeCompare(b, 'pt')));
    assert.ok(cells.every((r) => r[0] === 'Belo Horizonte' && r[3] === 'Rede de cidades'));

    // One click clears every filter.
    await page.getByRole('button', { name: 'Limpar todos os filtros' }).click();
    await page.getByRole('status').filter({ hasText: '25 vínculos mostrados' }).waitFor();
    assert.equal((await tableCells(page)).length, 25);
    assert.doesNotMatch(page.url(), /kind=/);
  } finally {
    await page.context().close();
  }
});

test('filters combine across groups and a chip removes one', async () => {
  const page = await openApp(browser, { query: { lang: 'en', view: 'table' } });
  try {
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.getByRole('group', { name: 'Continent' }).getByRole('checkbox', { name: /^Europe/ }).check();
    await page.getByRole('group', { name: 'Type' }).getByRole('checkbox', { name: /^Bilateral cooperation/ }).check();
    await page.getByRole('status').filter({ hasText: '4 links shown' }).waitFor();
    const partners = (await tableCells(page)).map((r) => r[1]).sort();
    assert.deepEqual(partners, ['Almada', 'Barcelona Metropolitan Area', 'Berlin', 'Milan']);
    await page.getByRole('button', { name: /Remove filter Continent: Europe/ }).click();
    await page.getByRole('status').filter({ hasText: '9 links shown' }).waitFor();
    assert.doesNotMatch(page.url(), /continent=/);
  } finally {
    await page.context().close();
  }
});

test('filter options redrawn in place by a filter change keep their counts, states and checkboxes right', async () => {
  const page = await openApp(browser, { query: { lang: 'en' } });
  // Every option as drawn: its text, whether it is greyed out as empty, and its checkbox.
  const options = () =>
    page.locator('.facet li').evaluateAll((items) =>
      items.map((li) => ({
        text: li.textContent.trim(),
        empty: li.classList.contains('empty'),
        checked: li.querySelector('input').checked,
      })),
    );
  const consistent = (all) => {
    for (const o of all) assert.equal(o.empty, /\(0\)$/.test(o.text), `${o.text}: greyed out exactly when it counts 0`);
  };
  try {
    await page.getByRole('button', { name: 'Filter' }).click();
    const before = await options();
    assert.ok(before.length > 10 && before.every((o) => !o.empty && !o.checked));
    const europe = page.getByRole('group', { name: 'Continent' }).getByRole('checkbox', { name: /^Europe/ });
    await europe.check();
    await page.waitForFunction(() => document.querySelector('.facet li.empty'));
    const filtered = await options();
    consistent(filtered);
    // Countries outside Europe now count 0; only the chosen option is ticked.
    assert.ok(filtered.some((o) => o.empty), 'some option counts 0');
    assert.deepEqual(filtered.filter((o) => o.checked).map((o) => o.text.replace(/\s*\(\d+\)$/, '')), ['Europe']);
    // The redrawn rows still answer: a country's checkbox adds its filter, Europe's removes its own.
    const country = page.getByRole('group', { name: 'Country' }).getByRole('checkbox').first();
    await country.check();
    assert.match(page.url(), /country=/);
    await europe.uncheck();
    await page.waitForFunction(() => !/continent=/.test(location.search));
    const after = await options();
    consistent(after);
    assert.equal(after.filter((o) => o.checked).length, 1, 'only the country stays ticked');
    await page.getByRole('button', { name: 'Clear all filters' }).click();
    await page.waitForFunction(() => !document.querySelector('.facet li.empty'));
    const cleared = await options();
    assert.deepEqual(cleared.map((o) => o.text).sort(), before.map((o) => o.text).sort(), 'the counts come back');
    assert.ok(cleared.every((o) => !o.checked));
  } finally {
    await page.context().close();
  }
});

test('the table sorts by a column and the CSV download holds exactly its rows', async () => {
  const page = await openApp(browser, { query: { lang: 'pt-BR', view: 'table' } });
  try {
    const partnerHeading = page.getByRole('columnheader', { name: /Parceiro/ });
    await partnerHeading.getByRole('button').click();
    assert.equal(await partnerHeading.getAttribute('aria-sort'), 'ascending');
    let partners = (await tableCells(page)).map((r) => r[1]);
    assert.deepEqual(partners, [...partners].sort((a, b) => a.localeCompare(b, 'pt', { sensitivity: 'base' })));
    await partnerHeading.getByRole('button').click();
    assert.equal(await partnerHeading.getAttribute('aria-sort'), 'descending');
    partners = (await tableCells(page)).map((r) => r[1]);
    assert.deepEqual(partners, [...partners].sort((a, b) => b.localeCompare(a, 'pt', { sensitivity: 'base' })));
    assert.match(page.url(), /sort=-partner/);

    await page.getByRole('button', { name: 'Filtrar' }).click();
    await page.getByRole('group', { name: 'Tipo' }).getByRole('checkbox', { name: /^Cooperação bilateral/ }).check();
    await page.getByRole('status').filter({ hasText: '9 vínculos mostrados' }).waitFor();

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Baixar CSV destas linhas' }).click(),
    ]);
    assert.equal(download.suggestedFilename(), 'vinculos-internacionais.csv');
    const { readFile } = await import('node:fs/promises');
    const text = await readFile(await download.path(), 'utf8');
    assert.ok(text.startsWith('\ufeff'), 'a byte-order mark, so spreadsheets read the accents');
    const [header, ...rows] = parseCsv(text.slice(1));
    const headings = await page.locator('table.links thead th').evaluateAll((ths) => ths.map((t) => t.innerText.replace(/[▲▼↕]/g, '').trim()));
    assert.deepEqual(header, headings);
    assert.deepEqual(rows, await tableCells(page));
    assert.equal(rows.length, 9);
  } finally {
    await page.context().close();
  }
});

test('filters, search text, sort and time window survive a copied link; back undoes a filter', async () => {
  const page = await openApp(browser, { query: { lang: 'es' } });
  try {
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await chooseCity(page, 'Ciudad', 'Belo Horizonte');
    await page.getByRole('button', { name: 'Filtrar' }).click();
    await page.getByRole('group', { name: 'Continente' }).getByRole('checkbox', { name: /^América del Sur/ }).check();
    await page.getByRole('status').filter({ hasText: '4 vínculos mostrados' }).waitFor();
    await page.getByRole('combobox', { name: /Buscar/ }).fill('medel');
    await page.getByRole('button', { name: 'Tabla' }).click();
    await page.getByRole('columnheader', { name: /Socio/ }).getByRole('button').click();
    const before = await tableCells(page);

    await page.getByRole('button', { name: /Copiar/ }).click();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    for (const part of [/continent=SA/, /q=medel/, /sort=partner/, /view=table/, /city=belo-horizonte/, /lang=es/]) {
      assert.match(copied, part);
    }
    const fresh = await browser.newPage();
    try {
      await fresh.goto(copied);
      await fresh.locator('table.links tbody tr').first().waitFor({ timeout: 15_000 });
      assert.deepEqual(await tableCells(fresh), before);
      assert.equal(await fresh.getByRole('combobox', { name: /Buscar/ }).inputValue(), 'medel');
      assert.equal(await fresh.getByRole('columnheader', { name: /Socio/ }).getAttribute('aria-sort'), 'ascending');
      await fresh.getByRole('button', { name: /Quitar filtro Continente: América del Sur/ }).waitFor();
    } finally {
      await fresh.close();
    }

    // Back steps out of the table view, then out of the filter.
    await page.goBack();
    await page.locator('svg.map').waitFor();
    await page.goBack();
    await page.getByRole('status').filter({ hasText: '25 vínculos mostrados' }).waitFor();
    await page.goForward();
    await page.getByRole('status').filter({ hasText: '4 vínculos mostrados' }).waitFor();
  } finally {
    await page.context().close();
  }
});

test('unknown or stale parameters are left out with a gentle notice, never a broken page', async () => {
  const page = await openApp(browser, {
    query: 'lang=en&city=belo-horizonte&theme=piracy&kind=flying_carpet&network=mercocidades&from=soon&sel=atlantis&utm_source=x',
  });
  try {
    const notice = page.locator('.notice');
    await notice.waitFor({ timeout: 15_000 });
    const text = await notice.innerText();
    for (const part of ['theme=“piracy”', 'kind=“flying_carpet”', 'from=“soon”', 'sel=“atlantis”', '“utm_source”']) {
      assert.ok(text.includes(part), `${part} in ${text}`);
    }
    // What was understood still applies.
    await page.getByRole('status').filter({ hasText: '1 link shown' }).waitFor();
    assert.deepEqual(page.pageErrors, []);
    await notice.getByRole('button', { name: 'Close notice' }).click();
    assert.equal(await page.locator('.notice').count(), 0);
  } finally {
    await page.context().close();
  }
});
