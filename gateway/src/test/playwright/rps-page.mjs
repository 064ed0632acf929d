// Browser test of the rock-paper-scissors page, runnable against any Hindsight gateway with a game processor:
//   node rps-page.mjs <base-url> [screenshot.png]
// Opens <base-url>/rps in headless Chromium, starts a game, and plays it to the end alternating the keyboard
// (R/P/S and 1/2/3) and the buttons. Before each move it checks the bot's commitment is shown; after it, that the
// round's row says "✓ verified" (the page hashes gameId|round|move|salt itself). Checks the game-over banner,
// starts again with "Play again", and checks a tampered reveal shows "✗". Screenshots at desktop and phone width.
// Exits 0 on success, 1 on failure (with a "-failure" screenshot). CHROMIUM_PATH overrides /usr/bin/chromium.
import { chromium } from 'playwright-core';

const base = (process.argv[2] || '').replace(/\/+$/, '');
const shot = process.argv[3] || 'rps-page.png';
// "no-tamper": play the second game's first round as is (the full-system run; the gateway's run tampers)
const tamper = process.argv[4] !== 'no-tamper';
if (!base) {
  console.error('usage: node rps-page.mjs <base-url> [screenshot.png]');
  process.exit(2);
}
const TIMEOUT = Number(process.env.RPS_TIMEOUT_MS || 20000);
const MAX_ROUNDS = 200;
const phoneShot = shot.replace(/\.png$/, '') + '-phone.png';

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
const problems = [];
const page = await browser.newPage({ viewport: { width: 1100, height: 1000 } });
page.on('pageerror', (e) => problems.push('page error: ' + e.message));
page.on('console', (m) => { if (m.type() === 'error' && !/409|504/.test(m.text())) problems.push('console: ' + m.text()); });
page.on('request', (r) => { if (!r.url().startsWith(base)) problems.push('request to another origin: ' + r.url()); });

const step = (what) => console.log('rps-page: ' + what);
const attr = (sel, name) => page.getAttribute(sel, name);
const idle = () => page.waitForFunction(() => document.body.dataset.busy !== 'true', null, { timeout: TIMEOUT });

/** Plays one move by key or button and waits for the next state; returns the round played. */
async function playOnce(i) {
  const round = await attr('#game', 'data-round');
  const commitment = (await page.textContent('#commitment')).trim();
  if (!/^[0-9a-f]{64}$/.test(commitment)) throw new Error('round ' + round + ': no commitment shown before the move: "' + commitment + '"');
  const moves = ['rock', 'paper', 'scissors'];
  const move = moves[(i * 7 + Math.floor(i / 3)) % 3];
  if (i % 2 === 0) {
    const keys = { rock: ['r', '1'], paper: ['p', '2'], scissors: ['s', '3'] }[move];
    await page.keyboard.press(keys[i % 4 === 0 ? 0 : 1]);
  } else {
    await page.click('button.move[data-move="' + move + '"]');
  }
  await page.waitForFunction((r) => {
    const g = document.querySelector('#game');
    return document.body.dataset.busy !== 'true' && (g.dataset.round !== r || g.dataset.status === 'over');
  }, round, { timeout: TIMEOUT });
  const row = page.locator('#rows tr[data-round="' + round + '"]');
  if (await row.count() !== 1) throw new Error('no history row for round ' + round);
  if (await row.getAttribute('data-verified') !== 'true') throw new Error('round ' + round + ' did not verify: ' + await row.textContent());
  if (!(await row.textContent()).includes('✓')) throw new Error('round ' + round + ' shows no ✓');
  if (!(await page.textContent('#last-verified')).includes('✓')) throw new Error('the last round shows no ✓');
  const you = (await row.locator('td').nth(2).textContent()).trim();
  if (!you.endsWith(move)) throw new Error('round ' + round + ': played ' + move + ' but the row says ' + you);
  return round;
}

try {
  step('open ' + base + '/rps');
  await page.goto(base + '/rps', { waitUntil: 'load' });
  await page.selectOption('#family', 'forrest');
  await page.click('#start');
  await page.waitForSelector('#game[data-status="awaiting-player"]', { timeout: TIMEOUT });
  step('game started: round ' + await attr('#game', 'data-round') + ', worth ' + (await page.textContent('#value')).trim()
    + ', commitment ' + (await page.textContent('#commitment')).trim().slice(0, 12) + '…');

  let rounds = 0;
  while (await attr('#game', 'data-status') !== 'over') {
    if (rounds >= MAX_ROUNDS) throw new Error('the game did not end in ' + MAX_ROUNDS + ' rounds');
    await playOnce(rounds);
    rounds++;
  }
  await page.waitForSelector('#over:not([hidden])', { timeout: TIMEOUT });
  const winner = (await page.textContent('#winner')).trim();
  const final = (await page.textContent('#final')).trim();
  if (!winner) throw new Error('the game-over banner names no winner');
  const rows = await page.locator('#rows tr').count();
  if (rows !== rounds) throw new Error('history has ' + rows + ' rows after ' + rounds + ' rounds');
  const verifiedRows = await page.locator('#rows tr[data-verified="true"]').count();
  if (verifiedRows !== rounds) throw new Error(verifiedRows + ' of ' + rounds + ' rounds verified');
  if (!(await page.isDisabled('button.move[data-move="rock"]'))) throw new Error('moves stay enabled after the game');
  step('game over after ' + rounds + ' rounds: "' + winner + '" ' + final + '; every round verified');
  await page.screenshot({ path: shot, fullPage: true });
  step('screenshot ' + shot);

  // Play again, with the reveal of the next move tampered on its way to the page: the page must catch it.
  const firstGame = (await page.textContent('#game-id')).trim();
  const tampered = [];
  if (tamper) await page.route('**/moves', async (route) => {
    const response = await route.fetch();
    const body = await response.json();
    // a 200 carries the view; a 409 carries it as "game": tamper whichever the page will render
    const view = body.rounds ? body : body.game;
    if (view && view.rounds && view.rounds.length) {
      view.rounds[view.rounds.length - 1].salt = '00';
    }
    tampered.push(response.status());
    await route.fulfill({ response, json: body });
  });
  await page.click('#again');
  await page.waitForFunction((old) => {
    const g = document.querySelector('#game');
    return g.dataset.status === 'awaiting-player' && g.dataset.round === '1'
      && document.querySelector('#game-id').textContent !== old;
  }, firstGame, { timeout: TIMEOUT });
  if (!(await page.isHidden('#over'))) throw new Error('the banner stays after "Play again"');
  await page.keyboard.press('p');
  await page.waitForSelector('#rows tr[data-round="1"]', { timeout: TIMEOUT });
  await idle();
  if (tamper) {
    if (await attr('#rows tr[data-round="1"]', 'data-verified') !== 'false') {
      throw new Error('a tampered salt verified (move answers intercepted: ' + JSON.stringify(tampered) + ')');
    }
    if (!(await page.textContent('#last-verified')).includes('✗')) throw new Error('a tampered salt shows no ✗');
    await page.unroute('**/moves');
    step('a tampered reveal shows ✗');
  } else if (await attr('#rows tr[data-round="1"]', 'data-verified') !== 'true') {
    throw new Error('round 1 of the second game did not verify');
  }

  await page.setViewportSize({ width: 360, height: 780 });
  await page.keyboard.press('3');
  await page.waitForSelector('#rows tr[data-round="2"][data-verified="true"]', { timeout: TIMEOUT });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  if (overflow > 0) throw new Error('the page is ' + overflow + ' px wider than a 360 px screen');
  await page.screenshot({ path: phoneShot, fullPage: true });
  step('phone-width screenshot ' + phoneShot);

  if (problems.length) throw new Error(problems.join('; '));
  console.log(JSON.stringify({ ok: true, rounds, winner, final }));
  await browser.close();
} catch (e) {
  console.error('rps-page: FAILED: ' + e.message + (problems.length ? ' [' + problems.join('; ') + ']' : ''));
  try {
    await page.screenshot({ path: shot.replace(/\.png$/, '') + '-failure.png', fullPage: true });
  } catch (ignored) {
    // the page is gone
  }
  await browser.close();
  process.exit(1);
}
