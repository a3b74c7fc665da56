// The fewest Cognito calls each flow needs, counted on the wire (issue 11 §4): sign-in without
// MFA 2, with an authenticator 3, the authenticator's set-up 3 (Associate, Verify,
// SetUserMFAPreference), a wrong code +1 and never a replayed sign-in. Also prints how long the
// page worked between Cognito's PASSWORD_VERIFIER challenge arriving and the answer leaving
// (SRP's first half is made while the user types): a number to watch, not a pass/fail.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openAuthenticatorSetup, openPage as openPageIn, signIn, signOut, typeCode, waitForAlert } from './browser.mjs';
import { APP_URL, newUser, nextCode, wrongCode } from './lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** Cognito calls of the flows, without home's reads and the background revocation. */
function recordCalls(page) {
  const calls = [];
  const answered = new Map();
  page.on('request', (r) => {
    const op = (r.headers()['x-amz-target'] ?? '').split('.').pop();
    if (!op || ['GetUser', 'ListDevices', 'ListUserSessions', 'RevokeToken'].includes(op)) return; // home's reads, sign-out
    calls.push(op);
    if (op === 'RespondToAuthChallenge' && JSON.parse(r.postData()).ChallengeName === 'PASSWORD_VERIFIER') {
      const challengeAt = answered.get('InitiateAuth');
      if (challengeAt) console.log(`after-submit client work (challenge answered → answer sent): ${(Date.now() - challengeAt).toFixed(0)} ms (includes Playwright's event delivery)`);
    }
  });
  page.on('requestfinished', (r) => {
    const op = (r.headers()['x-amz-target'] ?? '').split('.').pop();
    if (op) answered.set(op, Date.now());
  });
  return calls;
}

describe('round trips', () => {
  test('sign-in 2, set-up 3, sign-in with a code 3, a wrong code +1, nothing replayed', async () => {
    const email = await newUser('trips');
    const page = await openPageIn(browser);
    const calls = recordCalls(page);
    await page.goto(`${APP_URL}/login`);
    await page.waitForSelector('#username');
    await page.waitForTimeout(300); // the user types: SRP's first half is made meanwhile
    await signIn(page, APP_URL, email);
    await page.waitForURL('**/home');
    assert.deepEqual(calls.splice(0), ['InitiateAuth', 'RespondToAuthChallenge'], 'sign-in without MFA');

    const secret = await openAuthenticatorSetup(page);
    await page.getByRole('button', { name: 'Continue to Verification' }).click();
    let { code, step } = await nextCode(secret);
    await typeCode(page, code);
    await page.getByText('Authenticator setup successful!').waitFor();
    assert.deepEqual(calls.splice(0), ['AssociateSoftwareToken', 'VerifySoftwareToken', 'SetUserMFAPreference'], 'set-up');

    await page.click('a[href="/home"]');
    await signOut(page);
    calls.splice(0);
    await signIn(page, APP_URL, email);
    await page.waitForSelector('#code');
    await typeCode(page, wrongCode(secret));
    await waitForAlert(page, 'Incorrect code');
    ({ code, step } = await nextCode(secret, step));
    await typeCode(page, code);
    await page.waitForURL('**/home');
    assert.deepEqual(calls.splice(0), ['InitiateAuth', 'RespondToAuthChallenge', 'RespondToAuthChallenge', 'RespondToAuthChallenge'],
      'with TOTP: 3, and the wrong code +1 on the same session, no replayed sign-in');
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });
});
