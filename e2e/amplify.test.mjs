// local-cognito driven by Amplify JS v6 (`aws-amplify`), unmodified: the client most web teams use.
// Every Cognito flow Amplify offers outside a browser runs against the stand-in here; what a
// browser alone can do is left out: signInWithRedirect (the hosted UI, which the stand-in does not
// serve) and passkeys (associateWebAuthnCredential needs navigator.credentials; see
// passkeys.test.mjs for passkeys in Chromium).
//
// Amplify is a process-wide singleton holding one signed-in user, so the tests run one after
// another (node:test's default inside a file) and each starts signed out.
import { after, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Amplify } from 'aws-amplify';
import * as auth from 'aws-amplify/auth';
import { cognitoUserPoolsTokenProvider } from 'aws-amplify/auth/cognito';
import { Hub } from 'aws-amplify/utils';
import {
  CLIENT_ID, COGNITO_URL, PASSWORD, POOL_ID, cognito, currentStep, deliveredCodes, freshCode,
  lastDeliveredCode, newSmsUser, newUser, totpAtStep, withMfaRequired, wrongCode,
} from './lib.mjs';

// Node 20 has no `navigator` (Node 21+ does). Amplify names a new device after
// navigator.userAgent, and when that throws it skips ConfirmDevice without a word, so device
// tracking would silently never start. An app on Node 20 needs the same one line.
globalThis.navigator ??= { userAgent: 'node' };

// Amplify keeps tokens in localStorage, or in memory where there is none (Node). This store is the
// same in-memory kind, but visible, so a test can see which refresh token Amplify holds.
const stored = new Map();
const memoryStorage = {
  setItem: async (key, value) => { stored.set(key, value); },
  getItem: async (key) => stored.get(key) ?? null,
  removeItem: async (key) => { stored.delete(key); },
  clear: async () => { stored.clear(); },
};
const storedRefreshToken = () => [...stored].find(([key]) => key.endsWith('.refreshToken'))?.[1];

/** Points Amplify at a pool of the stand-in (once per pool: every configure logs a warning about
 * the custom endpoint). Amplify.configure puts back its default token storage, so ours goes in
 * after it. */
let configuredFor;
function configure(userPoolId = POOL_ID, userPoolClientId = CLIENT_ID) {
  if (configuredFor === userPoolClientId) return;
  Amplify.configure({ Auth: { Cognito: { userPoolId, userPoolClientId, userPoolEndpoint: COGNITO_URL } } });
  cognitoUserPoolsTokenProvider.setKeyValueStorage(memoryStorage);
  configuredFor = userPoolClientId;
}

const payload = (jwt) => JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString());
const freshEmail = (prefix) => `${prefix}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.com`;
/** A 6-digit code that is none of the codes a user was sent. */
const notSent = (codes) => ['000000', '111111', '222222'].find((c) => !codes.some((d) => d.code === c));
const codesFor = async (email, purpose) => (await deliveredCodes(email)).filter((c) => c.purpose === purpose);

async function signedInUser() {
  return auth.getCurrentUser().then((u) => u, (e) => e.name);
}

describe('Amplify JS v6 against local-cognito', () => {
  beforeEach(async () => {
    configure();
    await auth.signOut();
    assert.equal(await signedInUser(), 'UserUnAuthenticatedException', 'each test starts signed out');
  });
  after(() => auth.signOut());

  test('sign-up, confirmation with the emailed code, SRP sign-in: tokens and current user name the new user', async () => {
    const email = freshEmail('amp-signup');
    const up = await auth.signUp({ username: email, password: PASSWORD, options: { userAttributes: { email } } });
    assert.equal(up.isSignUpComplete, false);
    assert.equal(up.nextStep.signUpStep, 'CONFIRM_SIGN_UP');
    assert.deepEqual(up.nextStep.codeDeliveryDetails, { attributeName: 'email', deliveryMedium: 'EMAIL', destination: 'a***@e***' });
    assert.match(up.userId, /^[0-9a-f-]{36}$/, 'the new user sub');

    const code = await lastDeliveredCode(email);
    assert.equal(code.purpose, 'sign-up confirmation');
    assert.equal(code.destination, email);
    const confirmed = await auth.confirmSignUp({ username: email, confirmationCode: code.code });
    assert.deepEqual(confirmed, { isSignUpComplete: true, nextStep: { signUpStep: 'DONE' } });

    // Amplify's default sign-in is USER_SRP_AUTH: the password never leaves this process.
    const signIn = await auth.signIn({ username: email, password: PASSWORD });
    assert.deepEqual(signIn, { isSignedIn: true, nextStep: { signInStep: 'DONE' } });

    const { tokens, userSub } = await auth.fetchAuthSession();
    assert.equal(userSub, up.userId);
    const id = payload(tokens.idToken.toString());
    assert.equal(id.token_use, 'id');
    assert.equal(id.email, email);
    assert.equal(id.email_verified, true, 'confirming by an emailed code verifies the email');
    assert.equal(id.sub, up.userId);
    assert.equal(id.aud, CLIENT_ID);
    assert.equal(id.iss, `${COGNITO_URL}/${POOL_ID}`);
    assert.deepEqual(tokens.idToken.payload, id, 'Amplify decoded the same claims');
    const access = payload(tokens.accessToken.toString());
    assert.equal(access.token_use, 'access');
    assert.equal(access.client_id, CLIENT_ID);
    assert.equal(access.username, up.userId, 'with email as the sign-in name, the user name is the sub');
    assert.ok(access.exp * 1000 > Date.now());

    assert.deepEqual(await auth.getCurrentUser(), {
      username: up.userId, userId: up.userId, signInDetails: { loginId: email, authFlowType: 'USER_SRP_AUTH' },
    });
    assert.deepEqual(await auth.fetchUserAttributes(), { sub: up.userId, email, email_verified: 'true' });
  });

  test('an unconfirmed user: sign-in asks for confirmation, a resent code works, a wrong one is CodeMismatchException', async () => {
    const email = freshEmail('amp-resend');
    await auth.signUp({ username: email, password: PASSWORD, options: { userAttributes: { email } } });

    // Cognito refuses an unconfirmed user with UserNotConfirmedException; Amplify turns it into a step.
    const early = await auth.signIn({ username: email, password: PASSWORD });
    assert.deepEqual(early, { isSignedIn: false, nextStep: { signInStep: 'CONFIRM_SIGN_UP' } });

    const resent = await auth.resendSignUpCode({ username: email });
    assert.deepEqual(resent, { destination: 'a***@e***', deliveryMedium: 'EMAIL', attributeName: 'email' });
    const codes = await codesFor(email, 'sign-up confirmation');
    assert.equal(codes.length, 2, 'sign-up sent one code, the resend another');

    await assert.rejects(auth.confirmSignUp({ username: email, confirmationCode: notSent(codes) }), {
      name: 'CodeMismatchException', message: 'Invalid verification code provided, please try again.',
    });
    await auth.confirmSignUp({ username: email, confirmationCode: codes.at(-1).code });
    const { UserStatus } = await cognito('AdminGetUser', { UserPoolId: POOL_ID, Username: email });
    assert.equal(UserStatus, 'CONFIRMED');
    assert.equal((await auth.signIn({ username: email, password: PASSWORD })).isSignedIn, true);
  });

  test('autoSignIn after confirmSignUp (Amplify default: SRP with the sign-up password)', async () => {
    const email = freshEmail('amp-auto');
    const up = await withoutHoldingTheProcess(() => auth.signUp({ username: email, password: PASSWORD, options: { userAttributes: { email }, autoSignIn: true } }));
    assert.equal(up.nextStep.signUpStep, 'CONFIRM_SIGN_UP');
    const confirmed = await auth.confirmSignUp({ username: email, confirmationCode: (await lastDeliveredCode(email)).code });
    assert.deepEqual(confirmed, { isSignUpComplete: true, nextStep: { signUpStep: 'COMPLETE_AUTO_SIGN_IN' } });
    assert.deepEqual(await auth.autoSignIn(), { isSignedIn: true, nextStep: { signInStep: 'DONE' } });
    assert.equal((await auth.getCurrentUser()).signInDetails.loginId, email);
  });

  // ConfirmSignUp answers a `Session` that InitiateAuth USER_AUTH accepts in place of a first
  // factor ("sign in a user directly from the sign-up process", API reference, InitiateAuth
  // `Session` / ConfirmSignUpResponse `Session`), so autoSignIn ends signed in with no challenge.
  test('autoSignIn with USER_AUTH signs in with the session ConfirmSignUp returns', async () => {
    const email = freshEmail('amp-auto-ua');
    await withoutHoldingTheProcess(() => auth.signUp({
      username: email, password: PASSWORD, options: { userAttributes: { email }, autoSignIn: { authFlowType: 'USER_AUTH' } },
    }));
    await auth.confirmSignUp({ username: email, confirmationCode: (await lastDeliveredCode(email)).code });
    // Amplify debounces autoSignIn by 300 ms process-wide: a second call that soon after the
    // previous test's is dropped and never settles.
    await new Promise((ok) => setTimeout(ok, 350));
    assert.deepEqual(await auth.autoSignIn(), { isSignedIn: true, nextStep: { signInStep: 'DONE' } });
  });

  test('TOTP: set-up with a computed code, preference, then sign-in asks for and accepts a fresh code', async () => {
    const email = await newUser('amp-totp');
    await auth.signIn({ username: email, password: PASSWORD });
    const { sub } = await auth.fetchUserAttributes();
    assert.equal((await auth.fetchMFAPreference()).enabled, undefined, 'no MFA yet');

    const setup = await auth.setUpTOTP();
    assert.match(setup.sharedSecret, /^[A-Z2-7]{32}$/, 'a base32 secret');
    // What an authenticator app scans (as a QR code).
    assert.equal(decodeURIComponent(setup.getSetupUri('Cognito 2FA', email).href),
      `otpauth://totp/Cognito 2FA:${email}?secret=${setup.sharedSecret}&issuer=Cognito 2FA`);
    // Without an account name Amplify labels the entry with the Cognito user name, JSON-quoted
    // (its own doing: setUpTOTP passes JSON.stringify(username)).
    assert.equal(decodeURIComponent(setup.getSetupUri('APP').href), `otpauth://totp/APP:"${sub}"?secret=${setup.sharedSecret}&issuer=APP`);

    await assert.rejects(auth.verifyTOTPSetup({ code: wrongCode(setup.sharedSecret) }), { name: 'EnableSoftwareTokenMFAException' });
    const setupStep = currentStep();
    await auth.verifyTOTPSetup({ code: totpAtStep(setup.sharedSecret, setupStep) });
    await auth.updateMFAPreference({ totp: 'PREFERRED' });
    assert.deepEqual(await auth.fetchMFAPreference(), { preferred: 'TOTP', enabled: ['TOTP'] });

    await auth.signOut();
    const challenged = await auth.signIn({ username: email, password: PASSWORD });
    assert.deepEqual(challenged, { isSignedIn: false, nextStep: { signInStep: 'CONFIRM_SIGN_IN_WITH_TOTP_CODE' } });
    // A wrong code leaves the sign-in open: Amplify keeps its session and the right code still works.
    await assert.rejects(auth.confirmSignIn({ challengeResponse: wrongCode(setup.sharedSecret) }), { name: 'CodeMismatchException' });
    // The set-up code was spent on its 30 s step; a code Cognito accepts once is the next step's.
    const { code } = freshCode(setup.sharedSecret, setupStep);
    assert.deepEqual(await auth.confirmSignIn({ challengeResponse: code }), { isSignedIn: true, nextStep: { signInStep: 'DONE' } });
    assert.equal((await auth.getCurrentUser()).userId, sub);
  });

  test('SMS and email MFA codes at sign-in, and choosing between them', async () => {
    const sms = await newSmsUser('amp-sms');
    const smsStep = await auth.signIn({ username: sms, password: PASSWORD });
    assert.deepEqual(smsStep.nextStep, {
      signInStep: 'CONFIRM_SIGN_IN_WITH_SMS_CODE', codeDeliveryDetails: { deliveryMedium: 'SMS', destination: '+*******0199' },
    });
    const smsCode = await lastDeliveredCode(sms);
    assert.equal(smsCode.medium, 'SMS');
    assert.equal((await auth.confirmSignIn({ challengeResponse: smsCode.code })).isSignedIn, true);
    await auth.signOut();

    const both = await newUser('amp-choose');
    await cognito('AdminUpdateUserAttributes', { UserPoolId: POOL_ID, Username: both, UserAttributes: [{ Name: 'phone_number', Value: '+15555550199' }, { Name: 'phone_number_verified', Value: 'true' }] });
    // Two methods, neither preferred: Cognito asks which (SELECT_MFA_TYPE).
    await cognito('AdminSetUserMFAPreference', { UserPoolId: POOL_ID, Username: both, SMSMfaSettings: { Enabled: true }, EmailMfaSettings: { Enabled: true } });
    const choice = await auth.signIn({ username: both, password: PASSWORD });
    assert.deepEqual(choice.nextStep, { signInStep: 'CONTINUE_SIGN_IN_WITH_MFA_SELECTION', allowedMFATypes: ['SMS', 'EMAIL'] });
    const emailStep = await auth.confirmSignIn({ challengeResponse: 'EMAIL' });
    assert.deepEqual(emailStep.nextStep, {
      signInStep: 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE', codeDeliveryDetails: { deliveryMedium: 'EMAIL', destination: 'a***@e***' },
    });
    const emailCode = await lastDeliveredCode(both);
    assert.equal(emailCode.medium, 'EMAIL');
    assert.equal(emailCode.purpose, 'sign-in');
    assert.equal((await auth.confirmSignIn({ challengeResponse: emailCode.code })).isSignedIn, true);
  });

  test('a pool that requires MFA: a user without any sets up TOTP inside sign-in', async () => {
    await withMfaRequired(async () => {
      const email = await newUser('amp-mfa-setup');
      const first = await auth.signIn({ username: email, password: PASSWORD });
      // Cognito offers SMS too (MFAS_CAN_SETUP); Amplify sets up only TOTP and email itself.
      assert.deepEqual(first.nextStep, { signInStep: 'CONTINUE_SIGN_IN_WITH_MFA_SETUP_SELECTION', allowedMFATypes: ['TOTP', 'EMAIL'] });
      const setup = await auth.confirmSignIn({ challengeResponse: 'TOTP' });
      assert.equal(setup.nextStep.signInStep, 'CONTINUE_SIGN_IN_WITH_TOTP_SETUP');
      const secret = setup.nextStep.totpSetupDetails.sharedSecret;
      assert.equal(setup.nextStep.totpSetupDetails.getSetupUri('Cognito 2FA', email).searchParams.get('secret'), secret);
      const done = await auth.confirmSignIn({ challengeResponse: totpAtStep(secret, currentStep()) });
      assert.deepEqual(done, { isSignedIn: true, nextStep: { signInStep: 'DONE' } });
      assert.deepEqual((await auth.fetchMFAPreference()).enabled, ['TOTP']);
    }, { email: true });
  });

  test('a user an administrator created signs in with the temporary password and must choose a new one', async () => {
    const email = freshEmail('amp-temp');
    await cognito('AdminCreateUser', {
      UserPoolId: POOL_ID, Username: email, TemporaryPassword: 'Temp-Passw0rd!', MessageAction: 'SUPPRESS',
      UserAttributes: [{ Name: 'email', Value: email }, { Name: 'email_verified', Value: 'true' }],
    });
    const first = await auth.signIn({ username: email, password: 'Temp-Passw0rd!' });
    assert.deepEqual(first, { isSignedIn: false, nextStep: { signInStep: 'CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED', missingAttributes: [] } });
    assert.equal((await auth.confirmSignIn({ challengeResponse: PASSWORD })).isSignedIn, true);
    assert.equal((await cognito('AdminGetUser', { UserPoolId: POOL_ID, Username: email })).UserStatus, 'CONFIRMED');
    await auth.signOut();
    await assert.rejects(auth.signIn({ username: email, password: 'Temp-Passw0rd!' }), { name: 'NotAuthorizedException' });
    assert.equal((await auth.signIn({ username: email, password: PASSWORD })).isSignedIn, true);
  });

  test('profile: name and phone number, the phone verified by its SMS code, then removed', async () => {
    const email = await newUser('amp-profile');
    await auth.signIn({ username: email, password: PASSWORD });

    const updated = await auth.updateUserAttributes({ userAttributes: { name: 'Somchai Jaidee', phone_number: '+66812345670' } });
    assert.deepEqual(updated.name, { isUpdated: true, nextStep: { updateAttributeStep: 'DONE' } });
    assert.deepEqual(updated.phone_number, {
      isUpdated: false,
      nextStep: {
        updateAttributeStep: 'CONFIRM_ATTRIBUTE_WITH_CODE',
        codeDeliveryDetails: { attributeName: 'phone_number', deliveryMedium: 'SMS', destination: '+*******5670' },
      },
    });
    let attributes = await auth.fetchUserAttributes();
    assert.equal(attributes.name, 'Somchai Jaidee');
    assert.equal(attributes.phone_number, '+66812345670');
    assert.equal(attributes.phone_number_verified, 'false');

    // An attribute the pool's schema lacks is refused, as Cognito does.
    await assert.rejects(auth.updateUserAttributes({ userAttributes: { 'custom:plan': 'gold' } }), { name: 'InvalidParameterException' });

    const resent = await auth.sendUserAttributeVerificationCode({ userAttributeKey: 'phone_number' });
    assert.deepEqual(resent, { attributeName: 'phone_number', deliveryMedium: 'SMS', destination: '+*******5670' });
    const codes = await codesFor(email, 'phone number verification');
    assert.equal(codes.length, 2);
    assert.deepEqual(codes.map((c) => [c.medium, c.destination]), [['SMS', '+66812345670'], ['SMS', '+66812345670']]);
    await assert.rejects(auth.confirmUserAttribute({ userAttributeKey: 'phone_number', confirmationCode: notSent(codes) }), { name: 'CodeMismatchException' });
    await auth.confirmUserAttribute({ userAttributeKey: 'phone_number', confirmationCode: codes.at(-1).code });
    assert.equal((await auth.fetchUserAttributes()).phone_number_verified, 'true');

    await auth.deleteUserAttributes({ userAttributeKeys: ['phone_number'] });
    attributes = await auth.fetchUserAttributes();
    assert.equal(attributes.phone_number, undefined);
    assert.equal(attributes.phone_number_verified, undefined, 'its verified flag goes with it');
    assert.equal(attributes.name, 'Somchai Jaidee');
  });

  test('updatePassword: a wrong old password is refused; afterwards only the new one signs in', async () => {
    const email = await newUser('amp-change');
    await auth.signIn({ username: email, password: PASSWORD });
    await assert.rejects(auth.updatePassword({ oldPassword: 'Wrong-Passw0rd!', newPassword: 'Changed-Passw0rd!' }), {
      name: 'NotAuthorizedException', message: 'Incorrect username or password.',
    });
    await auth.updatePassword({ oldPassword: PASSWORD, newPassword: 'Changed-Passw0rd!' });
    await auth.signOut();
    await assert.rejects(auth.signIn({ username: email, password: PASSWORD }), { name: 'NotAuthorizedException' });
    assert.equal((await auth.signIn({ username: email, password: 'Changed-Passw0rd!' })).isSignedIn, true);
  });

  test('resetPassword with the emailed code; nobody gets the same answer and no code', async () => {
    const email = await newUser('amp-forgot');
    const reset = await auth.resetPassword({ username: email });
    assert.deepEqual(reset, {
      isPasswordReset: false,
      nextStep: { resetPasswordStep: 'CONFIRM_RESET_PASSWORD_WITH_CODE', codeDeliveryDetails: { deliveryMedium: 'EMAIL', destination: 'a***@e***', attributeName: 'email' } },
    });
    const codes = await codesFor(email, 'password reset');
    assert.equal(codes.length, 1);
    await assert.rejects(auth.confirmResetPassword({ username: email, newPassword: 'Reset-Passw0rd!', confirmationCode: notSent(codes) }), { name: 'CodeMismatchException' });
    await auth.confirmResetPassword({ username: email, newPassword: 'Reset-Passw0rd!', confirmationCode: codes[0].code });
    await assert.rejects(auth.signIn({ username: email, password: PASSWORD }), { name: 'NotAuthorizedException' });
    assert.equal((await auth.signIn({ username: email, password: 'Reset-Passw0rd!' })).isSignedIn, true);

    // PreventUserExistenceErrors: an unknown name gets a look-alike answer, not UserNotFoundException.
    const nobody = freshEmail('amp-nobody');
    const fake = await auth.resetPassword({ username: nobody });
    assert.equal(fake.nextStep.resetPasswordStep, 'CONFIRM_RESET_PASSWORD_WITH_CODE');
    assert.equal(fake.nextStep.codeDeliveryDetails.deliveryMedium, 'EMAIL');
    assert.deepEqual(await deliveredCodes(nobody), []);
  });

  test("an administrator's password reset: sign-in answers RESET_PASSWORD; the reset code sent sets a new one", async () => {
    const email = await newUser('amp-admin-reset');
    await cognito('AdminResetUserPassword', { UserPoolId: POOL_ID, Username: email });
    // Cognito answers PasswordResetRequiredException; Amplify turns it into a step (not a throw).
    const signIn = await auth.signIn({ username: email, password: PASSWORD });
    assert.deepEqual(signIn, { isSignedIn: false, nextStep: { signInStep: 'RESET_PASSWORD' } });
    assert.equal(await signedInUser(), 'UserUnAuthenticatedException');

    // AdminResetUserPassword itself emails a code; it finishes the reset like a forgotten password.
    const [code] = await codesFor(email, 'password reset');
    assert.equal(code.medium, 'EMAIL');
    await auth.confirmResetPassword({ username: email, newPassword: 'Admin-Reset-Passw0rd!', confirmationCode: code.code });
    assert.equal((await cognito('AdminGetUser', { UserPoolId: POOL_ID, Username: email })).UserStatus, 'CONFIRMED');
    assert.equal((await auth.signIn({ username: email, password: 'Admin-Reset-Passw0rd!' })).isSignedIn, true);
  });

  test('forced token refresh: Amplify uses GetTokensFromRefreshToken and keeps the rotated refresh token', async () => {
    const email = await newUser('amp-refresh');
    const sent = recordTargets();
    try {
      await auth.signIn({ username: email, password: PASSWORD });
      const before = (await auth.fetchAuthSession()).tokens;
      const firstRefresh = storedRefreshToken();
      assert.ok(firstRefresh);

      const after1 = (await auth.fetchAuthSession({ forceRefresh: true })).tokens;
      // Amplify 6.22 refreshes with GetTokensFromRefreshToken, which a rotating client needs
      // (REFRESH_TOKEN_AUTH there is refused).
      assert.deepEqual(sent.filter((t) => /Refresh|InitiateAuth/.test(t)), ['InitiateAuth', 'GetTokensFromRefreshToken']);
      assert.notEqual(after1.accessToken.payload.jti, before.accessToken.payload.jti, 'a new access token');
      assert.notEqual(after1.idToken.payload.jti, before.idToken.payload.jti, 'a new id token');
      assert.equal(after1.idToken.payload.email, email);
      assert.equal(after1.accessToken.payload.sub, before.accessToken.payload.sub);
      const rotated = storedRefreshToken();
      assert.notEqual(rotated, firstRefresh, 'rotation: Amplify stored the new refresh token');

      // The rotated token is the one that works from now on.
      const after2 = (await auth.fetchAuthSession({ forceRefresh: true })).tokens;
      assert.notEqual(after2.accessToken.payload.jti, after1.accessToken.payload.jti);
      assert.notEqual(storedRefreshToken(), rotated);
      assert.equal((await auth.getCurrentUser()).signInDetails.loginId, email, 'still signed in');
    } finally {
      sent.stop();
    }
  });

  test('after an administrator signs the user out everywhere, the next refresh signs Amplify out', async () => {
    const email = await newUser('amp-revoked');
    await auth.signIn({ username: email, password: PASSWORD });
    await cognito('AdminUserGlobalSignOut', { UserPoolId: POOL_ID, Username: email });

    const failures = [];
    const stop = Hub.listen('auth', ({ payload: p }) => { if (p.event === 'tokenRefresh_failure') failures.push(p.data.error); });
    try {
      const session = await auth.fetchAuthSession({ forceRefresh: true });
      assert.equal(session.tokens, undefined, 'Amplify dropped the revoked tokens');
    } finally {
      stop();
    }
    assert.equal(failures.length, 1);
    assert.equal(failures[0].name, 'NotAuthorizedException');
    assert.equal(failures[0].message, 'Refresh Token has been revoked');
    assert.equal(await signedInUser(), 'UserUnAuthenticatedException');
  });

  test('signOut revokes the refresh token; a global signOut also ends the access token', async () => {
    const email = await newUser('amp-signout');
    await auth.signIn({ username: email, password: PASSWORD });
    const refreshToken = storedRefreshToken();
    await auth.signOut();
    assert.equal(storedRefreshToken(), undefined, 'nothing left in storage');
    await assert.rejects(cognito('GetTokensFromRefreshToken', { ClientId: CLIENT_ID, RefreshToken: refreshToken }), {
      code: 'NotAuthorizedException', message: 'NotAuthorizedException: Refresh Token has been revoked',
    });

    await auth.signIn({ username: email, password: PASSWORD });
    const accessToken = (await auth.fetchAuthSession()).tokens.accessToken.toString();
    await cognito('GetUser', { AccessToken: accessToken });
    await auth.signOut({ global: true });
    await assert.rejects(cognito('GetUser', { AccessToken: accessToken }), {
      code: 'NotAuthorizedException', message: 'NotAuthorizedException: Access Token has been revoked',
    });
  });

  test('deleteUser: the account is gone; signing in reads as a wrong password', async () => {
    const email = await newUser('amp-delete');
    await auth.signIn({ username: email, password: PASSWORD });
    await auth.deleteUser();
    assert.equal(await signedInUser(), 'UserUnAuthenticatedException', 'deleteUser also signs out');
    assert.equal(storedRefreshToken(), undefined);
    // PreventUserExistenceErrors ENABLED: nobody and a wrong password answer alike.
    await assert.rejects(auth.signIn({ username: email, password: PASSWORD }), {
      name: 'NotAuthorizedException', message: 'Incorrect username or password.',
    });
    await assert.rejects(cognito('AdminGetUser', { UserPoolId: POOL_ID, Username: email }), { code: 'UserNotFoundException' });
  });

  test('USER_AUTH with EMAIL_OTP first: the emailed code signs in, no password', async () => {
    const email = await newUser('amp-email-otp');
    const start = await auth.signIn({ username: email, options: { authFlowType: 'USER_AUTH', preferredChallenge: 'EMAIL_OTP' } });
    assert.deepEqual(start, {
      isSignedIn: false,
      nextStep: { signInStep: 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE', codeDeliveryDetails: { deliveryMedium: 'EMAIL', destination: 'a***@e***' } },
    });
    const code = await lastDeliveredCode(email);
    assert.equal(code.purpose, 'sign-in');
    assert.match(code.code, /^\d{8}$/, 'passwordless email codes have 8 digits');
    await assert.rejects(auth.confirmSignIn({ challengeResponse: '00000000' === code.code ? '11111111' : '00000000' }), { name: 'CodeMismatchException' });
    assert.deepEqual(await auth.confirmSignIn({ challengeResponse: code.code }), { isSignedIn: true, nextStep: { signInStep: 'DONE' } });
    assert.deepEqual((await auth.getCurrentUser()).signInDetails, { loginId: email, authFlowType: 'USER_AUTH' });
    assert.equal((await auth.fetchAuthSession()).tokens.idToken.payload.email, email);
  });

  test('USER_AUTH with SMS_OTP first, for a user with a verified phone', async () => {
    const email = await newUser('amp-sms-otp');
    await cognito('AdminUpdateUserAttributes', { UserPoolId: POOL_ID, Username: email, UserAttributes: [{ Name: 'phone_number', Value: '+66812345671' }, { Name: 'phone_number_verified', Value: 'true' }] });
    const start = await auth.signIn({ username: email, options: { authFlowType: 'USER_AUTH', preferredChallenge: 'SMS_OTP' } });
    assert.deepEqual(start.nextStep, { signInStep: 'CONFIRM_SIGN_IN_WITH_SMS_CODE', codeDeliveryDetails: { deliveryMedium: 'SMS', destination: '+*******5671' } });
    const code = await lastDeliveredCode(email);
    assert.equal(code.destination, '+66812345671');
    assert.equal((await auth.confirmSignIn({ challengeResponse: code.code })).isSignedIn, true);
  });

  test('USER_AUTH without a preferred challenge: Amplify lists the choices; PASSWORD_SRP then the password', async () => {
    const email = await newUser('amp-select');
    const start = await auth.signIn({ username: email, options: { authFlowType: 'USER_AUTH' } });
    // No phone and no passkey: password (plain or SRP) and an emailed code are what this user can do.
    assert.deepEqual(start, {
      isSignedIn: false,
      nextStep: { signInStep: 'CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION', availableChallenges: ['PASSWORD', 'PASSWORD_SRP', 'EMAIL_OTP'] },
    });
    const asked = await auth.confirmSignIn({ challengeResponse: 'PASSWORD_SRP' });
    assert.deepEqual(asked.nextStep, { signInStep: 'CONFIRM_SIGN_IN_WITH_PASSWORD' });
    assert.deepEqual(await auth.confirmSignIn({ challengeResponse: PASSWORD }), { isSignedIn: true, nextStep: { signInStep: 'DONE' } });
    await auth.signOut();

    // Naming PASSWORD_SRP up front with the password goes straight through.
    const direct = await auth.signIn({ username: email, password: PASSWORD, options: { authFlowType: 'USER_AUTH', preferredChallenge: 'PASSWORD_SRP' } });
    assert.deepEqual(direct, { isSignedIn: true, nextStep: { signInStep: 'DONE' } });
  });

  test('flows the demo app client does not allow are refused, and nothing is signed in', async () => {
    const email = await newUser('amp-flows');
    await assert.rejects(auth.signIn({ username: email, password: PASSWORD, options: { authFlowType: 'USER_PASSWORD_AUTH' } }), {
      name: 'InvalidParameterException', message: 'USER_PASSWORD_AUTH flow not enabled for this client',
    });
    // CUSTOM_AUTH needs Lambda triggers; the demo client does not allow it either.
    await assert.rejects(auth.signIn({ username: email, password: PASSWORD, options: { authFlowType: 'CUSTOM_WITH_SRP' } }), { name: 'InvalidParameterException' });
    await assert.rejects(auth.signIn({ username: email, options: { authFlowType: 'CUSTOM_WITHOUT_SRP' } }), { name: 'InvalidParameterException' });
    assert.equal(await signedInUser(), 'UserUnAuthenticatedException');
  });

  test('devices: Amplify confirms the device at sign-in; a remembered one skips TOTP, a forgotten one does not', async () => {
    const poolId = (await cognito('CreateUserPool', {
      PoolName: `amplify-devices-${Date.now()}`, MfaConfiguration: 'OPTIONAL', UsernameAttributes: ['email'],
      DeviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: true },
    })).UserPool.Id;
    await cognito('SetUserPoolMfaConfig', { UserPoolId: poolId, MfaConfiguration: 'OPTIONAL', SoftwareTokenMfaConfiguration: { Enabled: true } });
    const clientId = (await cognito('CreateUserPoolClient', {
      UserPoolId: poolId, ClientName: 'amplify devices', ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    })).UserPoolClient.ClientId;
    const email = freshEmail('amp-device');
    await cognito('AdminCreateUser', { UserPoolId: poolId, Username: email, TemporaryPassword: PASSWORD, MessageAction: 'SUPPRESS', UserAttributes: [{ Name: 'email', Value: email }] });
    await cognito('AdminSetUserPassword', { UserPoolId: poolId, Username: email, Password: PASSWORD, Permanent: true });
    configure(poolId, clientId);

    await auth.signIn({ username: email, password: PASSWORD });
    const { sharedSecret } = await auth.setUpTOTP();
    let step = currentStep();
    await auth.verifyTOTPSetup({ code: totpAtStep(sharedSecret, step) });
    await auth.updateMFAPreference({ totp: 'PREFERRED' });
    await auth.signOut();

    assert.equal((await auth.signIn({ username: email, password: PASSWORD })).nextStep.signInStep, 'CONFIRM_SIGN_IN_WITH_TOTP_CODE');
    const code = freshCode(sharedSecret, step);
    step = code.step;
    assert.equal((await auth.confirmSignIn({ challengeResponse: code.code })).isSignedIn, true);
    await auth.rememberDevice();
    const devices = await auth.fetchDevices();
    assert.equal(devices.length, 1);
    assert.equal(devices[0].name, 'node', 'named after navigator.userAgent');
    assert.equal(devices[0].attributes['dev:device_remembered_status'], 'remembered');
    await auth.signOut();

    // Amplify answers DEVICE_SRP_AUTH with the device's secret: no TOTP asked.
    assert.deepEqual(await auth.signIn({ username: email, password: PASSWORD }), { isSignedIn: true, nextStep: { signInStep: 'DONE' } });
    await auth.forgetDevice();
    assert.deepEqual(await auth.fetchDevices(), []);
    await auth.signOut();
    assert.equal((await auth.signIn({ username: email, password: PASSWORD })).nextStep.signInStep, 'CONFIRM_SIGN_IN_WITH_TOTP_CODE');
  });
});

/** Records the X-Amz-Target of every request Amplify sends, until stop(). */
function recordTargets() {
  const real = globalThis.fetch;
  const targets = [];
  globalThis.fetch = (url, init) => {
    const target = init?.headers && new Headers(init.headers).get('x-amz-target');
    if (target) targets.push(target.replace('AWSCognitoIdentityProviderService.', ''));
    return real(url, init);
  };
  return Object.assign(targets, { stop: () => { globalThis.fetch = real; } });
}

/**
 * signUp with autoSignIn arms a 3-minute give-up timer that Amplify never clears, which would keep
 * this test file's process alive for 3 minutes after the last test. Timers that long armed during
 * `body` are unref'd, so they still fire if the process lives but do not hold it open.
 */
async function withoutHoldingTheProcess(body) {
  const real = globalThis.setTimeout;
  globalThis.setTimeout = (fn, ms, ...args) => {
    const timer = real(fn, ms, ...args);
    if (ms >= 60_000) timer.unref();
    return timer;
  };
  try {
    return await body();
  } finally {
    globalThis.setTimeout = real;
  }
}
