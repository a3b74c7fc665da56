// Passkeys on the choice-based sign-in build (SIGN_IN_METHODS with passkey, served at
// PASSWORDLESS_APP_URL on http://localhost, the relying party id the stand-in's demo pool uses),
// with Chromium's virtual authenticator (DevTools protocol WebAuthn domain): a real WebAuthn
// ceremony that local-cognito verifies (signature, challenge, origin, relying party, counter).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage as openPageIn, shoot, typeCode } from './browser.mjs';
import { CLIENT_ID, cognito, deliveredCodes, newUser } from './lib.mjs';

const APP = process.env.PASSWORDLESS_APP_URL;
if (!APP) throw new Error('PASSWORDLESS_APP_URL is not set (scripts/test.sh builds and serves that app)');

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/**
 * A page with a virtual platform authenticator (resident keys, user verification), recording
 * Cognito calls. With the authenticator's UI off, Chromium answers even an autofill (conditional)
 * request at once with a passkey it holds, as if the user picked it in the field's list.
 */
async function pageWithAuthenticator(url = APP) {
  const page = await openPageIn(browser);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
  });
  page.authenticator = { cdp, authenticatorId };
  // Every navigator.credentials.get, as "conditional" (autofill) or "modal".
  await page.addInitScript(() => {
    const get = navigator.credentials.get.bind(navigator.credentials);
    window.__gets = [];
    navigator.credentials.get = (options) => {
      window.__gets.push(options?.mediation === 'conditional' ? 'conditional' : 'modal');
      return get(options);
    };
  });
  page.calls = [];
  page.on('request', (r) => {
    const target = r.headers()['x-amz-target'];
    if (target) page.calls.push({ op: target.split('.').pop(), body: JSON.parse(r.postData() ?? '{}') });
  });
  await page.goto(`${url}/login`);
  await page.waitForSelector('#prerendered', { state: 'detached' });
  return page;
}

/** Waits until Cognito has been answered with a passkey, then for home. */
async function passkeySignInLands(page) {
  for (let i = 0; i < 100 && !page.calls.some((c) => c.body.ChallengeName === 'WEB_AUTHN'); i += 1) await page.waitForTimeout(100);
  await page.waitForURL('**/home');
  await page.waitForSelector('.email');
}

async function signInWithEmailCode(page, email) {
  const before_ = (await deliveredCodes(email)).length;
  await page.fill('#email', email);
  await page.getByRole('button', { name: 'Email me a sign-in code' }).click();
  await page.getByRole('heading', { name: 'Enter your sign-in code' }).waitFor();
  let codes;
  for (let i = 0; i < 50 && (codes = await deliveredCodes(email)).length <= before_; i += 1) await page.waitForTimeout(100);
  await typeCode(page, codes.at(-1).code);
  await page.waitForURL('**/home');
}

describe('passkeys', () => {
  test('added after a sign-in; "Sign in with a passkey" is two calls and no code, and says so when this device has none; deleted, it is gone', async () => {
    const email = await newUser('passkey');
    const page = await pageWithAuthenticator();
    await signInWithEmailCode(page, email);
    // Offered once after signing in, to a user who has none.
    await page.getByText('Sign in faster next time').waitFor();
    await shoot(page, 'passkey-offer');
    await page.locator('.passkey-offer').getByRole('button', { name: 'Add a passkey' }).click();
    await page.getByText('Passkey added.').waitFor();
    await page.locator('li.passkey').waitFor();
    assert.equal(await page.locator('li.passkey').count(), 1);
    assert.equal(await page.locator('.passkey-offer').count(), 0, 'no offer once there is one');
    const { cdp, authenticatorId } = page.authenticator;
    const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
    assert.equal(credentials.length, 1, 'the authenticator holds the passkey');
    assert.equal(credentials[0].rpId, 'localhost');
    await shoot(page, 'passkeys');

    // Signed out, on a device without the passkey (the autofill request finds none either).
    await cdp.send('WebAuthn.clearCredentials', { authenticatorId });
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.waitForURL('**/login');
    await page.waitForSelector('#email');
    page.calls.length = 0;
    await page.fill('#email', email);
    await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
    await page.getByRole('heading', { name: 'Sign in with your passkey' }).waitFor();
    await page.getByText('No passkey was used').waitFor();
    await shoot(page, 'passkey-not-used');
    // Back on a device with it: "Try again" asks the browser again, with the same challenge.
    await cdp.send('WebAuthn.addCredential', { authenticatorId, credential: credentials[0] });
    await page.getByRole('button', { name: 'Try again' }).click();
    await page.waitForURL('**/home');
    const signIn = page.calls.filter((c) => c.op === 'InitiateAuth' || c.op === 'RespondToAuthChallenge');
    assert.deepEqual(signIn.map((c) => c.body.AuthFlow ?? c.body.ChallengeName), ['USER_AUTH', 'WEB_AUTHN']);
    assert.equal(signIn[0].body.AuthParameters.PREFERRED_CHALLENGE, 'WEB_AUTHN');
    assert.equal(signIn[0].body.AuthParameters.USERNAME, email);
    const assertion = JSON.parse(signIn[1].body.ChallengeResponses.CREDENTIAL);
    assert.equal(assertion.type, 'public-key');
    assert.ok(assertion.response.signature && assertion.response.authenticatorData && assertion.response.clientDataJSON);

    // The same assertion again, on a new sign-in (a new challenge): refused by local-cognito.
    const again = await cognito('InitiateAuth', { AuthFlow: 'USER_AUTH', ClientId: CLIENT_ID, AuthParameters: { USERNAME: email, PREFERRED_CHALLENGE: 'WEB_AUTHN' } });
    const replay = await fetch(`${process.env.COGNITO_URL ?? 'http://127.0.0.1:19229'}/`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-amz-json-1.1', 'X-Amz-Target': 'AWSCognitoIdentityProviderService.RespondToAuthChallenge' },
      body: JSON.stringify({ ClientId: CLIENT_ID, ChallengeName: 'WEB_AUTHN', Session: again.Session, ChallengeResponses: { USERNAME: email, CREDENTIAL: signIn[1].body.ChallengeResponses.CREDENTIAL } }),
    });
    assert.equal(replay.status, 400, 'a replayed assertion is refused');
    assert.match((await replay.json()).message, /challenge/i, 'for its challenge (not only its counter)');

    // Delete it on home.
    await page.locator('li.passkey').getByRole('button', { name: 'Delete' }).click();
    await page.getByText('Passkey deleted.').waitFor();
    assert.equal(await page.locator('li.passkey').count(), 0);
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('a user without a passkey is offered the ways the account has', async () => {
    const email = await newUser('passkey-none');
    const page = await pageWithAuthenticator();
    await page.fill('#email', email);
    await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
    await page.getByRole('heading', { name: 'How do you want to sign in?' }).waitFor();
    const choices = await page.locator('.choices button').allInnerTexts();
    assert.ok(!choices.includes('Sign in with a passkey'), choices.join(', '));
    await page.context().close();
  });

  test('autofill: the account whose passkey signed in here is offered in the email field with Cognito\'s challenge; picking it signs in, one gesture', async () => {
    const email = await newUser('passkey-autofill');
    const page = await pageWithAuthenticator();
    await signInWithEmailCode(page, email);
    await page.locator('.passkey-offer').getByRole('button', { name: 'Add a passkey' }).click();
    await page.getByText('Passkey added.').waitFor();
    // Signed out, the sign-in page's autofill request gets the passkey at once (the virtual
    // authenticator "picks" it): nobody remembered yet, so the pick says whose it is and that
    // account signs in with Cognito's challenge, the browser asked twice. From then on this
    // browser remembers it.
    page.calls.length = 0;
    await page.evaluate(() => { window.__gets.length = 0; });
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await passkeySignInLands(page);
    assert.deepEqual(await page.evaluate(() => window.__gets), ['conditional', 'modal'], 'two picks for an account not remembered');
    // Next time: the page asks Cognito for that account's challenge on its own (nothing typed),
    // and the picked passkey answers it: one challenge, one answer, one pick.
    page.calls.length = 0;
    await page.evaluate(() => { window.__gets.length = 0; });
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await passkeySignInLands(page);
    assert.deepEqual(await page.evaluate(() => window.__gets), ['conditional'], 'one pick');
    assert.equal(await page.locator('.email').innerText(), email);
    const ops = page.calls.filter((c) => c.op === 'InitiateAuth' || c.op === 'RespondToAuthChallenge');
    assert.deepEqual(ops.map((c) => c.body.AuthFlow ?? c.body.ChallengeName), ['USER_AUTH', 'WEB_AUTHN']);
    // The account as the pick named it (its sub, from the passkey's user handle).
    const { credentials } = await page.authenticator.cdp.send('WebAuthn.getCredentials', { authenticatorId: page.authenticator.authenticatorId });
    const sub = Buffer.from(credentials[0].userHandle, 'base64').toString('utf8');
    assert.equal(ops[0].body.AuthParameters.USERNAME, sub, 'the remembered account');
    assert.equal(ops[0].body.AuthParameters.PREFERRED_CHALLENGE, 'WEB_AUTHN');
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('autofill with no account remembered: the pick says whose passkey it is, and that account signs in with Cognito\'s challenge', async () => {
    const email = await newUser('passkey-autofill-new');
    const first = await pageWithAuthenticator();
    await signInWithEmailCode(first, email);
    await first.locator('.passkey-offer').getByRole('button', { name: 'Add a passkey' }).click();
    await first.getByText('Passkey added.').waitFor();
    const { credentials } = await first.authenticator.cdp.send('WebAuthn.getCredentials', { authenticatorId: first.authenticator.authenticatorId });
    await first.context().close();

    // Another browser profile (nothing remembered) whose authenticator holds that passkey.
    const page = await openPageIn(browser);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
    });
    await cdp.send('WebAuthn.addCredential', { authenticatorId, credential: credentials[0] });
    await page.addInitScript(() => {
      const get = navigator.credentials.get.bind(navigator.credentials);
      window.__gets = [];
      navigator.credentials.get = (options) => {
        window.__gets.push(options?.mediation === 'conditional' ? 'conditional' : 'modal');
        return get(options);
      };
    });
    const calls = [];
    page.on('request', (r) => {
      const target = r.headers()['x-amz-target'];
      if (target) calls.push({ op: target.split('.').pop(), body: JSON.parse(r.postData() ?? '{}') });
    });
    await page.goto(`${APP}/login`);
    await page.waitForURL('**/home');
    assert.equal(await page.locator('.email').innerText(), email);
    const ops = calls.filter((c) => c.op === 'InitiateAuth' || c.op === 'RespondToAuthChallenge');
    assert.deepEqual(ops.map((c) => c.body.AuthFlow ?? c.body.ChallengeName), ['USER_AUTH', 'WEB_AUTHN'], 'the throwaway pick is never sent');
    assert.deepEqual(await page.evaluate(() => window.__gets), ['conditional', 'modal']);
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });
});
