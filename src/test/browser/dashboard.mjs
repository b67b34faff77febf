// The budget dashboard in a real browser: an owner sees budget, chart, ledger and keys; a DP charge made through the
// API shows up after a refresh as less ε remaining, one more point in the chart and a receipt behind the new ledger
// row; an analyst sees the budget and no keys. Settings: PPML_BASE_URL, PPML_OWNER_KEY, PPML_ANALYST_KEY (lib.mjs).
import { api, check, run, setting } from './lib.mjs';

const ownerKey = setting('PPML_OWNER_KEY');
const analystKey = setting('PPML_ANALYST_KEY');

async function useKey(page, key) {
  const before = await page.locator('body').getAttribute('data-loaded');
  await page.locator('#key-input').fill(key);
  await page.getByRole('button', { name: 'Use key' }).click();
  await loaded(page, before);
}

/** Waits for a load of the page's data that ended after {@code before} (the body's data-loaded stamp). */
async function loaded(page, before) {
  await page.waitForFunction((stamp) => {
    const now = document.body.dataset.loaded;
    return (now && now !== stamp) || !document.getElementById('problem').hidden;
  }, before);
  const problem = page.locator('#problem');
  check(await problem.isHidden(), 'the dashboard shows a problem: ' + await problem.innerText().catch(() => ''));
}

async function figures(page) {
  return {
    remaining: Number(await page.locator('#eps-remaining').getAttribute('data-value')),
    points: Number(await page.locator('#burndown').getAttribute('data-points')),
    rows: await page.locator('#ledger-table tbody tr[data-sequence]').count(),
  };
}

await run('dashboard', async (page, { baseUrl, shot, problems, log }) => {
  await page.goto(baseUrl + '/dashboard');
  check(page.url() === baseUrl + '/dashboard/', 'GET /dashboard did not lead to /dashboard/ but to ' + page.url());
  await page.locator('#key-input').waitFor();

  // owner: everything
  await useKey(page, ownerKey);
  check(!page.url().includes('ppml_'), 'the key went into the URL');
  const stored = await page.evaluate(() => ({ session: sessionStorage.length, local: localStorage.length }));
  check(stored.session === 1 && stored.local === 0, 'the key is not (only) in session storage: '
    + JSON.stringify(stored));
  const before = await figures(page);
  log('owner sees ε remaining ' + before.remaining + ', ' + before.points + ' charge(s) in the chart');
  check(before.points === before.rows, `the chart has ${before.points} points for ${before.rows} ledger rows`);
  const keys = page.locator('#keys-table tbody tr');
  check(await page.locator('#keys-section').isVisible(), 'an owner sees no keys table');
  check(await keys.count() >= 2, 'the keys table lists ' + await keys.count() + ' keys, not the owner and analyst');
  const roles = await page.locator('#keys-table tbody td.role').allInnerTexts();
  check(roles.includes('OWNER') && roles.includes('ANALYST'), 'the keys table shows roles ' + roles);
  await shot('dashboard-owner-before.png');

  // a charge made elsewhere, through the API
  const charge = await api(baseUrl, 'POST', '/v1/dp/statistics', ownerKey,
    { statistic: 'COUNT', values: [1, 2, 3, 4, 5, 6, 7, 8], epsilon: 0.5 });
  log('charged ε 0.5 through the API (receipt ' + charge.receiptId + ')');
  const stamp = await page.locator('body').getAttribute('data-loaded');
  await page.getByRole('button', { name: 'Refresh' }).click();
  await loaded(page, stamp);
  const after = await figures(page);
  log('after the refresh: ε remaining ' + after.remaining + ', ' + after.points + ' charge(s) in the chart');
  check(Math.abs(after.remaining - charge.budget.epsilonRemaining) < 1e-9,
    `the page shows ε remaining ${after.remaining}, the API said ${charge.budget.epsilonRemaining}`);
  check(after.remaining < before.remaining, `ε remaining did not fall: ${before.remaining} → ${after.remaining}`);
  check(after.points === before.points + 1, `the chart went from ${before.points} to ${after.points} points`);
  check(after.rows === before.rows + 1, `the ledger went from ${before.rows} to ${after.rows} rows`);
  const desc = await page.locator('#burndown desc').textContent();
  check(desc.includes(after.points + ' charge'), 'the chart\'s text alternative does not count the charges: ' + desc);

  // the newest row's receipt is the charge's
  const newest = page.locator('#ledger-table tbody tr[data-sequence]').first();
  check((await newest.innerText()).includes('dp.statistics.COUNT'), 'the newest ledger row is not the COUNT');
  await newest.getByRole('button', { name: 'Receipt' }).click();
  const receipt = page.locator('#ledger-table tbody tr.receipt:not([hidden]) pre').first();
  await page.waitForFunction((id) => [...document.querySelectorAll('tr.receipt pre')]
    .some((pre) => pre.textContent.includes(id)), charge.receiptId);
  check((await receipt.innerText()).includes('"released"'), 'the receipt shows no released value');
  await shot('dashboard-owner-after-charge.png');

  // analyst: the budget, the ledger, no keys
  await page.getByRole('button', { name: 'Forget key' }).click();
  check(await page.evaluate(() => sessionStorage.length) === 0, '"Forget key" left the key in session storage');
  check(await page.locator('#budget-section').isHidden(), '"Forget key" left the budget on the page');
  await useKey(page, analystKey);
  const analyst = await figures(page);
  check(Math.abs(analyst.remaining - after.remaining) < 1e-9, 'the analyst sees another remaining ε');
  check(await page.locator('#keys-section').isHidden(), 'an analyst sees the keys table');
  const note = await page.locator('#budget-only').innerText();
  check(note.includes('Budget only'), 'the analyst\'s page does not say "budget only": ' + note);
  check(await page.locator('#who').innerText().then((t) => t.includes('ANALYST')), 'the page does not name the role');
  await shot('dashboard-analyst.png');

  // the page's API calls for the analyst's keys were refused (403) and handled; anything else is a failure
  const unexpected = problems.filter((p) => !/status of 403/.test(p));
  check(unexpected.length === 0, 'the page reported errors:\n  ' + unexpected.join('\n  '));
  log('analyst sees the budget only: ' + note);
});
