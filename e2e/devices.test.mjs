// Remembered devices, in a real browser against local-cognito with device tracking on
// ("remember on user prompt"): after a code the user may remember the device; the next sign-in
// on it proves the device with its own SRP instead of a code; home lists the devices and forgets
// one; "Sign out and forget this device"; a step-up still asks for a code on a remembered device.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage as openPageIn, shoot, signIn, signOut, typeCode } from './browser.mjs';
import { APP_URL, CLIENT_ID, PASSWORD, deliveredCodes, lastDeliveredCode, newSmsUser, updateDemoPool } from './lib.mjs';

let browser;
before(async () => {
  browser = await launch();
  await updateDemoPool({
    MfaConfiguration: 'OPTIONAL',
    DeviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: true },
  });
});
after(async () => {
  await browser?.close();
  await updateDemoPool({ MfaConfiguration: 'OPTIONAL' }); // tracking off again
});
const openPage = () => openPageIn(browser);

function recordTargets(page) {
  const targets = [];
  page.on('request', (r) => {
    const t = r.headers()['x-amz-target'];
    if (!t) return;
    const body = JSON.parse(r.postData() ?? '{}');
    targets.push([t.split('.').pop(), body.ChallengeName ?? body.AuthFlow].filter(Boolean).join(' '));
  });
  return targets;
}
const storedDevice = (page, email) =>
  page.evaluate((k) => JSON.parse(localStorage.getItem(k) ?? 'null'), `device:${CLIENT_ID}:${email}`);

/** Signs in with the SMS code and answers "Remember this device?" with `remember` (or expects no question). */
async function signInWithCode(page, email, remember) {
  await signIn(page, APP_URL, email);
  await page.waitForSelector('#code');
  await typeCode(page, (await lastDeliveredCode(email)).code);
  if (remember === undefined) {
    await page.waitForURL('**/home');
    return;
  }
  await page.getByRole('heading', { name: 'Remember this device?' }).waitFor();
  await page.getByRole('button', { name: remember ? 'Remember this device' : 'Not now' }).click();
  await page.waitForURL('**/home');
}

describe('remembered devices', () => {
  test('remembered after a code, the next sign-in skips it, listed on home; forgotten → a code again; "Not now", then remembered from home', async () => {
    const email = await newSmsUser('device');
    const page = await openPage();
    await signIn(page, APP_URL, email);
    await page.waitForSelector('#code');
    await typeCode(page, (await lastDeliveredCode(email)).code);
    await page.getByRole('heading', { name: 'Remember this device?' }).waitFor();
    await shoot(page, 'remember-device');
    await page.getByRole('button', { name: 'Remember this device' }).click();
    await page.waitForURL('**/home');
    const device = await storedDevice(page, email);
    assert.equal(device.remembered, true);
    assert.match(device.key, /^us-east-1_/);
    assert.equal(device.password.length, 56, "the device's own secret, not the user's password");

    await page.locator('[data-current=true]').waitFor();
    assert.match(await page.locator('[data-current=true]').innerText(), /This device[\s\S]*Remembered/);
    assert.match(await page.locator('[data-current=true] .device-name').innerText(), /^Chrome on Linux/);
    await shoot(page, 'devices');

    // Next time on this device: no code; the device proves itself.
    await signOut(page);
    const codesBefore = (await deliveredCodes(email)).length;
    const targets = recordTargets(page);
    await signIn(page, APP_URL, email);
    await page.waitForURL('**/home');
    assert.deepEqual(targets.filter((t) => !['GetUser', 'ListDevices', 'ListUserSessions'].some((home) => t.startsWith(home))), [
      'InitiateAuth USER_SRP_AUTH', 'RespondToAuthChallenge PASSWORD_VERIFIER',
      'RespondToAuthChallenge DEVICE_SRP_AUTH', 'RespondToAuthChallenge DEVICE_PASSWORD_VERIFIER',
    ]);
    assert.equal((await deliveredCodes(email)).length, codesBefore, 'no code was sent');

    // A reload refreshes with the device's key (the refresh token is bound to it).
    const refreshes = [];
    page.on('request', (r) => {
      if ((r.headers()['x-amz-target'] ?? '').endsWith('.GetTokensFromRefreshToken')) refreshes.push(JSON.parse(r.postData()));
    });
    await page.reload();
    await page.locator('[data-current=true]').waitFor();
    assert.equal(refreshes[0]?.DeviceKey, device.key);

    // Forgetting this browser's own device signs out too (its session is bound to it).
    await page.locator('[data-current=true]').getByRole('button', { name: 'Forget' }).click();
    await page.waitForURL('**/login');
    assert.equal(await storedDevice(page, email), null, 'its secret is gone from this browser');
    // A code again, and the question again: "Not now".
    await signInWithCode(page, email, false);
    await page.locator('[data-current=true]').waitFor();
    assert.equal(await page.locator('[data-device]').count(), 1, 'Cognito forgot the old one');
    assert.match(await page.locator('[data-current=true]').innerText(), /Not remembered/);
    assert.equal((await storedDevice(page, email)).remembered, false);
    // Not remembered: a code each time, but no new device and no question.
    await signOut(page);
    await signInWithCode(page, email, undefined);
    await page.locator('[data-current=true]').waitFor();
    assert.equal(await page.locator('[data-device]').count(), 1, 'the same device, not another one');
    // Remembered after all, from home: no code next time.
    await page.locator('[data-current=true]').getByRole('button', { name: 'Remember' }).click();
    await page.waitForFunction(() => /Remembered/.test(document.querySelector('[data-current=true]')?.innerText ?? ''));
    assert.equal((await storedDevice(page, email)).remembered, true);
    await signOut(page);
    await signIn(page, APP_URL, email);
    await page.waitForURL('**/home');
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('"Sign out and forget this device", and a step-up on a remembered device still asks for a code', async () => {
    const email = await newSmsUser('forget');
    const page = await openPage();
    await signInWithCode(page, email, true);
    // Turning SMS off needs a step-up: a code even here.
    await page.locator('[aria-labelledby=factor-sms]').getByRole('button', { name: 'Turn off' }).click();
    await page.waitForURL('**/confirm-identity');
    await page.fill('#password', PASSWORD);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForSelector('#code');
    await typeCode(page, (await lastDeliveredCode(email)).code);
    await page.waitForURL('**/home');
    await page.waitForFunction(() => document.querySelector('[data-mfa=sms]')?.innerText.includes('Off'));
    assert.equal(await page.locator('[data-device]').count(), 1, 'the step-up added no device');

    await page.getByRole('button', { name: 'Sign out and forget this device' }).click();
    await page.waitForURL('**/login');
    assert.equal(await storedDevice(page, email), null);
    // Cognito forgot it too: the next sign-in (no factor left, so no code) has one new device.
    await signIn(page, APP_URL, email);
    await page.waitForURL('**/home');
    await page.locator('[data-current=true]').waitFor();
    assert.equal(await page.locator('[data-device]').count(), 1);
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });
});
