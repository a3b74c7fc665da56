// Shared helpers for the end-to-end tests. The services are started by scripts/test.sh:
// COGNITO_URL = a local-cognito with its default seed (local-cognito/seed.json), APP_URL = the release build of the app
// (built against COGNITO_URL) served with an SPA fallback.
import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';

export const COGNITO_URL = process.env.COGNITO_URL ?? 'http://127.0.0.1:19229';
export const APP_URL = process.env.APP_URL ?? 'http://127.0.0.1:18732';
export const POOL_ID = 'us-east-1_LocalDemo';
export const CLIENT_ID = 'localdemoclient0000000000';
export const PASSWORD = 'E2e-Passw0rd!';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32 → bytes (written here, independently of the Rust code under test). */
export function base32Decode(input) {
  const clean = input.replace(/[\s=]/g, '').toUpperCase();
  let bits = 0, value = 0;
  const out = [];
  for (const ch of clean) {
    const idx = BASE32.indexOf(ch);
    if (idx < 0) throw new Error(`not base32: ${ch}`);
    value = (value << 5) | idx;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** RFC 6238 TOTP, SHA-1, 6 digits, 30 s steps, for the given step number. */
export function totpAtStep(secret, step) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac('sha1', base32Decode(secret)).update(counter).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const value = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(value % 1_000_000).padStart(6, '0');
}

export const currentStep = () => Math.floor(Date.now() / 1000 / 30);

/** A code Cognito accepts once: the current step, or the next one if the current was used. */
export function freshCode(secret, lastUsedStep) {
  const step = Math.max(currentStep(), (lastUsedStep ?? -1) + 1);
  if (step > currentStep() + 1) throw new Error('no fresh TOTP step inside the ±1 window yet');
  return { code: totpAtStep(secret, step), step };
}

/** A 6-digit code that is wrong for every step in Cognito's ±1 window. */
export function wrongCode(secret) {
  const valid = [-1, 0, 1].map((d) => totpAtStep(secret, currentStep() + d));
  for (let n = 0; ; n++) {
    const candidate = String(n).padStart(6, '0');
    if (!valid.includes(candidate)) return candidate;
  }
}

/** Changes how long new sign-in sessions live on the running stand-in. */
export async function setSessionTtl(seconds) {
  const r = await fetch(`${COGNITO_URL}/_local/session-ttl?seconds=${seconds}`, { method: 'POST' });
  if (!r.ok) throw new Error(`session-ttl: ${r.status}`);
}

/** Calls a Cognito operation directly (admin set-up in tests). */
export async function cognito(operation, body, base = COGNITO_URL) {
  const r = await fetch(`${base}/`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-amz-json-1.1', 'X-Amz-Target': `AWSCognitoIdentityProviderService.${operation}` },
    body: JSON.stringify(body),
  });
  const json = await r.json();
  if (!r.ok) throw Object.assign(new Error(`${json.__type}: ${json.message}`), { code: json.__type });
  return json;
}

/** A fresh confirmed user with a unique email, so tests never share state. */
export async function newUser(prefix, base = COGNITO_URL) {
  const email = `${prefix}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.com`;
  await userIn(POOL_ID, email, { email, email_verified: 'true' }, base);
  return email;
}

/** A confirmed user of `pool` named `username`, with these attributes and PASSWORD. */
export async function userIn(pool, username, attributes, base = COGNITO_URL) {
  await cognito('AdminCreateUser', {
    UserPoolId: pool, Username: username, TemporaryPassword: PASSWORD, MessageAction: 'SUPPRESS',
    UserAttributes: Object.entries(attributes).map(([Name, Value]) => ({ Name, Value })),
  }, base);
  await cognito('AdminSetUserPassword', { UserPoolId: pool, Username: username, Password: PASSWORD, Permanent: true }, base);
}

/** Seven digits from the clock: names that do not repeat within a run. */
export const unique = () => `${Date.now() % 1e7}`.padStart(7, '0');

/** Starts a private local-cognito (LOCAL_COGNITO_BIN) with extra arguments; resolves once it answers. */
export async function startStandIn(port, args = []) {
  const bin = process.env.LOCAL_COGNITO_BIN;
  if (!bin) throw new Error('LOCAL_COGNITO_BIN is not set (scripts/test.sh sets it)');
  const child = spawn(bin, ['--port', String(port), ...args], { stdio: ['ignore', 'ignore', 'inherit'] });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`${base}/_local/health`)).ok) return { base, stop: () => stopChild(child) };
    } catch { /* not up yet */ }
    await new Promise((ok) => setTimeout(ok, 100));
  }
  child.kill();
  throw new Error(`local-cognito did not start on ${port}`);
}

function stopChild(child) {
  return new Promise((ok) => { child.once('exit', ok); child.kill('SIGINT'); });
}

/** Every SMS / email code the stand-in "sent" to a user, oldest first. */
export async function deliveredCodes(email) {
  const r = await fetch(`${COGNITO_URL}/_local/codes?email=${encodeURIComponent(email)}`);
  return (await r.json()).codes ?? [];
}

/** The newest SMS / email code the stand-in "sent" to a user. */
export async function lastDeliveredCode(email) {
  const codes = await deliveredCodes(email);
  if (!codes.length) throw new Error(`no code was sent to ${email}`);
  return codes[codes.length - 1];
}

/** Makes the running stand-in fail its next `times` calls of `operation` (see local-cognito --help). */
export async function injectFault(operation, kind, { times = 1, base = COGNITO_URL, ...extra } = {}) {
  const r = await fetch(`${base}/_local/faults`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ operation, kind, times, ...extra }),
  });
  if (!r.ok) throw new Error(`faults: ${r.status} ${await r.text()}`);
}

export async function clearFaults(base = COGNITO_URL) {
  const r = await fetch(`${base}/_local/faults`, { method: 'DELETE' });
  if (!r.ok) throw new Error(`faults: ${r.status}`);
}

/** A fresh user whose sign-in asks for an SMS code (the stand-in "sends" it to /_local/codes). */
export async function newSmsUser(prefix) {
  const email = await newUser(prefix);
  await cognito('AdminUpdateUserAttributes', { UserPoolId: POOL_ID, Username: email, UserAttributes: [{ Name: 'phone_number', Value: '+15555550199' }, { Name: 'phone_number_verified', Value: 'true' }] });
  await cognito('AdminSetUserMFAPreference', { UserPoolId: POOL_ID, Username: email, SMSMfaSettings: { Enabled: true, PreferredMfa: true } });
  return email;
}

async function local(path, method = 'POST') {
  const r = await fetch(`${COGNITO_URL}/_local/${path}`, { method });
  if (!r.ok) throw new Error(`${path}: ${r.status} ${await r.text()}`);
}
/** Lockout back-off on the running stand-in (Cognito: 1 s after five failures, doubling to 15 min). */
export const setLockout = (baseMs, maxMs) => local(`lockout?base_ms=${baseMs}&max_ms=${maxMs}`);
export const resetLockouts = () => local('reset-lockouts');
/** How long SMS / email codes live (`null`: as long as their sign-in session, as Cognito). */
export const setCodeTtl = (seconds) => (seconds == null ? local('code-ttl', 'DELETE') : local(`code-ttl?seconds=${seconds}`));

/**
 * Runs `body` while the demo pool requires MFA (MFA_SETUP for users without any), then puts it
 * back. Email codes stay off unless `email` (then MFA_SETUP offers them next to an app).
 */
export async function withMfaRequired(body, { email = false } = {}) {
  const config = (mfa, emailOn) => ({
    UserPoolId: POOL_ID, MfaConfiguration: mfa, SoftwareTokenMfaConfiguration: { Enabled: true },
    // `Enabled` is the stand-in's switch; Cognito's EmailMfaConfigType has only the message.
    EmailMfaConfiguration: { Enabled: emailOn, Subject: 'Your sign-in code' },
  });
  await cognito('SetUserPoolMfaConfig', config('ON', email));
  try {
    await body();
  } finally {
    await cognito('SetUserPoolMfaConfig', config('OPTIONAL', true));
  }
}

/** Runs `body` while the demo pool requires the attributes `names` (e.g. `['name']`). */
export async function withRequiredAttributes(names, body) {
  await local(`required-attributes?pool=${POOL_ID}&names=${names.join(',')}`);
  try {
    await body();
  } finally {
    await local(`required-attributes?pool=${POOL_ID}`, 'DELETE');
  }
}

/** Lifetimes of newly issued tokens on the running stand-in: `{ access, refresh }` in seconds
 * (either may be left out); `null` puts back each app client's own. */
export const setTokenTtl = (ttl) => {
  if (ttl == null) return local('token-ttl', 'DELETE');
  const q = new URLSearchParams(Object.entries(ttl).map(([k, v]) => [k, String(v)]));
  return local(`token-ttl?${q}`);
};

/**
 * UpdateUserPool on the demo pool with these settings. Like Cognito, UpdateUserPool resets what it
 * is not given: the pool's sign-in policy (choice-based sign-in) is carried over.
 */
export async function updateDemoPool(settings) {
  const { UserPool: pool } = await cognito('DescribeUserPool', { UserPoolId: POOL_ID });
  await cognito('UpdateUserPool', { UserPoolId: POOL_ID, Policies: { SignInPolicy: pool.Policies.SignInPolicy }, ...settings });
}

/** Refresh-token rotation for the demo app client: on with a grace period, or off. */
export async function setRotation({ enabled = true, grace = 10 } = {}) {
  const { UserPoolClient: client } = await cognito('DescribeUserPoolClient', { UserPoolId: POOL_ID, ClientId: CLIENT_ID });
  await cognito('UpdateUserPoolClient', {
    ...client,
    RefreshTokenRotation: enabled ? { Feature: 'ENABLED', RetryGracePeriodSeconds: grace } : { Feature: 'DISABLED' },
  });
}

/** Refresh-token rotation's grace period for the demo app client (rotation stays on). */
export const setRotationGrace = (seconds) => setRotation({ grace: seconds });

/** A code Cognito accepts once, waiting for the next 30 s step when the ±1 window is used up. */
export async function nextCode(secret, lastUsedStep) {
  for (;;) {
    try {
      return freshCode(secret, lastUsedStep);
    } catch {
      await new Promise((ok) => setTimeout(ok, 30_000 - (Date.now() % 30_000) + 50));
    }
  }
}

/** Waits until `check()` (sync or async) is true, polling; fails after `timeout` ms saying `what`. */
export async function until(check, what, timeout = 5000) {
  const end = Date.now() + timeout;
  for (;;) {
    if (await check()) return;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((ok) => setTimeout(ok, 50));
  }
}

/** Whether a Cognito call is refused (with an error whose "Name: message" matches `why`), for
 * polling until something is revoked. */
export const refused = (operation, body, why = /./) => cognito(operation, body).then(() => false, (e) => why.test(String(e.message ?? e)));
