// Every fault the sign-in service can show, at every step, in a real browser against
// local-cognito's fault injection: the message a person reads, that what they typed is kept,
// that Try again works once the fault is gone, and a clean console (no panic, no CSP violation).
// Also: leaving a page while its request is pending, Cancel, sign-out that never waits, and
// Cognito's lockouts and dead sessions. The app under test is built with COGNITO_TIMEOUT_MS=3000.
import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { alertText, check, launch, openAuthenticatorSetup, openPage as openPageIn, signOut, toSignedOutLogin, typeCode, waitForAlert } from './browser.mjs';
import { APP_URL, PASSWORD, clearFaults, cognito, freshCode, injectFault, lastDeliveredCode, newSmsUser, newUser, resetLockouts, setCodeTtl, setLockout, withMfaRequired, wrongCode } from './lib.mjs';

const MESSAGES = {
  timedOut: 'The sign-in service did not answer. Try again.',
  network: "Can't reach the sign-in service. Check your connection and try again.",
  unavailable: 'The sign-in service is having a problem. Please try again in a moment.',
  badAnswer: 'The sign-in service sent an answer this page could not read. Please try again.',
  throttled: 'The sign-in service is busy. Please wait a moment and try again.',
  signInEnded: 'This sign-in can no longer continue. Please sign in again.',
  wrongPassword: 'Incorrect email or password.',
  passwordLocked: 'Too many incorrect passwords. Please wait a few minutes before you try again.',
  wrongCode: 'Incorrect code, please try again',
  mfaLocked: 'Too many incorrect codes. Please wait a few minutes, then sign in again.',
  codeExpired: 'This code has expired. Please sign in again to get a new one.',
};

/** Each kind of fault, what the person is told, and whether the service did the work first. */
const FAULTS = [
  { kind: 'hang', message: MESSAGES.timedOut },
  { kind: 'drop', message: MESSAGES.network },
  { kind: 'http500', message: MESSAGES.unavailable },
  { kind: 'html503', message: MESSAGES.unavailable },
  { kind: 'bad-json', message: MESSAGES.badAnswer, ranOnServer: true },
  { kind: 'truncated', message: MESSAGES.badAnswer, ranOnServer: true },
  { kind: 'throttle', message: MESSAGES.throttled },
  { kind: 'InternalErrorException', message: MESSAGES.unavailable },
  { kind: 'LimitExceededException', message: MESSAGES.throttled },
];

let browser;
before(async () => { browser = await launch(); });
afterEach(() => clearFaults());
after(async () => { await clearFaults(); await browser?.close(); });

const openPage = (size) => openPageIn(browser, size);

/** Requests the app sent, by operation name. */
function recordTargets(page) {
  const targets = [];
  page.on('request', (r) => { const t = r.headers()['x-amz-target']; if (t) targets.push(t.split('.').pop()); });
  return targets;
}

async function fillSignIn(page, email, password = PASSWORD) {
  await toSignedOutLogin(page, APP_URL);
  await page.fill('#username', email);
  await page.fill('#password', password);
}

/** Signs in with no fault and waits for the home page (a user without MFA). */
async function signInToHome(page, email) {
  await fillSignIn(page, email);
  await page.click('button[type=submit]');
  await page.waitForURL('**/home');
}

/** Signs in and waits for the code screen (an SMS user). */
async function signInToCode(page, email) {
  await fillSignIn(page, email);
  await page.click('button[type=submit]');
  await page.waitForSelector('#code');
}

/** Back on the sign-in form with the email kept (an SMS user): the password, the new code, home. */
async function passwordAgainToHome(page, email) {
  await page.fill('#password', PASSWORD);
  await page.click('button[type=submit]');
  await page.waitForSelector('#code');
  await typeCode(page, (await lastDeliveredCode(email)).code);
  await page.waitForURL('**/home');
}

const submitEnabled = (page) => page.waitForFunction(() => document.querySelector('button[type=submit]').disabled === false);

describe('a fault at each step is said plainly, and Try again recovers', () => {
  for (const operation of ['InitiateAuth', 'RespondToAuthChallenge']) {
    test(`sign-in (${operation}): every fault kind`, async () => {
      const email = await newUser(`fault-${operation}`);
      const page = await openPage();
      for (const { kind, message } of FAULTS) {
        await fillSignIn(page, email);
        await injectFault(operation, kind);
        await page.click('button[type=submit]');
        await waitForAlert(page, message);
        await submitEnabled(page);
        if (operation === 'InitiateAuth') await check(page, `sign-in, ${kind}`);
        // Kept as it was sent: an email lower-cased (the pool compares without case).
        assert.equal(await page.inputValue('#username'), email.toLowerCase(), `${kind}: the email is kept`);
        assert.equal(await page.inputValue('#password'), PASSWORD, `${kind}: the form is as it was`);
        await page.click('button[type=submit]'); // Try again, the fault is gone
        await page.waitForURL('**/home', { timeout: 10_000 });
        await page.waitForSelector('.email');
        await signOut(page);
      }
      assert.deepEqual(page.problems, []);
      await page.context().close();
    });
  }

  test('the MFA code (RespondToAuthChallenge): every fault kind', async () => {
    const email = await newSmsUser('fault-mfa');
    const page = await openPage();
    for (const { kind, message, ranOnServer } of FAULTS) {
      await signInToCode(page, email);
      const { code } = await lastDeliveredCode(email);
      await injectFault('RespondToAuthChallenge', kind);
      await typeCode(page, code);
      await waitForAlert(page, message);
      if (!ranOnServer) {
        // The code was never used: the same screen takes it again.
        assert.equal(await page.locator('#code').count(), 1, `${kind}: still on the code screen`);
        await typeCode(page, code);
      } else {
        // Cognito accepted the code and its session, but the answer was lost: that session is
        // used up, so trying again says so and starts the sign-in over, email kept.
        await typeCode(page, code);
        await waitForAlert(page, MESSAGES.signInEnded);
        // Kept as it was sent: an email lower-cased (the pool compares without case).
        assert.equal(await page.inputValue('#username'), email.toLowerCase(), `${kind}: the email is kept`);
        await passwordAgainToHome(page, email);
      }
      await page.waitForURL('**/home', { timeout: 10_000 });
      await signOut(page);
    }
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('authenticator set-up (AssociateSoftwareToken): every fault kind, Generate again works', async () => {
    const email = await newUser('fault-assoc');
    const page = await openPage();
    for (const { kind, message } of FAULTS) {
      await signInToHome(page, email);
      await page.click('a[href="/setup-2fa"]');
      await page.waitForURL('**/setup-2fa');
      await injectFault('AssociateSoftwareToken', kind);
      const generate = page.getByRole('button', { name: 'Generate QR Code' });
      await generate.click();
      await waitForAlert(page, message);
      if (kind === 'hang') await check(page, `set-up, ${kind}`);
      await page.waitForFunction(() => document.querySelector('.card button.primary').disabled === false);
      assert.equal(await page.locator('figure.qr').count(), 0, `${kind}: no QR code from a failed call`);
      await generate.click(); // Try again, on the same page
      await page.waitForSelector('figure.qr svg');
      assert.equal(await alertText(page), '', `${kind}: the error is gone once it worked`);
    }
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('authenticator verification (VerifySoftwareToken): every fault kind', async () => {
    const page = await openPage();
    for (const { kind, message, ranOnServer } of FAULTS) {
      const email = await newUser(`fault-verify-${kind}`);
      await signInToHome(page, email);
      const secret = await openAuthenticatorSetup(page);
      await page.getByRole('button', { name: 'Continue to Verification' }).click();
      await page.waitForSelector('#code');
      let { code, step } = freshCode(secret);
      await injectFault('VerifySoftwareToken', kind);
      await typeCode(page, code);
      await waitForAlert(page, message);
      // Where Cognito already took the code (the answer was lost), the next one is typed; the
      // app finds the authenticator verified and only turns it on. Otherwise the same code works.
      if (ranOnServer) ({ code, step } = freshCode(secret, step));
      await typeCode(page, code);
      await page.getByText('Authenticator setup successful!').waitFor();
      await page.click('a[href="/home"]');
      await page.waitForFunction(() => document.querySelector('[data-mfa=totp]')?.innerText.includes('On'));
      await signOut(page);
    }
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('home (GetUser): every fault kind, Try again reloads the profile', async () => {
    const email = await newUser('fault-home');
    const page = await openPage();
    for (const { kind, message } of FAULTS) {
      await fillSignIn(page, email);
      await injectFault('GetUser', kind);
      await page.click('button[type=submit]');
      await page.waitForURL('**/home');
      await waitForAlert(page, message);
      if (kind === 'hang') await check(page, `home, ${kind}`);
      await page.getByRole('button', { name: 'Try again' }).click();
      await page.waitForSelector('.email');
      assert.equal(await page.locator('.email').innerText(), email, kind);
      await signOut(page);
    }
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('sign-out (RevokeToken): never waits, whatever the service does, and does revoke', async () => {
    const email = await newUser('fault-signout');
    const page = await openPage();
    const targets = recordTargets(page);
    for (const { kind } of FAULTS) {
      await signInToHome(page, email);
      await page.waitForSelector('.email');
      await injectFault('RevokeToken', kind);
      const sent = targets.length;
      const started = Date.now();
      await page.getByRole('button', { name: 'Sign out', exact: true }).click();
      await page.waitForURL('**/login');
      await page.waitForSelector('#username');
      const took = Date.now() - started;
      assert.ok(took < 1_500, `${kind}: signed out on screen at once (${took} ms)`);
      assert.equal(await alertText(page), '', `${kind}: nothing to apologise for`);
      assert.ok(targets.slice(sent).includes('RevokeToken'), `${kind}: the revocation was sent`);
      // Signed out in this tab without a reload: back to /home leads to the sign-in page.
      await page.goBack();
      await page.waitForURL('**/login');
      await page.waitForSelector('#username');
    }
    // With no fault, the revocation really ends the tokens (in the background, after the page left).
    let accessToken;
    page.on('request', (r) => { if ((r.headers()['x-amz-target'] ?? '').endsWith('.GetUser')) accessToken = JSON.parse(r.postData()).AccessToken; });
    await signInToHome(page, email);
    await page.waitForSelector('.email');
    const revoked = page.waitForResponse((r) => (r.request().headers()['x-amz-target'] ?? '').endsWith('.RevokeToken'));
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    assert.equal((await revoked).status(), 200);
    await assert.rejects(cognito('GetUser', { AccessToken: accessToken }), { code: 'NotAuthorizedException' });
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('set-up required while signing in (MFA_SETUP): faults at Associate and Verify, then it finishes', async () => {
    const email = await newUser('fault-forced');
    await withMfaRequired(async () => {
      const page = await openPage();
      await fillSignIn(page, email);
      await page.click('button[type=submit]');
      await page.getByText('Two-factor authentication is required for your account').waitFor();
      const generate = page.getByRole('button', { name: 'Generate QR Code' });
      for (const { kind, message } of [FAULTS[0], FAULTS[2], FAULTS[6]]) {
        await injectFault('AssociateSoftwareToken', kind);
        await generate.click();
        await waitForAlert(page, message);
        await page.waitForFunction(() => document.querySelector('.card button.primary').disabled === false);
      }
      await generate.click();
      await page.waitForSelector('figure.qr svg');
      const secret = (await page.locator('code.secret').innerText()).replace(/\s/g, '');
      await page.getByRole('button', { name: 'Continue to Verification' }).click();
      await page.waitForSelector('#code');
      const { code } = freshCode(secret);
      for (const { kind, message } of [FAULTS[0], FAULTS[1], FAULTS[3]]) {
        await injectFault('VerifySoftwareToken', kind);
        await typeCode(page, code);
        await waitForAlert(page, message);
      }
      await typeCode(page, code); // never reached Cognito: the same code still works
      await page.waitForURL('**/home');
      await page.waitForFunction(() => document.querySelector('[data-mfa=totp]')?.innerText.includes('On'));
      assert.deepEqual(page.problems, []);
      await page.context().close();
    });
  });

  test('SetUserMFAPreference fails after a verified code: Turn on retries only that step', async () => {
    const email = await newUser('fault-pref');
    const page = await openPage();
    const targets = recordTargets(page);
    await signInToHome(page, email);
    const secret = await openAuthenticatorSetup(page);
    await page.getByRole('button', { name: 'Continue to Verification' }).click();
    await injectFault('SetUserMFAPreference', 'http500');
    await typeCode(page, freshCode(secret).code);
    await page.getByText('Your authenticator app is verified, but two-factor authentication is not on yet.').waitFor();
    await waitForAlert(page, MESSAGES.unavailable);
    await check(page, 'verified, not on yet');
    await page.getByRole('button', { name: 'Turn on two-factor authentication' }).click();
    await page.getByText('Authenticator setup successful!').waitFor();
    assert.deepEqual(targets.filter((t) => t === 'VerifySoftwareToken'), ['VerifySoftwareToken'], 'the used code is never sent again');
    assert.deepEqual(targets.filter((t) => t === 'SetUserMFAPreference'), ['SetUserMFAPreference', 'SetUserMFAPreference']);
    await page.click('a[href="/home"]');
    await page.waitForFunction(() => document.querySelector('[data-mfa=totp]')?.innerText.includes('preferred'));
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });
});

describe('leaving or cancelling while a request is pending', () => {
  /** The Cognito requests the page aborted (what Back, Cancel and leaving must do), by operation. */
  function watchAborts(page) {
    const aborted = [];
    page.on('requestfailed', (r) => {
      const target = r.headers()['x-amz-target'];
      if (target && r.failure()?.errorText === 'net::ERR_ABORTED') aborted.push(target.split('.').pop());
    });
    return aborted;
  }
  const abortOf = (page, operation) => page.waitForEvent('requestfailed', {
    predicate: (r) => (r.headers()['x-amz-target'] ?? '').endsWith(`.${operation}`) && r.failure()?.errorText === 'net::ERR_ABORTED',
    timeout: 5_000,
  });

  test('Cancel while signing in aborts the request; the form works at once', async () => {
    const email = await newUser('cancel');
    const page = await openPage();
    const aborted = watchAborts(page);
    await fillSignIn(page, email);
    await injectFault('InitiateAuth', 'hang');
    await page.click('button[type=submit]');
    await page.getByRole('button', { name: 'Signing in…' }).waitFor();
    const abort = abortOf(page, 'InitiateAuth');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await abort;
    await submitEnabled(page);
    assert.equal(await alertText(page), '', 'a cancel is not an error');
    assert.equal(await page.inputValue('#username'), email);
    await page.click('button[type=submit]');
    await page.waitForURL('**/home');
    assert.deepEqual(aborted, ['InitiateAuth']);
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('Back from the code screen aborts the check: a late answer can never sign anyone in', async () => {
    const email = await newSmsUser('back-mfa');
    const page = await openPage();
    await signInToCode(page, email);
    await injectFault('RespondToAuthChallenge', 'delay', { ms: 1_500 });
    await typeCode(page, (await lastDeliveredCode(email)).code);
    const abort = abortOf(page, 'RespondToAuthChallenge');
    await page.getByRole('button', { name: 'Back to sign in' }).click();
    await abort;
    await page.waitForSelector('#username');
    await page.waitForTimeout(2_000); // past the moment the answer would have come
    assert.ok(page.url().endsWith('/login'), `still on the sign-in form, not ${page.url()}`);
    assert.equal(await page.inputValue('#username'), email);
    await passwordAgainToHome(page, email);
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('leaving the sign-in page mid-request aborts it: the answer signs nobody in later', async () => {
    const email = await newUser('leave-login');
    const page = await openPage();
    await fillSignIn(page, email);
    await injectFault('InitiateAuth', 'delay', { ms: 1_500 });
    await page.click('button[type=submit]');
    await page.getByRole('button', { name: 'Signing in…' }).waitFor();
    const abort = abortOf(page, 'InitiateAuth');
    // A client-side navigation elsewhere (the router follows history), as a link would do.
    await page.evaluate(() => {
      history.pushState(null, '', '/somewhere-else');
      dispatchEvent(new PopStateEvent('popstate'));
    });
    await page.getByText('This page could not be found.').waitFor();
    await abort;
    await page.waitForTimeout(2_000);
    assert.ok(page.url().endsWith('/somewhere-else'), `not taken home behind the user's back: ${page.url()}`);
    await page.evaluate(() => {
      history.pushState(null, '', '/home');
      dispatchEvent(new PopStateEvent('popstate'));
    });
    await page.waitForURL('**/login'); // nobody was signed in
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  // The late answer is an error where the old code ran a disposed Callback (a wrong code); the
  // page must abort its request when it goes, whatever the answer would have been.
  for (const { name, operation, start } of [
    { name: 'home while its profile loads', operation: 'GetUser', start: async (page, email) => {
      await fillSignIn(page, email);
      await page.click('button[type=submit]');
      await page.waitForURL('**/home');
      // A client-side navigation, as a link would do.
      return () => page.evaluate(() => {
        history.pushState(null, '', '/setup-2fa');
        dispatchEvent(new PopStateEvent('popstate'));
      });
    } },
    { name: 'set-up while the QR code is made', operation: 'AssociateSoftwareToken', start: async (page) => {
      await page.getByRole('button', { name: 'Generate QR Code' }).click();
      return () => page.goBack();
    } },
    { name: 'set-up while a wrong code is checked', operation: 'VerifySoftwareToken', start: async (page) => {
      const secret = await openAuthenticatorSetup(page, { alreadyThere: true });
      await page.getByRole('button', { name: 'Continue to Verification' }).click();
      await page.waitForSelector('#code');
      await injectFault('VerifySoftwareToken', 'delay', { ms: 1_500 });
      await typeCode(page, wrongCode(secret));
      return () => page.goBack();
    } },
  ]) {
    test(`leaving ${name}: the request is aborted, no panic, and the app still works`, async () => {
      const email = await newUser('leave');
      const page = await openPage();
      if (operation !== 'GetUser') {
        await signInToHome(page, email);
        await page.click('a[href="/setup-2fa"]');
        await page.waitForURL('**/setup-2fa');
      }
      if (operation !== 'VerifySoftwareToken') await injectFault(operation, 'delay', { ms: 1_500 });
      const leave = await start(page, email);
      const abort = abortOf(page, operation);
      await leave();
      await abort;
      await page.waitForTimeout(2_000);
      assert.deepEqual(page.problems, [], 'no panic, no unreachable trap');
      // Still alive: a full set-up works.
      await signInToHome(page, email);
      const secret = await openAuthenticatorSetup(page);
      await page.getByRole('button', { name: 'Continue to Verification' }).click();
      await typeCode(page, freshCode(secret).code);
      await page.getByText('Authenticator setup successful!').waitFor();
      assert.deepEqual(page.problems, []);
      await page.context().close();
    });
  }
});

describe('what Cognito says about sessions and lockouts', () => {
  // Cognito's back-off (1 s after the fifth failure, doubling to 15 min), scaled so a test
  // can be locked out and wait it out: 4 s after the fifth failure.
  before(() => setLockout(4_000, 60_000));
  after(async () => { await setLockout(1_000, 900_000); await resetLockouts(); await setCodeTtl(null); });

  /** Runs `action` and waits for Cognito's answer to it (RespondToAuthChallenge) to be shown. */
  async function answered(page, action, message) {
    const response = page.waitForResponse((r) => (r.request().headers()['x-amz-target'] ?? '').endsWith('.RespondToAuthChallenge'));
    await action();
    await response;
    await waitForAlert(page, message);
    await page.waitForFunction(() => document.querySelector('button[type=submit]')?.getAttribute('aria-busy') === 'false');
  }

  test("repeated wrong passwords: Cognito's back-off is said as such, then the right one works", async () => {
    const email = await newUser('pwlock');
    const page = await openPage();
    await fillSignIn(page, email, 'Wrong-Passw0rd!');
    for (let i = 1; i <= 5; i++) await answered(page, () => page.click('button[type=submit]'), MESSAGES.wrongPassword);
    // Locked now: even the right password is refused, with its own message.
    await page.fill('#password', PASSWORD);
    await page.click('button[type=submit]');
    await waitForAlert(page, MESSAGES.passwordLocked);
    await check(page, 'password locked');
    await submitEnabled(page);
    await page.waitForTimeout(4_300);
    await page.fill('#password', PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForURL('**/home');
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('five wrong codes end the sign-in; the MFA lockout has its own message; then the right code works', async () => {
    const email = await newSmsUser('mfalock');
    const page = await openPage();
    await signInToCode(page, email);
    const { code } = await lastDeliveredCode(email);
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 1; i <= 5; i++) await answered(page, () => typeCode(page, wrong), MESSAGES.wrongCode);
    // The session took five wrong codes: Cognito throws it away, even for the right code now.
    await typeCode(page, code);
    await waitForAlert(page, MESSAGES.signInEnded);
    await page.waitForSelector('#username');
    assert.equal(await page.inputValue('#username'), email, 'the email is kept');
    // A new sign-in: the user's MFA is locked for a while, whatever the code.
    await page.fill('#password', PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForSelector('#code');
    await typeCode(page, (await lastDeliveredCode(email)).code);
    await waitForAlert(page, MESSAGES.mfaLocked);
    await page.waitForSelector('#username');
    await check(page, 'mfa locked');
    await page.waitForTimeout(4_300);
    await passwordAgainToHome(page, email);
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('an expired SMS code is not a used one: it says so and starts the sign-in again', async () => {
    const email = await newSmsUser('expired-sms');
    const page = await openPage();
    await setCodeTtl(1);
    try {
      await signInToCode(page, email);
      const { code } = await lastDeliveredCode(email);
      await page.waitForTimeout(1_500);
      await typeCode(page, code);
      await waitForAlert(page, MESSAGES.codeExpired);
      await check(page, 'sms code expired');
      assert.ok(!(await alertText(page)).includes('already used'));
      await page.waitForSelector('#username');
      assert.equal(await page.inputValue('#username'), email);
    } finally {
      await setCodeTtl(null);
    }
    await passwordAgainToHome(page, email);
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('a used-up sign-in session sends the user back to sign in, saying so', async () => {
    const email = await newSmsUser('dead');
    const page = await openPage();
    await signInToCode(page, email);
    await injectFault('RespondToAuthChallenge', 'error', { error: 'NotAuthorizedException', message: 'Invalid session for the user, session can only be used once.' });
    await typeCode(page, (await lastDeliveredCode(email)).code);
    await waitForAlert(page, MESSAGES.signInEnded);
    await page.waitForSelector('#username');
    assert.equal(await page.inputValue('#username'), email, 'the email is kept');
    await check(page, 'sign-in ended');
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });
});
