// Managing MFA after sign-in, in a real browser against local-cognito: each factor on or off and
// which one is preferred; turning one off only after a step-up (the password and a current code
// again), sending only the settings that change (a user without a phone number included); and
// replacing the authenticator app safely: a step-up with the current app, a warning, the old app
// working until the new one is verified, and a replacement left halfway explained on home.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { check, launch, openAuthenticatorSetup, openPage as openPageIn, shoot, signIn, signOut, typeCode, waitForAlert } from './browser.mjs';
import { APP_URL, COGNITO_URL, PASSWORD, POOL_ID, cognito, lastDeliveredCode, newSmsUser, newUser, nextCode, withMfaRequired } from './lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });
const openPage = () => openPageIn(browser);

const row = (page, factor) => page.locator(`[aria-labelledby=factor-${factor}]`);
const status = (page, factor) => page.locator(`[data-mfa=${factor}]`).innerText();
const waitStatus = (page, factor, text) =>
  page.waitForFunction(([f, t]) => document.querySelector(`[data-mfa=${f}]`)?.innerText.includes(t), [factor, text]);
const SAVED = 'Your two-factor authentication settings are saved.';

/** Bodies of the SetUserMFAPreference calls a page makes, without the access token. */
function recordPreferences(page) {
  const sent = [];
  page.on('request', (r) => {
    if ((r.headers()['x-amz-target'] ?? '').endsWith('.SetUserMFAPreference')) {
      const { AccessToken, ...settings } = JSON.parse(r.postData());
      assert.ok(AccessToken);
      sent.push(settings);
    }
  });
  return sent;
}

/** From home: set up an authenticator app through the UI; returns its secret and the step used. */
async function setUpAuthenticator(page, lastStep) {
  const secret = await openAuthenticatorSetup(page);
  await page.getByRole('button', { name: 'Continue to Verification' }).click();
  const used = await nextCode(secret, lastStep);
  await typeCode(page, used.code);
  await page.getByText('Authenticator setup successful!').waitFor();
  await page.click('a[href="/home"]');
  await waitStatus(page, 'totp', 'On');
  return { secret, step: used.step };
}

/** On the step-up page: the password, then the code `answer` gives. */
async function stepUp(page, email, answer) {
  await page.waitForURL('**/confirm-identity');
  await page.getByRole('heading', { name: "Confirm it's you" }).waitFor();
  assert.equal(await page.inputValue('#username'), email);
  assert.equal(await page.locator('#username').getAttribute('readonly'), '', 'the account is fixed');
  await page.fill('#password', PASSWORD);
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.waitForSelector('#code');
  await typeCode(page, await answer());
}

describe('MFA management', () => {
  test('factors on, the preferred one chosen, one turned off only after a step-up; only changed settings are sent', async () => {
    const email = await newUser('factors');
    const page = await openPage();
    const sent = recordPreferences(page);
    await signIn(page, APP_URL, email);
    await page.waitForURL('**/home');
    await waitStatus(page, 'totp', 'Off');
    assert.equal(await row(page, 'sms').getByRole('button', { name: 'Add a phone number' }).count(), 1, 'no phone: the way to add one');
    assert.equal(await row(page, 'sms').getByRole('button', { name: 'Turn on' }).count(), 0, 'no phone: SMS cannot be turned on');

    // Email codes on: the first factor becomes the preferred one.
    await row(page, 'email').getByRole('button', { name: 'Turn on' }).click();
    await page.getByText(SAVED).waitFor();
    await waitStatus(page, 'email', 'preferred');
    assert.deepEqual(sent.shift(), { EmailMfaSettings: { Enabled: true, PreferredMfa: true } });

    // An authenticator app: verified, on and preferred.
    await setUpAuthenticator(page);
    assert.deepEqual(sent.shift(), { SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true } });
    assert.match(await status(page, 'totp'), /preferred/);
    assert.doesNotMatch(await status(page, 'email'), /preferred/);
    await shoot(page, 'home-mfa');

    // Email preferred again: no step-up for that.
    await row(page, 'email').getByRole('button', { name: 'Make preferred' }).click();
    await waitStatus(page, 'email', 'preferred');
    assert.deepEqual(sent.shift(), { EmailMfaSettings: { Enabled: true, PreferredMfa: true } });

    // Turning the app off needs the password and a code again; Back changes nothing.
    await row(page, 'totp').getByRole('button', { name: 'Turn off' }).click();
    await page.waitForURL('**/confirm-identity');
    await shoot(page, 'step-up');
    await page.getByRole('button', { name: 'Back' }).click();
    await page.waitForURL('**/home');
    await waitStatus(page, 'totp', 'On');
    assert.equal(sent.length, 0, 'nothing changed');

    await row(page, 'totp').getByRole('button', { name: 'Turn off' }).click();
    await page.waitForURL('**/confirm-identity');
    await page.fill('#password', 'Wrong-Passw0rd!');
    await page.getByRole('button', { name: 'Continue' }).click();
    await waitForAlert(page, 'Incorrect email or password');
    // The preferred factor (email) is asked for.
    await stepUp(page, email, async () => (await lastDeliveredCode(email)).code);
    await page.waitForURL('**/home');
    await page.getByText(SAVED).waitFor();
    await waitStatus(page, 'totp', 'Off');
    assert.deepEqual(sent.shift(), { SoftwareTokenMfaSettings: { Enabled: false, PreferredMfa: false } },
      'a user without a phone number: no SMS settings sent');

    // Within a few minutes of the step-up, another factor goes off without asking again.
    await row(page, 'email').getByRole('button', { name: 'Turn off' }).click();
    await waitStatus(page, 'email', 'Off');
    assert.ok(page.url().endsWith('/home'));
    assert.deepEqual(sent.shift(), { EmailMfaSettings: { Enabled: false, PreferredMfa: false } });
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('replacing the authenticator app: step-up with the current app, a warning, the old app kept until the new one is verified', async () => {
    const email = await newUser('replace');
    const page = await openPage();
    await signIn(page, APP_URL, email);
    await page.waitForURL('**/home');
    let { secret: oldSecret, step } = await setUpAuthenticator(page);

    // Replace: proved with the current app's code.
    await row(page, 'totp').getByRole('button', { name: 'Replace authenticator app' }).click();
    await stepUp(page, email, async () => { const c = await nextCode(oldSecret, step); step = c.step; return c.code; });
    await page.waitForURL('**/setup-2fa');
    await page.getByText("You're replacing your authenticator app.").waitFor();
    await check(page, 'replacing the authenticator');
    const abandoned = await openAuthenticatorSetup(page, { alreadyThere: true });
    assert.notEqual(abandoned, oldSecret);

    // Left halfway (a reload of home, say): explained, and the current app kept.
    await page.goto(`${APP_URL}/home`);
    await page.getByText("You started replacing your authenticator app but didn't finish.").waitFor();
    await shoot(page, 'replacement-unfinished');
    await page.getByRole('button', { name: 'Keep my current app' }).click();
    await page.getByText('Your current authenticator app still works.').waitFor();
    assert.equal(await page.getByText("didn't finish").count(), 0);
    await signOut(page);
    await signIn(page, APP_URL, email);
    await page.waitForSelector('#code');
    let c = await nextCode(oldSecret, step);
    await typeCode(page, c.code);
    step = c.step;
    await page.waitForURL('**/home');

    // Replaced for real: the new app works, the old one no longer does.
    await row(page, 'totp').getByRole('button', { name: 'Replace authenticator app' }).click();
    await stepUp(page, email, async () => { const n = await nextCode(oldSecret, step); step = n.step; return n.code; });
    await page.waitForURL('**/setup-2fa');
    const newSecret = await openAuthenticatorSetup(page, { alreadyThere: true });
    await page.getByRole('button', { name: 'Continue to Verification' }).click();
    c = await nextCode(newSecret, step);
    await typeCode(page, c.code);
    step = c.step;
    await page.getByText('Authenticator setup successful!').waitFor();
    await page.click('a[href="/home"]');
    await waitStatus(page, 'totp', 'preferred');
    assert.equal(await page.getByText("didn't finish").count(), 0);
    await signOut(page);
    await signIn(page, APP_URL, email);
    await page.waitForSelector('#code');
    const oldAppCode = (await nextCode(oldSecret, step)).code;
    assert.notEqual(oldAppCode, (await nextCode(newSecret, step)).code);
    await typeCode(page, oldAppCode);
    await waitForAlert(page, 'Incorrect code');
    c = await nextCode(newSecret, step);
    await typeCode(page, c.code);
    await page.waitForURL('**/home');
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('SMS codes for a user with a phone; a pool that requires MFA keeps its last factor on, and the page says so', async () => {
    const email = await newSmsUser('required');
    const page = await openPage();
    const sent = recordPreferences(page);
    await signIn(page, APP_URL, email);
    await page.waitForSelector('#code');
    await typeCode(page, (await lastDeliveredCode(email)).code);
    await page.waitForURL('**/home');
    await waitStatus(page, 'sms', 'preferred');
    await withMfaRequired(async () => {
      await row(page, 'sms').getByRole('button', { name: 'Turn off' }).click();
      await stepUp(page, email, async () => (await lastDeliveredCode(email)).code);
      await page.waitForURL('**/home');
      await waitForAlert(page, 'Your account must use two-factor authentication, so this method stays on.');
      await check(page, 'MFA required, factor kept');
      assert.match(await status(page, 'sms'), /On/);
      assert.deepEqual(sent.shift(), { SMSMfaSettings: { Enabled: false, PreferredMfa: false } });
    });
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('a replacement left halfway where Cognito dropped the old app at once: said plainly, and finishing it works', async () => {
    const setMode = (mode) => fetch(`${COGNITO_URL}/_local/totp-reassociation?mode=${mode}`, { method: 'POST' })
      .then((r) => assert.ok(r.ok, `totp-reassociation: ${r.status}`));
    const email = await newUser('dropped');
    const page = await openPage();
    await signIn(page, APP_URL, email);
    await page.waitForURL('**/home');
    let { secret, step } = await setUpAuthenticator(page);
    await setMode('immediate');
    try {
      await row(page, 'totp').getByRole('button', { name: 'Replace authenticator app' }).click();
      await stepUp(page, email, async () => { const c = await nextCode(secret, step); step = c.step; return c.code; });
      await page.waitForURL('**/setup-2fa');
      await openAuthenticatorSetup(page, { alreadyThere: true });
      await page.goto(`${APP_URL}/home`);
      await page.getByRole('button', { name: 'Keep my current app' }).click();
      await waitForAlert(page, 'Your old authenticator app no longer works.');
      await check(page, 'old authenticator gone');
      // The reload forgot the step-up (it lives in memory): the password again, and no code,
      // since Cognito no longer has an authenticator to ask for.
      await page.getByRole('button', { name: 'Finish replacing' }).click();
      await page.waitForURL('**/confirm-identity');
      await page.fill('#password', PASSWORD);
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.waitForURL('**/setup-2fa');
      secret = await openAuthenticatorSetup(page, { alreadyThere: true });
      await page.getByRole('button', { name: 'Continue to Verification' }).click();
      const c = await nextCode(secret, step);
      await typeCode(page, c.code);
      await page.getByText('Authenticator setup successful!').waitFor();
      await page.click('a[href="/home"]');
      await waitStatus(page, 'totp', 'preferred');
      assert.equal(await page.getByText("didn't finish").count(), 0);
    } finally {
      await setMode('on-verify');
    }
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('a user with a phone number turns SMS codes on; it becomes the preferred method', async () => {
    const email = await newUser('sms-on');
    await cognito('AdminUpdateUserAttributes', { UserPoolId: POOL_ID, Username: email, UserAttributes: [{ Name: 'phone_number', Value: '+15555550123' }] });
    const page = await openPage();
    const sent = recordPreferences(page);
    await signIn(page, APP_URL, email);
    await page.waitForURL('**/home');
    await row(page, 'sms').getByRole('button', { name: 'Turn on' }).click();
    await page.getByText(SAVED).waitFor();
    await waitStatus(page, 'sms', 'preferred');
    assert.deepEqual(sent, [{ SMSMfaSettings: { Enabled: true, PreferredMfa: true } }]);
    // The next sign-in asks for a text message code.
    await signOut(page);
    await signIn(page, APP_URL, email);
    await page.waitForSelector('#code');
    await typeCode(page, (await lastDeliveredCode(email)).code);
    await page.waitForURL('**/home');
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('an unattended session cannot add its own authenticator app: after a reload, "Set up" asks who it is first, a deep link too; the owner then goes on', async () => {
    const email = await newUser('unattended');
    const page = await openPage();
    await signIn(page, APP_URL, email);
    await page.waitForURL('**/home');
    // Someone at the signed-in browser later: the session comes back from a reload, which
    // proves nobody.
    await page.reload();
    await page.waitForSelector('.email');
    const calls = [];
    page.on('request', (r) => { const t = r.headers()['x-amz-target']; if (t) calls.push(t.split('.').pop()); });
    await page.click('a[href="/setup-2fa"]');
    await page.waitForURL('**/confirm-identity');
    await page.getByRole('heading', { name: "Confirm it's you" }).waitFor();
    assert.ok(!calls.includes('AssociateSoftwareToken'), `no secret issued before the proof: ${calls}`);
    // The set-up page gave way to the step-up: Back goes home, not into a bounce.
    await page.goBack();
    await page.waitForURL('**/home');
    // A deep link fails closed too, even with "Generate" pressed before the page knows the
    // account (its GetUser held back): the rule is checked again before any secret is asked for.
    const slowGetUser = (url) => url.href.startsWith(COGNITO_URL);
    await page.route(slowGetUser, async (route) => {
      if (route.request().headers()['x-amz-target']?.endsWith('.GetUser')) await new Promise((ok) => setTimeout(ok, 1500));
      // The page may have cancelled the request meanwhile (it moved on to the step-up).
      return route.continue().catch(() => {});
    });
    await page.goto(`${APP_URL}/setup-2fa`);
    await page.getByRole('button', { name: 'Generate QR Code' }).click();
    await page.waitForURL('**/confirm-identity');
    await page.unroute(slowGetUser);
    assert.ok(!calls.includes('AssociateSoftwareToken'), `none after a deep link either: ${calls}`);
    // The owner's password (no MFA on this account yet), then the set-up goes on.
    assert.equal(await page.inputValue('#username'), email);
    await page.fill('#password', PASSWORD);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL('**/setup-2fa');
    const secret = await openAuthenticatorSetup(page, { alreadyThere: true });
    await page.getByRole('button', { name: 'Continue to Verification' }).click();
    await typeCode(page, (await nextCode(secret)).code);
    await page.getByText('Authenticator setup successful!').waitFor();
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('right after signing in, the first authenticator app is set up without asking again', async () => {
    const email = await newUser('fresh-setup');
    const page = await openPage();
    await signIn(page, APP_URL, email);
    await page.waitForURL('**/home');
    await setUpAuthenticator(page);
    assert.equal(page.url().includes('confirm-identity'), false);
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });
});
