// Swagger UI in a real browser: Authorize with a bearer key, "Try it out" on POST /v1/dp/statistics with a valid
// body, Execute, and see the 200 with its receipt. Settings: PPML_BASE_URL, PPML_OWNER_KEY (see lib.mjs).
import { check, run, setting } from './lib.mjs';

const ownerKey = setting('PPML_OWNER_KEY');
const body = {
  statistic: 'MEAN',
  values: [34, 45, 29, 61, 52, 38, 47, 70, 25, 41, 56, 33],
  lower: 0,
  upper: 100,
  epsilon: 0.25,
};

await run('swagger-ui', async (page, { baseUrl, shot, log }) => {
  await page.goto(baseUrl + '/swagger-ui.html');
  const title = page.locator('.swagger-ui .info .title').first();
  await title.waitFor({ timeout: 45000 });
  log('Swagger UI loaded: ' + (await title.innerText()).split('\n')[0]);

  await page.locator('.auth-wrapper button.authorize').click();
  const dialog = page.locator('.modal-ux');
  await dialog.locator('input').first().fill(ownerKey);
  await dialog.locator('button.authorize').click();
  check(await dialog.getByText('Authorized').count() > 0, 'the Authorize dialog did not accept the key');
  await dialog.locator('button.btn-done').click();
  log('authorized with the owner key');

  const operation = page.locator('.opblock-post').filter({
    has: page.locator('.opblock-summary-path[data-path="/v1/dp/statistics"]'),
  });
  await operation.locator('.opblock-summary').first().click();
  await operation.locator('button.try-out__btn').click();
  await operation.locator('textarea.body-param__text').fill(JSON.stringify(body, null, 2));
  await operation.locator('button.execute').click();

  const status = operation.locator('.live-responses-table .response .response-col_status').first();
  await status.waitFor();
  const code = (await status.innerText()).trim();
  const answer = await operation.locator('.live-responses-table .response-col_description pre').first().innerText();
  await operation.locator('.live-responses-table').scrollIntoViewIfNeeded();
  await shot('swagger-ui-statistic-200.png', false); // the page is long: the part with the answer
  check(code === '200', `Execute answered ${code}, not 200: ${answer.slice(0, 500)}`);
  check(answer.includes('"receiptId"'), 'the 200 shows no receiptId: ' + answer.slice(0, 500));
  const curl = await operation.locator('.curl-command').innerText().catch(() => '');
  check(curl.includes('Authorization: Bearer'), 'the request Swagger UI sent carried no bearer header');
  log('POST /v1/dp/statistics answered 200 with a receipt');
});
