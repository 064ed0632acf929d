// Browser test of the digits page, runnable against any Hindsight gateway:
//   node digits-page.mjs <base-url> [screenshot.png]
// Opens <base-url>/digits in headless Chromium, draws a 7 with the mouse, waits for the live guess, clicks
// "Right", and waits until the running accuracy shown on the page changes. Then draws again and answers with
// the keyboard. Saves a screenshot (and one at phone width beside it). Exits 0 on success, 1 on failure
// (with a "-failure" screenshot). CHROMIUM_PATH overrides /usr/bin/chromium.
import { chromium } from 'playwright-core';

const base = (process.argv[2] || '').replace(/\/+$/, '');
const shot = process.argv[3] || 'digits-page.png';
if (!base) {
  console.error('usage: node digits-page.mjs <base-url> [screenshot.png]');
  process.exit(2);
}
const TIMEOUT = Number(process.env.DIGITS_TIMEOUT_MS || 20000);
const phoneShot = shot.replace(/\.png$/, '') + '-phone.png';

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
const problems = [];
const page = await browser.newPage({ viewport: { width: 1100, height: 1000 } });
page.on('pageerror', (e) => problems.push('page error: ' + e.message));
page.on('console', (m) => { if (m.type() === 'error') problems.push('console: ' + m.text()); });

const step = (what) => console.log('digits-page: ' + what);

/** Draws a polyline given in the pad's 280x280 coordinates with the mouse. */
async function draw(points) {
  const box = await page.locator('#pad').boundingBox();
  const at = ([x, y]) => [box.x + (x * box.width) / 280, box.y + (y * box.height) / 280];
  await page.mouse.move(...at(points[0]));
  await page.mouse.down();
  for (const p of points.slice(1)) {
    await page.mouse.move(...at(p), { steps: 12 });
  }
  await page.mouse.up();
}

const total = () => page.getAttribute('#acc-table', 'data-total');

/** Waits for a guess, then until it has not changed for 600 ms: the newest draft has been answered. */
async function settledGuess() {
  await page.waitForFunction(() => document.querySelector('#guess-digit').textContent !== '?', null, { timeout: TIMEOUT });
  let last = '';
  let since = Date.now();
  const deadline = Date.now() + TIMEOUT;
  while (Date.now() < deadline) {
    const now = (await page.textContent('#guess')).trim();
    if (now !== last) {
      last = now;
      since = Date.now();
    } else if (Date.now() - since >= 600) {
      return (await page.textContent('#guess-digit')).trim();
    }
    await page.waitForTimeout(100);
  }
  throw new Error('the guess did not settle');
}
const waitForTotal = (before) => page.waitForFunction(
  (b) => document.querySelector('#acc-table').dataset.total !== b, before, { timeout: TIMEOUT });

try {
  step('open ' + base + '/digits');
  await page.goto(base + '/digits', { waitUntil: 'load' });
  await page.waitForSelector('#conn[data-state="open"]', { timeout: TIMEOUT });
  await page.waitForFunction(() => document.querySelector('#acc-table').dataset.total !== undefined, null, { timeout: TIMEOUT });
  const before = await total();
  const summaryBefore = (await page.textContent('#acc-summary')).trim();
  step('connected; accuracy shows "' + summaryBefore + '"');

  await draw([[80, 60], [200, 60], [120, 230]]); // a 7
  const guess = await settledGuess();
  const top3 = await page.locator('#top3 li').count();
  if (top3 !== 3) throw new Error('expected 3 probability bars, found ' + top3);
  step('guess ' + guess + ' (' + (await page.textContent('#guess-conf')).trim() + ')');

  await page.click('#right');
  await page.waitForSelector('#result.good', { timeout: TIMEOUT });
  const recorded = (await page.textContent('#result')).trim();
  if (!recorded.includes('it was a ' + guess)) throw new Error('"Right" recorded "' + recorded + '", not the guess ' + guess);
  await waitForTotal(before);
  const summaryAfter = (await page.textContent('#acc-summary')).trim();
  if (summaryAfter === summaryBefore) throw new Error('the accuracy summary did not change');
  step('answered Right; accuracy now shows "' + summaryAfter + '"');
  await page.screenshot({ path: shot, fullPage: true });
  step('screenshot ' + shot);

  // The keyboard: a new drawing (the pad starts over on the next stroke), then "It was a 1" with the 1 key.
  const second = await total();
  await draw([[140, 40], [140, 240]]);
  await settledGuess();
  await page.keyboard.press('1');
  await page.waitForSelector('#result.good, #result.bad', { timeout: TIMEOUT });
  await page.waitForFunction(() => /it was a 1/.test(document.querySelector('#result').textContent), null, { timeout: TIMEOUT });
  await waitForTotal(second);
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => document.querySelector('#guess-digit').textContent === '?', null, { timeout: TIMEOUT });
  step('answered with the keyboard; Esc cleared the pad');

  await page.setViewportSize({ width: 390, height: 844 });
  await draw([[90, 70], [190, 70], [130, 220]]);
  await settledGuess();
  await page.screenshot({ path: phoneShot, fullPage: true });
  step('phone-width screenshot ' + phoneShot);

  if (problems.length) throw new Error(problems.join('; '));
  console.log(JSON.stringify({ ok: true, guess, accuracyBefore: summaryBefore, accuracyAfter: summaryAfter }));
  await browser.close();
} catch (e) {
  console.error('digits-page: FAILED: ' + e.message + (problems.length ? ' [' + problems.join('; ') + ']' : ''));
  try {
    await page.screenshot({ path: shot.replace(/\.png$/, '') + '-failure.png', fullPage: true });
  } catch (ignored) {
    // the page is gone
  }
  await browser.close();
  process.exit(1);
}
