// Passkeys on the choice-based sign-in build (SIGN_IN_METHODS with passkey, served at
// PASSWORDLESS_APP_URL on http://localhost, the relying party id the stand-in's demo pool uses),
// with Chromium's virtual authenticator (DevTools protocol WebAuthn domain): a real WebAuthn
// ceremony that local-cognito verifies (signature, challenge, origin, relying party, counter).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, createPrivateKey, sign } from 'node:crypto';
import { check, launch, openPage as openPageIn, shoot, typeCode } from './browser.mjs';
import { CLIENT_ID, COGNITO_URL, PASSWORD, POOL_ID, cognito, deliveredCodes, newUser } from './lib.mjs';

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
    window.__rpIds = [];
    navigator.credentials.get = (options) => {
      window.__gets.push(options?.mediation === 'conditional' ? 'conditional' : 'modal');
      window.__rpIds.push(options?.publicKey?.rpId ?? null);
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

/** Waits for a code sent to `email` after the `before`th, and types it. */
async function typeNewCode(page, email, before) {
  let codes;
  for (let i = 0; i < 50 && (codes = await deliveredCodes(email)).length <= before; i += 1) await page.waitForTimeout(100);
  await typeCode(page, codes.at(-1).code);
}

async function signInWithEmailCode(page, email) {
  const before_ = (await deliveredCodes(email)).length;
  await page.fill('#username', email);
  await page.getByRole('button', { name: 'Email me a sign-in code' }).click();
  await page.getByRole('heading', { name: 'Enter your sign-in code' }).waitFor();
  await typeNewCode(page, email, before_);
  await page.waitForURL('**/home');
}


/** A new account signed in by an emailed code that took the offer and added a passkey. */
async function signedInWithPasskey(label) {
  const email = await newUser(label);
  const page = await pageWithAuthenticator();
  await signInWithEmailCode(page, email);
  await page.locator('.passkey-offer').getByRole('button', { name: 'Add a passkey' }).click();
  await page.getByText('Passkey added.').waitFor();
  return { email, page };
}

/**
 * An assertion for `credential` (as the virtual authenticator holds it, private key included)
 * over Cognito's challenge in `options`, made here rather than by a browser, so its client data
 * can say what a browser never would (another origin). Signed as an authenticator signs:
 * ECDSA P-256 over authenticatorData ‖ SHA-256(clientDataJSON) (W3C WebAuthn L3 §6.3.3).
 */
function assertionFor(credential, options, { origin, counter, rpId = 'localhost' }) {
  const b64url = (b) => Buffer.from(b).toString('base64url');
  const clientDataJSON = Buffer.from(JSON.stringify({ type: 'webauthn.get', challenge: options.challenge, origin, crossOrigin: false }));
  const count = Buffer.alloc(4);
  count.writeUInt32BE(counter);
  // rpIdHash, flags UP | UV, sign count.
  const authenticatorData = Buffer.concat([createHash('sha256').update(rpId).digest(), Buffer.from([0x05]), count]);
  const key = createPrivateKey({ key: Buffer.from(credential.privateKey, 'base64'), format: 'der', type: 'pkcs8' });
  const signature = sign('sha256', Buffer.concat([authenticatorData, createHash('sha256').update(clientDataJSON).digest()]), key);
  const id = b64url(Buffer.from(credential.credentialId, 'base64'));
  return JSON.stringify({
    id, rawId: id, type: 'public-key', authenticatorAttachment: 'platform', clientExtensionResults: {},
    response: { clientDataJSON: b64url(clientDataJSON), authenticatorData: b64url(authenticatorData), signature: b64url(signature), userHandle: b64url(Buffer.from(credential.userHandle, 'base64')) },
  });
}

/** RespondToAuthChallenge with a passkey assertion, straight to the stand-in: the raw answer. */
async function answerWithPasskey(email, credentialJson) {
  const started = await cognito('InitiateAuth', { AuthFlow: 'USER_AUTH', ClientId: CLIENT_ID, AuthParameters: { USERNAME: email, PREFERRED_CHALLENGE: 'WEB_AUTHN' } });
  const options = JSON.parse(started.ChallengeParameters.CREDENTIAL_REQUEST_OPTIONS);
  const r = await fetch(`${COGNITO_URL}/`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-amz-json-1.1', 'X-Amz-Target': 'AWSCognitoIdentityProviderService.RespondToAuthChallenge' },
    body: JSON.stringify({ ClientId: CLIENT_ID, ChallengeName: 'WEB_AUTHN', Session: started.Session, ChallengeResponses: { USERNAME: email, CREDENTIAL: credentialJson(options) } }),
  });
  return { status: r.status, body: await r.json() };
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
    await page.waitForSelector('#username');
    page.calls.length = 0;
    await page.fill('#username', email);
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
    const replay = await fetch(`${COGNITO_URL}/`, {
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
    await page.fill('#username', email);
    await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
    await page.getByRole('heading', { name: 'How do you want to sign in?' }).waitFor();
    const choices = await page.locator('.choices button').allInnerTexts();
    assert.ok(!choices.includes('Sign in with a passkey'), choices.join(', '));
    // Signed in, it is offered one, once: not again after a reload.
    await page.getByRole('button', { name: 'Back to sign in' }).click();
    await signInWithEmailCode(page, email);
    await page.locator('.passkey-offer').waitFor();
    await page.reload();
    await page.getByText('No passkeys yet.').waitFor();
    assert.equal(await page.locator('.passkey-offer').count(), 0, 'a restored session is no new sign-in');
    await page.context().close();
  });

  test('autofill: the account whose passkey signed in here is offered in the email field with Cognito\'s challenge; picking it signs in, one gesture', async () => {
    const { email, page } = await signedInWithPasskey('passkey-autofill');
    // Signed out, the sign-in page's autofill request gets the passkey at once (the virtual
    // authenticator "picks" it): nobody remembered yet, so the pick says whose it is and that
    // account signs in with Cognito's challenge, the browser asked twice. From then on this
    // browser remembers it.
    page.calls.length = 0;
    await page.evaluate(() => { window.__gets.length = 0; window.__rpIds.length = 0; });
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await passkeySignInLands(page);
    assert.deepEqual(await page.evaluate(() => window.__gets), ['conditional', 'modal'], 'two picks for an account not remembered');
    assert.deepEqual(await page.evaluate(() => window.__rpIds), ['localhost', 'localhost'], "the first, before Cognito names it, from PASSKEY_RP_ID");
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
    const { email, page: first } = await signedInWithPasskey('passkey-autofill-new');
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
  test('a passkey for another site is refused: by the browser, in the user\'s words, when the pool\'s relying party is not this site; by local-cognito, for an assertion from another origin', async () => {
    const { email, page } = await signedInWithPasskey('passkey-origin');
    const { cdp, authenticatorId } = page.authenticator;
    const [credential] = (await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials;

    // A pool whose relying party is another domain: the browser refuses before any passkey is
    // looked at (SecurityError), and the page says the settings do not match this site.
    await cdp.send('WebAuthn.clearCredentials', { authenticatorId });
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.waitForURL('**/login');
    await page.waitForSelector('#username');
    await page.route(`${COGNITO_URL}/`, async (route) => {
      const response = await route.fetch();
      const body = await response.json();
      const options = body.ChallengeParameters?.CREDENTIAL_REQUEST_OPTIONS;
      if (options) body.ChallengeParameters.CREDENTIAL_REQUEST_OPTIONS = JSON.stringify({ ...JSON.parse(options), rpId: 'example.com' });
      await route.fulfill({ response, json: body });
    });
    await page.fill('#username', email);
    await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
    await page.getByRole('heading', { name: 'Sign in with your passkey' }).waitFor();
    await page.getByText("The passkey settings of this sign-in service do not match this site's address.").waitFor();
    assert.equal(await page.locator('[role=alert]').filter({ hasText: 'do not match' }).count(), 1, 'announced');
    await check(page, 'passkey for another site');
    assert.match(page.url(), /\/login$/);
    await page.context().close();

    // Signed for another origin with the user's real key: the signature is good, the origin is
    // not this relying party's. Made the same way for this site's origin, it signs in, so the
    // refusal is the origin's.
    let counter = credential.signCount + 1;
    const good = await answerWithPasskey(email, (o) => assertionFor(credential, o, { origin: new URL(APP).origin, counter: counter++ }));
    assert.equal(good.status, 200, JSON.stringify(good.body));
    assert.ok(good.body.AuthenticationResult?.AccessToken, 'signed in with an assertion made for this site');
    const phished = await answerWithPasskey(email, (o) => assertionFor(credential, o, { origin: 'https://sign-in.example.net', counter: counter++ }));
    assert.equal(phished.status, 400);
    assert.equal(phished.body.__type, 'NotAuthorizedException');
    assert.match(phished.body.message, /origin/i);
    const otherRp = await answerWithPasskey(email, (o) => assertionFor(credential, o, { origin: new URL(APP).origin, counter: counter++, rpId: 'example.net' }));
    assert.equal(otherRp.status, 400, 'a passkey of another relying party');
    assert.match(otherRp.body.message, /relying party/i);
  });
  test('passkey MFA: an account with MFA lets its passkey stand in for the code after a step-up, and the passkey then signs in without one', async () => {
    const { email, page } = await signedInWithPasskey('passkey-mfa');
    assert.equal(await page.getByRole('group', { name: 'Passkey instead of a code' }).count(), 0, 'nothing to stand in for without MFA');
    // Email MFA on (as from elsewhere): Cognito no longer lets the passkey in alone.
    await cognito('AdminSetUserMFAPreference', { UserPoolId: POOL_ID, Username: email, EmailMfaSettings: { Enabled: true, PreferredMfa: true } });
    const offered = await cognito('InitiateAuth', { AuthFlow: 'USER_AUTH', ClientId: CLIENT_ID, AuthParameters: { USERNAME: email, PREFERRED_CHALLENGE: 'WEB_AUTHN' } });
    assert.equal(offered.ChallengeName, 'SELECT_CHALLENGE', 'no passkey alone for an account with MFA');
    assert.ok(!offered.AvailableChallenges.includes('WEB_AUTHN'), offered.AvailableChallenges.join(', '));
    await page.reload();
    const group = page.getByRole('group', { name: 'Passkey instead of a code' });
    await group.getByText('Let a passkey sign you in without a code').waitFor();

    // Turning it on is one more way past the code: a step-up (password, then the emailed code) first.
    page.calls.length = 0;
    await group.getByRole('button', { name: 'Turn on' }).click();
    await page.waitForURL('**/confirm-identity');
    await page.getByRole('heading', { name: "Confirm it's you" }).waitFor();
    const sent = (await deliveredCodes(email)).length;
    await page.fill('#password', PASSWORD);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForSelector('#code');
    await typeNewCode(page, email, sent);
    await page.waitForURL('**/home');
    await group.getByText('On: a passkey that checks it').waitFor();
    await page.getByText('Your two-factor authentication settings are saved.').waitFor();
    const set = page.calls.filter((c) => c.op === 'SetUserMFAPreference');
    assert.equal(set.length, 1);
    assert.deepEqual(set[0].body.WebAuthnMfaSettings, { Enabled: true });
    assert.deepEqual(set[0].body.EmailMfaSettings, { Enabled: true, PreferredMfa: true }, 'with the factor it needs, kept preferred');
    await shoot(page, 'passkey-mfa');
    const challenge = await cognito('InitiateAuth', { AuthFlow: 'USER_AUTH', ClientId: CLIENT_ID, AuthParameters: { USERNAME: email, PREFERRED_CHALLENGE: 'WEB_AUTHN' } });
    assert.equal(challenge.ChallengeName, 'WEB_AUTHN');
    assert.equal(JSON.parse(challenge.ChallengeParameters.CREDENTIAL_REQUEST_OPTIONS).userVerification, 'required', 'standing in for the code, the passkey must verify the user');

    // Signed out, the passkey signs in with no code: one challenge (WEB_AUTHN), no EMAIL_OTP.
    page.calls.length = 0;
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await passkeySignInLands(page);
    const ops = page.calls.filter((c) => c.op === 'InitiateAuth' || c.op === 'RespondToAuthChallenge');
    assert.deepEqual(ops.map((c) => c.body.AuthFlow ?? c.body.ChallengeName), ['USER_AUTH', 'WEB_AUTHN']);

    // A passkey now signs in alone, so adding another asks who it is first, even right after
    // signing in (as replacing the authenticator app does).
    page.calls.length = 0;
    await page.getByRole('button', { name: 'Add a passkey' }).first().click();
    await page.waitForURL('**/confirm-identity');
    assert.equal(page.calls.filter((c) => c.op === 'StartWebAuthnRegistration').length, 0, 'no passkey made before the step-up');
    await page.goBack();
    await page.waitForURL('**/home');

    // Off again, with no step-up (it takes a way in away).
    page.calls.length = 0;
    await group.getByRole('button', { name: 'Turn off' }).click();
    await group.getByText('Let a passkey sign you in without a code').waitFor();
    const off = page.calls.filter((c) => c.op === 'SetUserMFAPreference');
    assert.deepEqual(off.map((c) => c.body.WebAuthnMfaSettings), [{ Enabled: false }]);
    assert.equal(off[0].body.EmailMfaSettings, undefined);
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });
  test('adding or deleting a passkey long after signing in asks who it is first, and the account\'s own ways in answer: an emailed code, the passkey itself', async () => {
    // The sign-in is this tab's proof for a few minutes: the offer adds at once.
    const { email, page } = await signedInWithPasskey('passkey-step-up');
    const { cdp, authenticatorId } = page.authenticator;
    assert.match(page.url(), /\/home$/);
    const [first] = (await page.authenticator.cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials;

    // Restored after a reload, the session proves nothing: adding (from another device: this
    // one's authenticator no longer holds the first) asks first.
    await cdp.send('WebAuthn.clearCredentials', { authenticatorId });
    // Until the profile is in, whether adding needs a step-up is not known: the button waits
    // (its GetUser held back here) instead of doing nothing when pressed.
    const slowGetUser = (url) => url.href.startsWith(COGNITO_URL);
    await page.route(slowGetUser, async (route) => {
      if (route.request().headers()['x-amz-target']?.endsWith('.GetUser')) await new Promise((ok) => setTimeout(ok, 1500));
      return route.continue().catch(() => {});
    });
    await page.reload();
    await page.locator('li.passkey').waitFor();
    assert.equal(await page.getByRole('button', { name: 'Add a passkey' }).isDisabled(), true, 'not before the profile');
    await page.unroute(slowGetUser);
    await page.getByRole('button', { name: 'Add a passkey' }).click();
    await page.waitForURL('**/confirm-identity');
    await page.getByRole('heading', { name: "Confirm it's you" }).waitFor();
    assert.equal(await page.inputValue('#username'), email);
    assert.equal(await page.locator('#username').getAttribute('readonly'), '', 'the account is fixed');
    assert.equal(await page.locator('#username').getAttribute('autocomplete'), 'username', 'no passkey autofill on a step-up');
    await shoot(page, 'step-up-choice');
    page.calls.length = 0;
    const sent = (await deliveredCodes(email)).length;
    await page.getByRole('button', { name: 'Email me a sign-in code' }).click();
    await page.getByRole('heading', { name: 'Enter your sign-in code' }).waitFor();
    await typeNewCode(page, email, sent);
    // Back home, one press adds it (a browser may refuse a passkey prompt no press started).
    await page.waitForURL('**/home');
    await page.locator('.passkey-ready').getByRole('button', { name: 'Add a passkey' }).click();
    await page.getByText('Passkey added.').waitFor();
    await page.locator('li.passkey').nth(1).waitFor();
    assert.equal(await page.locator('li.passkey').count(), 2);
    assert.equal(page.calls.filter((c) => c.op === 'RevokeToken').length, 1, "the proof's own session is revoked");
    const proof = page.calls.find((c) => c.op === 'InitiateAuth');
    assert.equal(proof.body.AuthParameters.USERNAME, email);
    assert.equal(proof.body.AuthParameters.PREFERRED_CHALLENGE, 'EMAIL_OTP');
    assert.deepEqual(page.calls.filter((c) => c.op.includes('WebAuthnRegistration')).map((c) => c.op), ['StartWebAuthnRegistration', 'CompleteWebAuthnRegistration']);

    // Deleting the first passkey after another reload: the step-up is answered by the passkey
    // this device holds, then the first one goes.
    await page.reload();
    await page.locator('li.passkey').nth(1).waitFor();
    page.calls.length = 0;
    const firstId = Buffer.from(first.credentialId, 'base64').toString('base64url');
    await page.locator(`li.passkey[data-passkey="${firstId}"]`).getByRole('button', { name: 'Delete' }).click();
    await page.waitForURL('**/confirm-identity');
    // Another account's proof (the fixed email edited in the page) does not count.
    const other = await newUser('passkey-step-up-other');
    await page.evaluate(() => document.querySelector('#username').removeAttribute('readonly'));
    await page.fill('#username', other);
    const otherSent = (await deliveredCodes(other)).length;
    await page.getByRole('button', { name: 'Email me a sign-in code' }).click();
    await page.getByRole('heading', { name: 'Enter your sign-in code' }).waitFor();
    await typeNewCode(page, other, otherSent);
    await page.getByText('That was another account.').waitFor();
    assert.match(page.url(), /\/confirm-identity$/);
    assert.equal(page.calls.filter((c) => c.op === 'DeleteWebAuthnCredential').length, 0);
    assert.equal(await page.inputValue('#username'), email, 'the account to confirm, again');
    page.calls.length = 0;
    await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
    await page.waitForURL('**/home');
    await page.getByText('Passkey deleted.').waitFor();
    assert.equal(await page.locator('li.passkey').count(), 1);
    const deleted = page.calls.filter((c) => c.op === 'DeleteWebAuthnCredential');
    assert.equal(deleted.length, 1);
    assert.equal(deleted[0].body.CredentialId, firstId, 'the one pressed');
    const signIn = page.calls.filter((c) => c.op === 'InitiateAuth' || c.op === 'RespondToAuthChallenge');
    assert.deepEqual(signIn.map((c) => c.body.AuthFlow ?? c.body.ChallengeName), ['USER_AUTH', 'WEB_AUTHN']);
    // Proved a minute ago: the next change goes ahead without asking.
    page.calls.length = 0;
    await page.getByRole('button', { name: 'Delete' }).click();
    await page.locator('li.passkey').waitFor({ state: 'detached' });
    assert.match(page.url(), /\/home$/);
    assert.deepEqual(page.calls.map((c) => c.op), ['DeleteWebAuthnCredential'], 'no step-up, one call');
    await page.getByText('No passkeys yet.').waitFor();
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });
});
