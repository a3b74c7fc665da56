// local-cognito driven by the official amazon-cognito-identity-js, unmodified: if the SDK the
// original app used accepts it, our client talking to it means something.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { AuthenticationDetails, CognitoUser, CognitoUserPool } from 'amazon-cognito-identity-js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLIENT_ID, COGNITO_URL, PASSWORD, POOL_ID, cognito, freshCode, newUser, setSessionTtl, startStandIn, wrongCode } from './lib.mjs';

const pool = new CognitoUserPool({ UserPoolId: POOL_ID, ClientId: CLIENT_ID, endpoint: `${COGNITO_URL}/` });

/** authenticateUser as a promise that tells which callback fired. */
function authenticate(email, password, user = new CognitoUser({ Username: email, Pool: pool })) {
  return authenticateIn(pool, email, password, user);
}

function authenticateIn(userPool, email, password, user = new CognitoUser({ Username: email, Pool: userPool })) {
  return new Promise((resolve) => {
    user.authenticateUser(new AuthenticationDetails({ Username: email, Password: password }), {
      onSuccess: (session) => resolve({ kind: 'success', session, user }),
      onFailure: (err) => resolve({ kind: 'failure', err, user }),
      totpRequired: (name) => resolve({ kind: 'totp', name, user }),
      mfaRequired: (name) => resolve({ kind: 'sms', name, user }),
      mfaSetup: (name) => resolve({ kind: 'mfaSetup', name, user }),
      newPasswordRequired: () => resolve({ kind: 'newPassword', user }),
      selectMFAType: () => resolve({ kind: 'select', user }),
    });
  });
}

function sendTotp(user, code) {
  return new Promise((resolve) => user.sendMFACode(code, {
    onSuccess: (session) => resolve({ kind: 'success', session }),
    onFailure: (err) => resolve({ kind: 'failure', err }),
  }, 'SOFTWARE_TOKEN_MFA'));
}

async function enrol(user) {
  const secret = await new Promise((ok, fail) => user.associateSoftwareToken({ associateSecretCode: ok, onFailure: fail }));
  const wrong = await new Promise((resolve) => user.verifySoftwareToken(wrongCode(secret), 'sdk', { onSuccess: () => resolve(null), onFailure: resolve }));
  assert.equal(wrong?.code, 'EnableSoftwareTokenMFAException');
  const first = freshCode(secret);
  await new Promise((ok, fail) => user.verifySoftwareToken(first.code, 'sdk', { onSuccess: ok, onFailure: fail }));
  await new Promise((ok, fail) => user.setUserMfaPreference(null, { PreferredMfa: true, Enabled: true }, (err) => (err ? fail(err) : ok())));
  return { secret, step: first.step };
}

describe('amazon-cognito-identity-js against local-cognito', () => {
  test('SRP sign-in succeeds with the right password and yields Cognito-shaped tokens', async () => {
    const email = await newUser('sdk-ok');
    const r = await authenticate(email, PASSWORD);
    assert.equal(r.kind, 'success', r.err?.message);
    const id = r.session.getIdToken().decodePayload();
    assert.equal(id.email, email);
    assert.equal(id.token_use, 'id');
    assert.equal(id.aud, CLIENT_ID);
    assert.equal(id.iss, `${COGNITO_URL}/${POOL_ID}`);
    const access = r.session.getAccessToken().decodePayload();
    assert.equal(access.token_use, 'access');
    assert.equal(access.client_id, CLIENT_ID);
    assert.ok(r.session.isValid());
    const jwks = await (await fetch(`${COGNITO_URL}/${POOL_ID}/.well-known/jwks.json`)).json();
    assert.equal(jwks.keys[0].kid, JSON.parse(Buffer.from(r.session.getIdToken().getJwtToken().split('.')[0], 'base64url')).kid);
  });

  test('a wrong password is rejected as Cognito does', async () => {
    const email = await newUser('sdk-wrong');
    const r = await authenticate(email, 'Wrong-Passw0rd!');
    assert.equal(r.kind, 'failure');
    assert.equal(r.err.code, 'NotAuthorizedException');
    assert.equal(r.err.message, 'Incorrect username or password.');
  });

  test('TOTP set-up, then SOFTWARE_TOKEN_MFA with wrong, right and reused codes', async () => {
    const email = await newUser('sdk-totp');
    const first = await authenticate(email, PASSWORD);
    assert.equal(first.kind, 'success');
    let { secret, step } = await enrol(first.user);

    const second = await authenticate(email, PASSWORD);
    assert.equal(second.kind, 'totp');
    const wrong = await sendTotp(second.user, wrongCode(secret));
    assert.equal(wrong.kind, 'failure');
    assert.equal(wrong.err.code, 'CodeMismatchException');
    const right = freshCode(secret, step);
    const ok = await sendTotp(second.user, right.code);
    assert.equal(ok.kind, 'success', ok.err?.message);

    const third = await authenticate(email, PASSWORD);
    assert.equal(third.kind, 'totp');
    const reused = await sendTotp(third.user, right.code);
    assert.equal(reused.kind, 'failure');
    assert.equal(reused.err.code, 'ExpiredCodeException');
  });

  test('a session older than --session-ttl is refused', async () => {
    const email = await newUser('sdk-expiry');
    const first = await authenticate(email, PASSWORD);
    const { secret, step } = await enrol(first.user);
    await setSessionTtl(1);
    try {
      const r = await authenticate(email, PASSWORD);
      assert.equal(r.kind, 'totp');
      await new Promise((ok) => setTimeout(ok, 1600));
      const late = await sendTotp(r.user, freshCode(secret, step).code);
      assert.equal(late.kind, 'failure');
      assert.equal(late.err.code, 'NotAuthorizedException');
      assert.match(late.err.message, /session is expired/);
    } finally {
      await setSessionTtl(180);
    }
  });

  test('a restart with --state keeps an enrolled user and their authenticator', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'local-cognito-state-'));
    const state = join(dir, 'state.json');
    const port = Number(process.env.TEST_STATE_PORT ?? 19239);
    let server = await startStandIn(port, ['--state', state]);
    try {
      const privatePool = new CognitoUserPool({ UserPoolId: POOL_ID, ClientId: CLIENT_ID, endpoint: `${server.base}/` });
      const email = await newUser('sdk-restart', server.base);
      const first = await authenticateIn(privatePool, email, PASSWORD);
      assert.equal(first.kind, 'success', first.err?.message);
      const { secret, step } = await enrol(first.user);
      await server.stop();

      server = await startStandIn(port, ['--state', state]);
      const again = await authenticateIn(privatePool, email, PASSWORD);
      assert.equal(again.kind, 'totp', 'MFA survives the restart');
      const ok = await sendTotp(again.user, freshCode(secret, step).code);
      assert.equal(ok.kind, 'success', ok.err?.message);
    } finally {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a remembered device answers DEVICE_SRP_AUTH instead of MFA; a forgotten one does not', async () => {
    const poolId = (await cognito('CreateUserPool', {
      PoolName: `devices-${Date.now()}`, MfaConfiguration: 'OPTIONAL', UsernameAttributes: ['email'],
      DeviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: true },
    })).UserPool.Id;
    await cognito('SetUserPoolMfaConfig', { UserPoolId: poolId, MfaConfiguration: 'OPTIONAL', SoftwareTokenMfaConfiguration: { Enabled: true } });
    const clientId = (await cognito('CreateUserPoolClient', {
      UserPoolId: poolId, ClientName: 'devices', ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    })).UserPoolClient.ClientId;
    const email = `device-${Date.now()}@example.com`;
    await cognito('AdminCreateUser', { UserPoolId: poolId, Username: email, TemporaryPassword: PASSWORD, MessageAction: 'SUPPRESS', UserAttributes: [{ Name: 'email', Value: email }] });
    await cognito('AdminSetUserPassword', { UserPoolId: poolId, Username: email, Password: PASSWORD, Permanent: true });
    const devicePool = new CognitoUserPool({ UserPoolId: poolId, ClientId: clientId, endpoint: `${COGNITO_URL}/` });

    const first = await authenticateIn(devicePool, email, PASSWORD);
    assert.equal(first.kind, 'success', first.err?.message);
    let { secret, step } = await enrol(first.user);

    // Sign in with TOTP; the SDK confirms the new device (ConfirmDevice with its own verifier).
    const user = new CognitoUser({ Username: email, Pool: devicePool });
    const mfa = await authenticateIn(devicePool, email, PASSWORD, user);
    assert.equal(mfa.kind, 'totp');
    let code = freshCode(secret, step);
    step = code.step;
    assert.equal((await sendTotp(user, code.code)).kind, 'success');
    assert.ok(user.deviceKey, 'the SDK received and confirmed a device key');
    await new Promise((ok, fail) => user.setDeviceStatusRemembered({ onSuccess: ok, onFailure: fail }));
    const listed = await new Promise((ok, fail) => user.listDevices(10, null, { onSuccess: ok, onFailure: fail }));
    assert.equal(listed.Devices.length, 1);
    assert.equal(listed.Devices[0].DeviceKey, user.deviceKey);

    // The remembered device proves itself with device SRP: no TOTP asked.
    const remembered = await authenticateIn(devicePool, email, PASSWORD, user);
    assert.equal(remembered.kind, 'success', remembered.err?.message ?? `asked for ${remembered.kind}`);

    // Forget it: gone from the list, and MFA again.
    await new Promise((ok, fail) => user.forgetDevice({ onSuccess: ok, onFailure: fail }));
    const after = await new Promise((ok, fail) => user.listDevices(10, null, { onSuccess: ok, onFailure: fail }));
    assert.equal(after.Devices.length, 0);
    const forgotten = await authenticateIn(devicePool, email, PASSWORD, new CognitoUser({ Username: email, Pool: devicePool }));
    assert.equal(forgotten.kind, 'totp');
  });
});
