// Browser test of the live dashboard, runnable against any Hindsight gateway:
//   node dashboard-page.mjs <base-url> [screenshot.png] [--expect-empty digits]
// Opens <base-url>/dashboard in headless Chromium and checks, for every task that has data, that each chart drew
// a canvas with the expected number of series (lag draws p50 and p95 of each), that hiding an alias removes its
// lines, and that the charts take new points as they arrive (the page polls every 3 s). With --expect-empty TASK
// it first checks that TASK shows its explained empty state, then waits for it to come alive. rps (a game: win rate
// and points per round too) shows one family at a time: it switches family and checks the charts follow. Then the
// drift section (each drift task live with a row per feature and a PSI chart, or explained as empty) and the
// promotion ledger (a row per decision, with outcome, evidence and p-value). Saves a screenshot (and one at phone
// width beside it). Exits 0 on success, 1 on failure (with a "-failure" screenshot).
// CHROMIUM_PATH overrides /usr/bin/chromium; DASHBOARD_TIMEOUT_MS (default 20000) bounds each wait.
import { chromium } from 'playwright-core';

const args = process.argv.slice(2);
const flag = (name) => {
  const i = args.indexOf(name);
  if (i < 0) return null;
  const v = args[i + 1];
  args.splice(i, 2);
  return v;
};
const expectEmpty = flag('--expect-empty');
const base = (args[0] || '').replace(/\/+$/, '');
const shot = args[1] || 'dashboard-page.png';
if (!base) {
  console.error('usage: node dashboard-page.mjs <base-url> [screenshot.png] [--expect-empty TASK]');
  process.exit(2);
}
const TIMEOUT = Number(process.env.DASHBOARD_TIMEOUT_MS || 20000);
const phoneShot = shot.replace(/\.png$/, '') + '-phone.png';
const step = (what) => console.log('dashboard-page: ' + what);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
const problems = [];
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
page.on('pageerror', (e) => problems.push('page error: ' + e.message));
page.on('console', (m) => { if (m.type() === 'error') problems.push('console: ' + m.text()); });

/** Every chart of a task: its figure, drawn series, points, and whether a canvas is there. */
const charts = (task) => page.$$eval(`#task-${task} .chart`, (cards) => cards.map((c) => ({
  metric: c.dataset.metric,
  series: Number(c.dataset.series),
  points: Number(c.dataset.points),
  canvas: !!c.querySelector('canvas'),
  canvasWidth: c.querySelector('canvas') ? c.querySelector('canvas').width : 0,
})));

const waitLive = (task) => page.waitForSelector(`#task-${task}[data-state="live"]`, { timeout: TIMEOUT });

async function checkTask(task) {
  await waitLive(task);
  const section = page.locator(`#task-${task}`);
  const aliases = Number(await section.getAttribute('data-series'));
  const all = await charts(task);
  const expected = task === 'calories' ? ['rmsle', 'mae', 'coverage', 'lag']
    : task === 'rps' ? ['winRate', 'pointsPerRound', 'accuracy', 'coverage', 'lag'] : ['accuracy', 'coverage', 'lag'];
  const metrics = all.map((c) => c.metric);
  if (metrics.join() !== expected.join()) throw new Error(`${task}: charts ${metrics} instead of ${expected}`);
  for (const c of all) {
    const want = c.metric === 'lag' ? 2 * aliases : aliases;
    if (!c.canvas || c.canvasWidth < 100) throw new Error(`${task}/${c.metric}: no canvas drawn`);
    if (c.metric === 'winRate') {
      // only served aliases finish games: fewer lines, but at least one
      if (c.series < 1 || c.series > aliases) throw new Error(`${task}/winRate: ${c.series} series drawn of ${aliases}`);
    } else if (c.series !== want) throw new Error(`${task}/${c.metric}: ${c.series} series drawn, expected ${want}`);
    if (c.points < 2) throw new Error(`${task}/${c.metric}: only ${c.points} points`);
  }
  const rows = await section.locator('table.latest tbody tr').count();
  if (rows !== aliases) throw new Error(`${task}: ${rows} rows in the latest-window table, expected ${aliases}`);
  step(`${task}: ${all.length} charts, ${aliases} series each (lag ${2 * aliases}), ${all[0].points} points`);
  return { aliases, points: all[0].points, charts: all };
}

/** rps: one family at a time; picking another redraws every chart with that family's aliases. */
async function checkFamilies(task) {
  const section = page.locator(`#task-${task}`);
  const families = Number(await section.getAttribute('data-families'));
  if (!(families > 1)) throw new Error(`${task}: ${families} families, expected a choice`);
  const before = await section.getAttribute('data-family');
  const other = page.locator(`#task-${task} .chip.family[aria-pressed="false"]`).first();
  const family = await other.getAttribute('data-family');
  await other.click();
  await page.waitForSelector(`#task-${task}[data-family="${family}"]`, { timeout: TIMEOUT });
  const found = await checkTask(task);
  const win = found.charts.find((c) => c.metric === 'winRate');
  const versions = await section.locator('table.latest tbody td.version').allTextContents();
  if (!versions.every((v) => v.includes(family))) throw new Error(`${task}: rows of another family after picking ${family}: ${versions}`);
  step(`${task}: family ${before} -> ${family}, ${found.aliases} aliases, win rate of ${win.series} served`);
}

/** A drift task: live with a row per feature and a PSI chart, or its explained empty state. */
async function checkDrift(task) {
  const card = page.locator(`#drift-${task}`);
  await page.waitForSelector(`#drift-${task}:is([data-state="live"], [data-state="empty"])`, { timeout: TIMEOUT });
  if ((await card.getAttribute('data-state')) === 'empty') {
    const text = (await card.locator('.empty').textContent()).replace(/\s+/g, ' ').trim();
    if (!/closed/.test(text)) throw new Error(`drift ${task}: the empty state does not explain itself: "${text}"`);
    step(`drift ${task}: empty state shown`);
    return { features: 0 };
  }
  const features = Number(await card.getAttribute('data-features'));
  const rows = await card.locator('table.drift-table tbody tr').count();
  if (rows !== features || features < 1) throw new Error(`drift ${task}: ${rows} rows for ${features} features`);
  const psi = await card.locator('table.drift-table tbody tr').first().locator('td').nth(2).textContent();
  if (!/^\d+\.\d{3}$/.test(psi.trim())) throw new Error(`drift ${task}: PSI cell "${psi}"`);
  const chart = card.locator('.chart');
  if (!(await chart.locator('canvas').count())) throw new Error(`drift ${task}: no PSI chart drawn`);
  const series = Number(await chart.getAttribute('data-series'));
  const drifted = Number(await card.getAttribute('data-drifted'));
  const flagged = await card.locator('table.drift-table tbody tr.drifted').count();
  if (flagged !== drifted) throw new Error(`drift ${task}: ${flagged} rows flagged, the view says ${drifted}`);
  const flag = (await card.locator('.flag').textContent()).trim();
  step(`drift ${task}: ${features} features, ${series} PSI lines, ${drifted} drifted ("${flag}")`);
  return { features, drifted };
}

/** The promotion ledger: a row per decision, each with its outcome, evidence and p-value. */
async function checkPromotions() {
  await page.waitForSelector('#promotions[data-state="live"]', { timeout: TIMEOUT });
  const rows = page.locator('#promotions table.ledger tbody tr');
  const n = await rows.count();
  if (n !== Number(await page.getAttribute('#promotions', 'data-rows'))) throw new Error(`promotions: ${n} rows`);
  const outcomes = await rows.evaluateAll((trs) => trs.map((tr) => tr.dataset.outcome));
  for (let i = 0; i < n; i++) {
    const evidence = await rows.nth(i).locator('td.evidence .ev').count();
    if (evidence < 2) throw new Error(`promotions: row ${i} (${outcomes[i]}) shows ${evidence} aliases of evidence`);
  }
  const tested = await rows.evaluateAll((trs) => trs.filter((tr) => /α/.test(tr.children[5].textContent)).length);
  if (!tested) throw new Error('promotions: no row with a p-value against α');
  step(`promotions: ${n} decisions (${[...new Set(outcomes)].join(', ')}), ${tested} with a p-value`);
  return { rows: n, outcomes };
}

try {
  step('open ' + base + '/dashboard');
  await page.goto(base + '/dashboard', { waitUntil: 'load' });
  await page.waitForSelector('#conn[data-state="live"]', { timeout: TIMEOUT });

  if (expectEmpty) {
    await page.waitForSelector(`#task-${expectEmpty}[data-state="empty"]`, { timeout: TIMEOUT });
    const text = (await page.textContent(`#task-${expectEmpty} .empty`)).replace(/\s+/g, ' ').trim();
    if (!/scored/.test(text) || !/simulate/.test(text)) throw new Error(`${expectEmpty}: the empty state does not explain itself: "${text}"`);
    if (await page.locator(`#task-${expectEmpty} canvas`).count()) throw new Error(`${expectEmpty}: a chart while empty`);
    step(`${expectEmpty}: empty state shown: "${text.slice(0, 80)}…"`);
  }

  const tasks = await page.$$eval('section.task', (s) => s.map((x) => x.dataset.task));
  const found = {};
  for (const task of tasks) {
    found[task] = await checkTask(task);
  }

  if (tasks.includes('rps')) await checkFamilies('rps');
  const drift = {};
  for (const task of await page.$$eval('.drift-task', (c) => c.map((x) => x.dataset.task))) {
    drift[task] = await checkDrift(task);
  }
  const promotions = await checkPromotions();

  // Hide an alias: its lines go, the others stay.
  const first = tasks[0];
  if (found[first].aliases > 1) {
    const chip = page.locator(`#task-${first} .chip`).last();
    const alias = await chip.getAttribute('data-alias');
    await chip.click();
    await page.waitForFunction(([t, n]) => Number(document.querySelector(`#task-${t} .chart`).dataset.series) === n,
      [first, found[first].aliases - 1], { timeout: TIMEOUT });
    step(`${first}: hid ${alias}, ${found[first].aliases - 1} series left`);
    await chip.click();
    await page.waitForFunction(([t, n]) => Number(document.querySelector(`#task-${t} .chart`).dataset.series) === n,
      [first, found[first].aliases], { timeout: TIMEOUT });
  }

  // Live: new points arrive without a reload.
  const before = found[first].points;
  await page.waitForFunction(([t, n]) => Number(document.querySelector(`#task-${t} .chart`).dataset.points) > n,
    [first, before], { timeout: TIMEOUT });
  const after = (await charts(first))[0].points;
  step(`${first}: live, ${before} -> ${after} points without a reload`);

  await page.mouse.move(10, 10);
  await page.screenshot({ path: shot, fullPage: true });
  step('screenshot ' + shot);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(400); // charts follow the width after a short debounce
  await page.screenshot({ path: phoneShot, fullPage: true });
  step('phone-width screenshot ' + phoneShot);

  if (problems.length) throw new Error(problems.join('; '));
  for (const t of Object.values(found)) delete t.charts;
  console.log(JSON.stringify({ ok: true, tasks: found, drift, promotions, livePoints: [before, after] }));
  await browser.close();
} catch (e) {
  console.error('dashboard-page: FAILED: ' + e.message + (problems.length ? ' [' + problems.join('; ') + ']' : ''));
  try {
    await page.screenshot({ path: shot.replace(/\.png$/, '') + '-failure.png', fullPage: true });
  } catch (ignored) {
    // the page is gone
  }
  await browser.close();
  process.exit(1);
}
