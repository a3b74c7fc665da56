// The app's sign-in with TOTP against ministack, an independent Cognito emulator that verifies
// SRP and TOTP: a mistake our SRP code shared with local-cognito could not hide here.
// scripts/test.sh starts ministack, creates the pool and user (ministack_setup.py) and serves a
// build of the app configured for that pool at MINISTACK_APP_URL.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openAuthenticatorSetup, openPage, signIn, signOut, waitForAlert, wrongThenRightCode } from './browser.mjs';

const APP = process.env.MINISTACK_APP_URL;
const EMAIL = process.env.MINISTACK_EMAIL;
let browser;

before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('sign in, set up an authenticator, sign in again with TOTP — against ministack', async () => {
  assert.ok(APP && EMAIL, 'MINISTACK_APP_URL and MINISTACK_EMAIL are set by scripts/test.sh');
  const page = await openPage(browser);
  await signIn(page, APP, EMAIL);
  await page.waitForURL('**/home');
  await page.waitForSelector('.email');
  assert.equal(await page.locator('.email').innerText(), EMAIL);

  const secret = await openAuthenticatorSetup(page);
  await page.getByRole('button', { name: 'Continue to Verification' }).click();
  const { step } = await wrongThenRightCode(page, secret, undefined, 'Incorrect code');
  await page.getByText('Authenticator setup successful!').waitFor();
  await page.click('a[href="/home"]');
  await page.waitForFunction(() => document.querySelector('[data-mfa=totp]')?.innerText.includes('On'));
  await signOut(page);

  await signIn(page, APP, EMAIL);
  await page.waitForSelector('#code');
  await wrongThenRightCode(page, secret, step, 'Incorrect code, please try again');
  await page.waitForURL('**/home');

  // A wrong password is refused by ministack's SRP check too.
  await signOut(page);
  await signIn(page, APP, EMAIL, { password: 'Not-the-Passw0rd!' });
  await waitForAlert(page, 'Incorrect email or password');
  assert.deepEqual(page.problems, []);
});
