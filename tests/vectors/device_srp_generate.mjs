// generate.mjs — known-answer vectors for Amazon Cognito *device* SRP (remembered devices)
// produced with the official amazon-cognito-identity-js (6.3.21, its CommonJS build lib/).
//
// Usage:   node generate.mjs > device_srp.json
//   (the SDK is loaded through createRequire from the repository's e2e/ folder (npm install there first); override with
//    SDK_BASE=/some/dir/ where `require('amazon-cognito-identity-js')` resolves)
//
// Method (per case):
//  * Randomness: the SDK draws all random bytes through lib/utils/WordArray.random() ->
//    lib/utils/cryptoSecureRandomInt.js -> globalThis.crypto.getRandomValues(new Uint32Array(1)).
//    We replace globalThis.crypto.getRandomValues with a queue of planned bytes (served as
//    big-endian 32-bit words, which is how WordArray turns words back into bytes). The planned bytes
//    are derived from SHA-256 of fixed labels, so every run is identical. An underflow is recorded
//    (never thrown: cryptoSecureRandomInt would swallow the exception and fall back to real
//    crypto.randomBytes) and makes the script fail. The queue must be empty after every flow.
//  * Clock: globalThis.Date is replaced by a subclass whose no-argument constructor returns a fixed
//    instant, so DateHelper.getNowString() formats the fixed clock.
//  * globalThis.navigator is removed before loading the SDK so ConfirmDevice's DeviceName is the
//    constant 'nodejs' on every Node version (Node >= 21 defines navigator).
//  * Network: CognitoUserPool.client is replaced by a simulated Cognito server (mock `request`).
//    The whole real code path is driven twice:
//      sign-in 1: CognitoUser.authenticateUser (USER_SRP_AUTH) -> InitiateAuth -> PASSWORD_VERIFIER
//                 -> AuthenticationResult with NewDeviceMetadata -> SDK generateHashDevice ->
//                 ConfirmDevice (captured: DeviceSecretVerifierConfig {Salt, PasswordVerifier}).
//                 The SDK caches deviceKey / randomPasswordKey / deviceGroupKey in the Storage.
//      sign-in 2: a new CognitoUser on the same Storage: authenticateUser -> InitiateAuth ->
//                 PASSWORD_VERIFIER (SDK adds DEVICE_KEY) -> server answers DEVICE_SRP_AUTH ->
//                 SDK getDeviceResponse -> RespondToAuthChallenge DEVICE_SRP_AUTH {USERNAME,
//                 DEVICE_KEY, SRP_A} (captured) -> server answers DEVICE_PASSWORD_VERIFIER with
//                 SRP_B = (k*v + g^b) mod N (v = the verifier received in ConfirmDevice, fixed b),
//                 SALT = hex of the Salt bytes received in ConfirmDevice, a fixed SECRET_BLOCK ->
//                 RespondToAuthChallenge DEVICE_PASSWORD_VERIFIER (captured ChallengeResponses).
//    The simulated server verifies both PASSWORD_VERIFIER and DEVICE_PASSWORD_VERIFIER signatures
//    with the server-side secret S = (A * v^u)^b mod N; a mismatch fails the flow.
//  * Intermediates (u, x, S, HKDF key, a, A) are read from the SDK's own AuthenticationHelper by
//    wrapping its prototype methods (calculateS, getPasswordAuthenticationKey, generateHashDevice);
//    the wrappers only observe, they call the originals with the original arguments.
//  * Everything is recomputed independently (native BigInt + node:crypto, no SDK code) and
//    asserted equal: verifier, Salt/PasswordVerifier base64, A, u, x, client S, server S, HKDF key,
//    signature, and the ChallengeResponses maps.
//  * Case inputs with a required property (salt top bit, short B, ...) are found by a deterministic
//    search over labelled counters.
import { createRequire } from 'node:module';
import { createHash, createHmac } from 'node:crypto';

// ---------------------------------------------------------------------------------------------
// Environment control (must happen before the SDK is loaded)
// ---------------------------------------------------------------------------------------------
if ('navigator' in globalThis) {
  try { delete globalThis.navigator; } catch { /* ignore */ }
  if ('navigator' in globalThis) {
    Object.defineProperty(globalThis, 'navigator', { value: undefined, configurable: true, writable: true });
  }
}

const RealDate = globalThis.Date;
let FIXED_MS = 0;
class FixedDate extends RealDate {
  constructor(...args) {
    if (args.length === 0) super(FIXED_MS);
    else super(...args);
  }
  static now() { return FIXED_MS; }
}
globalThis.Date = FixedDate;

const rng = { queue: [], offset: 0, underflow: 0, served: 0 };
function rngPush(bytes) { rng.queue.push(Buffer.from(bytes)); }
function rngAssertEmpty(where) {
  if (rng.queue.length !== 0 || rng.underflow !== 0) {
    throw new Error(`random queue not consumed exactly at ${where}: left=${rng.queue.length} underflow=${rng.underflow}`);
  }
}
Object.defineProperty(globalThis.crypto, 'getRandomValues', {
  configurable: true,
  writable: true,
  value(arr) {
    if (!(arr instanceof Uint32Array) || arr.length !== 1) {
      throw new Error('unexpected getRandomValues call shape');
    }
    const head = rng.queue[0];
    if (!head) { rng.underflow++; arr[0] = 0; return arr; }
    arr[0] = head.readUInt32BE(rng.offset);
    rng.offset += 4;
    rng.served += 4;
    if (rng.offset >= head.length) { rng.queue.shift(); rng.offset = 0; }
    return arr;
  },
});

// ---------------------------------------------------------------------------------------------
// Load the SDK
// ---------------------------------------------------------------------------------------------
const SDK_BASE = process.env.SDK_BASE || new URL('../../e2e/', import.meta.url).pathname;
const require = createRequire(SDK_BASE);
const SDK_PKG = require('amazon-cognito-identity-js/package.json');
const sdk = require('amazon-cognito-identity-js'); // -> lib/index.js
const { CognitoUser, CognitoUserPool, AuthenticationDetails, AuthenticationHelper } = sdk;

// Observing wrappers on the SDK's AuthenticationHelper
const AH = AuthenticationHelper.prototype;
const origCalculateS = AH.calculateS;
AH.calculateS = function (xValue, serverBValue, callback) {
  const rec = (this.__rec ||= {});
  rec.x = xValue.toString(16);
  return origCalculateS.call(this, xValue, serverBValue, (err, s) => {
    if (!err) rec.S = s.toString(16);
    callback(err, s);
  });
};
const origGPAK = AH.getPasswordAuthenticationKey;
const pakCalls = [];
AH.getPasswordAuthenticationKey = function (username, password, serverBValue, salt, callback) {
  const helper = this;
  const rec = (this.__rec ||= {});
  Object.assign(rec, {
    poolName: this.poolName, username, password,
    B: serverBValue.toString(16), salt: salt.toString(16),
    a: this.smallAValue.toString(16), A: this.largeAValue.toString(16),
  });
  pakCalls.push(rec);
  return origGPAK.call(this, username, password, serverBValue, salt, (err, hkdf) => {
    if (!err) {
      rec.u = helper.UHexHash;
      rec.hkdf = Buffer.from(hkdf).toString('hex');
    }
    callback(err, hkdf);
  });
};
const origGHD = AH.generateHashDevice;
const hashDeviceCalls = [];
AH.generateHashDevice = function (deviceGroupKey, username, callback) {
  const helper = this;
  return origGHD.call(this, deviceGroupKey, username, (err, res) => {
    hashDeviceCalls.push({
      deviceGroupKey, username,
      randomPassword: helper.getRandomPassword(),
      salt: helper.getSaltDevices(),
      verifier: helper.getVerifierDevices(),
    });
    callback(err, res);
  });
};

// ---------------------------------------------------------------------------------------------
// Independent SRP arithmetic (BigInt + node:crypto only)
// ---------------------------------------------------------------------------------------------
const N_HEX =
  'FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD' +
  'EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED' +
  'EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F' +
  '83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B' +
  'E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA0510' +
  '15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7' +
  'ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200C' +
  'BBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF';
const N = BigInt('0x' + N_HEX);
const g = 2n;
const HKDF_INFO = 'Caldera Derived Key';

function modPow(base, exp, m) {
  let r = 1n;
  let b = ((base % m) + m) % m;
  let e = exp;
  while (e > 0n) {
    if (e & 1n) r = (r * b) % m;
    e >>= 1n;
    b = (b * b) % m;
  }
  return r;
}
const mod = (a, m) => ((a % m) + m) % m;
const hex = (n) => n.toString(16);
const big = (h) => BigInt('0x' + h);
function padHex(n) {
  if (n < 0n) throw new Error('negative');
  let h = n.toString(16);
  if (h.length % 2) h = '0' + h;
  if (/^[89a-f]/.test(h)) h = '00' + h;
  return h;
}
const sha256 = (buf) => createHash('sha256').update(buf).digest();
const hexHash = (h) => sha256(Buffer.from(h, 'hex')).toString('hex');
const hmac = (key, data) => createHmac('sha256', key).update(data).digest();
const k = big(hexHash(padHex(N) + padHex(g)));

function computeX(poolName, userId, password, saltBig) {
  const inner = sha256(Buffer.from(`${poolName}${userId}:${password}`, 'utf8')).toString('hex');
  return hexHash(padHex(saltBig) + inner); // 64 hex digits
}
function hkdfKey(uBig, SBig) {
  const prk = hmac(Buffer.from(padHex(uBig), 'hex'), Buffer.from(padHex(SBig), 'hex'));
  return hmac(prk, Buffer.concat([Buffer.from(HKDF_INFO, 'utf8'), Buffer.from([1])])).subarray(0, 16);
}
function signature(key, poolName, userId, secretBlockB64, timestamp) {
  return hmac(key, Buffer.concat([
    Buffer.from(poolName, 'utf8'), Buffer.from(userId, 'utf8'),
    Buffer.from(secretBlockB64, 'base64'), Buffer.from(timestamp, 'utf8'),
  ])).toString('base64');
}
// server side
function serverB(v, b) { return mod(k * v + modPow(g, b, N), N); }
function serverS(A, v, u, b) { return modPow(mod(A * modPow(v, u, N), N), b, N); }
// client side, independent of the SDK
function clientS(B, x, a, u) { return modPow(mod(B - k * modPow(g, x, N), N), a + u * x, N); }

// ---------------------------------------------------------------------------------------------
// Deterministic bytes
// ---------------------------------------------------------------------------------------------
function drbg(label, n) {
  const out = [];
  for (let i = 0; out.length * 32 < n; i++) out.push(sha256(Buffer.from(`device-srp-vectors/v1|${label}|${i}`, 'utf8')));
  return Buffer.concat(out).subarray(0, n);
}
function bytesToBig(b) { return b.length ? big(b.toString('hex')) : 0n; }

// SDK DateHelper-equivalent, only used to double-check the SDK's TIMESTAMP
function nowString(ms) {
  const d = new RealDate(ms);
  const W = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const M = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const p = (x) => String(x).padStart(2, '0');
  return `${W[d.getUTCDay()]} ${M[d.getUTCMonth()]} ${d.getUTCDate()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`;
}

// ---------------------------------------------------------------------------------------------
// Case definitions
// ---------------------------------------------------------------------------------------------
const TOP768 = 1n << 3064n; // numbers >= this have 768 (or 767) hex digits
const plainPw = (pw) => !/[+/]/.test(pw);
const plainSalt = (sb) => sb[0] >= 0x10 && sb[0] < 0x80; // 32 hex digits, first digit 1-7
const full768NoTop = (n) => n >= TOP768 && hex(n).length === 768 && /^[1-7]/.test(hex(n));

const DEFAULTS = {
  pool_id: 'eu-west-1_AbCdEfGhI',
  client_id: '1example23456789abcdefghij',
  pw: plainPw,
  salt: plainSalt,
  verifier: full768NoTop,
  A: full768NoTop,
  B: full768NoTop,
  secret_block_len: 1000,
};
const CASES = [
  {
    id: 'ordinary',
    note: 'Ordinary remembered device: device password without + or /, random salt bytes with first byte 0x10-0x7f (salt_hex = the 32 hex digits as generated, Salt = 16 bytes), verifier below 2^3071 so padHex adds nothing (PasswordVerifier = 384 bytes), full-length B and A without top bit, two-digit day of month.',
    username: 'alice', user_id_for_srp: 'alice', password: 'Correct-Horse-Battery-9!',
    device_key: 'eu-west-1_7c9e6679-7425-40de-944b-e07fc1f90ae7', device_group_key: 'xQ3hLm7Pb',
    iso: '2026-11-18T14:22:31Z',
  },
  {
    id: 'salt_top_bit_set',
    note: "The 16 random salt bytes start with a byte >= 0x80 (first hex digit 8-f). generateHashDevice stores padHex(salt) = '00' + 32 digits, so ConfirmDevice's Salt is the base64 of 17 bytes (leading 0x00) and x hashes those 17 bytes. The server sends that hex back as SALT.",
    username: 'bob', user_id_for_srp: 'bob', password: 'P@ssw0rd:with:colons',
    device_key: 'us-east-1_3f2504e0-4f89-41d3-9a0c-0305e82c3301', device_group_key: 'Zk8pQw2Rt',
    iso: '2026-01-20T08:00:00Z',
    salt: (sb) => sb[0] >= 0x80,
  },
  {
    id: 'salt_random_leading_zero_byte',
    note: "The 16 random salt bytes start with 0x00 followed by a byte 0x10-0x7f. generateHashDevice parses them as a BigInteger and re-encodes with padHex, which drops the leading zero byte: salt_hex has 30 digits and ConfirmDevice's Salt is the base64 of 15 bytes. (Had the second byte been >= 0x80, padHex would put the 00 back.)",
    username: 'carol', user_id_for_srp: 'carol', password: 'hunter2-but-longer',
    device_key: 'ap-southeast-2_9b2d3c4e-5f60-4718-89ab-cdef01234567', device_group_key: 'Tm4Np0QrS',
    iso: '2026-03-11T23:59:59Z',
    salt: (sb) => sb[0] === 0x00 && sb[1] >= 0x10 && sb[1] < 0x80,
  },
  {
    id: 'region_device_key_dash_group_key',
    note: "DeviceKey with the region prefix ('us-east-1_' + UUID) and a 9-character DeviceGroupKey starting with '-'. Both are used verbatim as UTF-8: x hashes UTF-8(DeviceGroupKey + DeviceKey + ':' + device_password) and the signature message starts with UTF-8(DeviceGroupKey) || UTF-8(DeviceKey).",
    username: 'dave', user_id_for_srp: 'dave', password: 'Tr0ub4dor&3',
    device_key: 'us-east-1_0a1b2c3d-1111-4222-8333-444455556666', device_group_key: '-AbCdEfGh',
    iso: '2026-07-14T00:00:00Z',
    pool_id: 'us-east-1_Xy9Zq8Wv7',
  },
  {
    id: 'B_short_leading_zero_byte',
    note: 'SRP_B is numerically below 2^3064, so the server sends fewer than 768 hex digits (minimal hex, no padding). The SDK parses it as an integer; padHex(B) in u is the minimal encoding.',
    username: 'erin', user_id_for_srp: 'erin', password: 'correct horse battery staple',
    device_key: 'eu-central-1_1d8e7f6a-5b4c-4d3e-8f2a-1b0c9d8e7f6a', device_group_key: 'Qw3Er5Ty7',
    iso: '2026-09-30T10:10:10Z',
    B: (n) => n < TOP768,
  },
  {
    id: 'single_digit_day',
    note: "Clock on day 1 of the month: TIMESTAMP is 'Tue Dec 1 17:00:00 UTC 2026' (day not zero-padded, HH:mm:ss zero-padded).",
    username: 'frank', user_id_for_srp: 'frank', password: 'Winter2026!Winter2026!',
    device_key: 'us-west-2_6a7b8c9d-0e1f-4a2b-9c3d-4e5f6a7b8c9d', device_group_key: 'Lp9Ok8Ij7',
    iso: '2026-12-01T17:00:00Z',
  },
  {
    id: 'password_plus_slash',
    note: "The device password (base64 of 40 random bytes, always 56 characters ending in '==') contains both '+' and '/'. It is used as a plain UTF-8 string in x (never base64-decoded).",
    username: 'grace', user_id_for_srp: 'grace', password: 'Sup3r/Secret+Pass',
    device_key: 'sa-east-1_0f1e2d3c-4b5a-4968-8776-655443322110', device_group_key: 'Hy6Gt5Fr4',
    iso: '2026-05-16T06:07:08Z',
    pw: (pw) => pw.includes('+') && pw.includes('/'),
  },
  {
    id: 'verifier_top_bit_set',
    note: "The verifier v = g^x mod N has its top bit set: verifier_hex = padHex(v) = '00' + 768 digits, so ConfirmDevice's PasswordVerifier is the base64 of 385 bytes with a leading 0x00 byte.",
    username: 'heidi', user_id_for_srp: 'heidi', password: 'L0ng-enough-passw0rd',
    device_key: 'ca-central-1_2b3c4d5e-6f70-4182-93a4-b5c6d7e8f901', device_group_key: 'Bv2Cx3Zz1',
    iso: '2026-04-22T17:45:09Z',
    verifier: (v) => hex(v).length === 768 && /^[89a-f]/.test(hex(v)),
  },
  {
    id: 'verifier_short_leading_zero_byte',
    note: 'The verifier v is below 2^3064: padHex(v) is the minimal encoding (766 digits), so ConfirmDevice\'s PasswordVerifier is the base64 of 383 bytes, not 384.',
    username: 'ivan', user_id_for_srp: 'ivan', password: 'pa55-w0rd-pa55-w0rd',
    device_key: 'ap-northeast-1_3c4d5e6f-7081-4293-a4b5-c6d7e8f90a1b', device_group_key: 'Rf4Tg5Yh6',
    iso: '2026-10-31T21:30:00Z',
    verifier: (v) => v < TOP768 && hex(v).length === 766 && /^[1-7]/.test(hex(v)),
  },
  {
    id: 'email_alias_username',
    note: 'Sign-in with an email alias: InitiateAuth USERNAME is the email, Cognito returns USER_ID_FOR_SRP (a UUID). The SDK then uses USER_ID_FOR_SRP as this.username everywhere after: it keys the device cache with it and sends it as USERNAME in both DEVICE_SRP_AUTH and DEVICE_PASSWORD_VERIFIER. (USERNAME takes no part in the device SRP math.)',
    username: 'judy@example.com', user_id_for_srp: '5f0c2a1e-8b3d-4c6f-9e7a-1d2b3c4d5e6f', password: 'Em@il-Alias-Pass1',
    device_key: 'eu-west-2_4d5e6f70-8192-43a4-b5c6-d7e8f90a1b2c', device_group_key: 'Nm7Bv6Cx5',
    iso: '2026-12-24T12:00:01Z',
    secret_block_len: 1001,
  },
];

// ---------------------------------------------------------------------------------------------
// Planning: choose the random bytes and server b for each case
// ---------------------------------------------------------------------------------------------
function plan(c) {
  const id = c.id;
  const poolName = c.pool_id.split('_')[1];
  // device password + salt (joint search: the verifier depends on both)
  let pwBytes, saltBytes, devicePassword, saltHex, v, xDev, tries = 0;
  for (let i = 0; ; i++) {
    tries++;
    pwBytes = drbg(`${id}/device-password/${i}`, 40);
    saltBytes = drbg(`${id}/device-salt/${i}`, 16);
    devicePassword = pwBytes.toString('base64');
    if (!c.pw(devicePassword) || !c.salt(saltBytes)) continue;
    saltHex = padHex(bytesToBig(saltBytes));
    xDev = computeX(c.device_group_key, c.device_key, devicePassword, big(saltHex));
    v = modPow(g, big(xDev), N);
    if (c.verifier(v)) break;
  }
  // device a (client private value for DEVICE_SRP_AUTH)
  let aDevBytes, ADev;
  for (let i = 0; ; i++) {
    aDevBytes = drbg(`${id}/device-a/${i}`, 128);
    ADev = modPow(g, bytesToBig(aDevBytes), N);
    if (c.A(ADev)) break;
  }
  // server b for DEVICE_PASSWORD_VERIFIER
  let bDev, BDev;
  for (let i = 0; ; i++) {
    bDev = bytesToBig(drbg(`${id}/device-server-b/${i}`, 128));
    BDev = serverB(v, bDev);
    const u = big(hexHash(padHex(ADev) + padHex(BDev)));
    if (u !== 0n && c.B(BDev)) break;
  }
  // user-SRP material for the two surrounding USER_SRP_AUTH sign-ins (not part of the vectors'
  // device math, but needed to drive the real flow)
  const userSaltHex = drbg(`${id}/user-salt`, 16).toString('hex');
  const userX = computeX(poolName, c.user_id_for_srp, c.password, big(userSaltHex));
  const userV = modPow(g, big(userX), N);
  return {
    poolName, pwBytes, saltBytes, devicePassword, saltHex, xDev, v, tries,
    aDevBytes, ADev, bDev, BDev,
    aUser1Bytes: drbg(`${id}/user-a/1`, 128), aUser2Bytes: drbg(`${id}/user-a/2`, 128),
    bUser1: bytesToBig(drbg(`${id}/user-server-b/1`, 128)), bUser2: bytesToBig(drbg(`${id}/user-server-b/2`, 128)),
    userSaltHex, userV,
    secretBlock: drbg(`${id}/device-secret-block`, c.secret_block_len).toString('base64'),
    userSecretBlock: drbg(`${id}/user-secret-block`, 1000).toString('base64'),
  };
}

// ---------------------------------------------------------------------------------------------
// Simulated Cognito server
// ---------------------------------------------------------------------------------------------
function b64url(obj) { return Buffer.from(JSON.stringify(obj)).toString('base64url'); }
function fakeJwt(use, sub, nowS) {
  return `${b64url({ alg: 'none', kid: 'vectors' })}.${b64url({ sub, token_use: use, iat: nowS, exp: nowS + 3600, username: sub })}.c2ln`;
}
class MockServer {
  constructor(c, p) {
    this.c = c; this.p = p; this.log = []; this.signIn = 0; this.device = null; this.pending = null;
  }
  err(code, message) { const e = new Error(message); e.code = code; e.name = code; return e; }
  tokens() {
    const s = Math.floor(FIXED_MS / 1000);
    return {
      AccessToken: fakeJwt('access', this.c.user_id_for_srp, s),
      IdToken: fakeJwt('id', this.c.user_id_for_srp, s),
      RefreshToken: 'refresh-token-for-vectors',
      ExpiresIn: 3600, TokenType: 'Bearer',
    };
  }
  request(op, params, cb) {
    this.log.push({ op, params: JSON.parse(JSON.stringify(params)) });
    let res;
    try { res = this.handle(op, params); } catch (e) { return cb(e, null); }
    if (res instanceof Error) return cb(res, null);
    return cb(null, res);
  }
  handle(op, params) {
    const { c, p } = this;
    if (op === 'InitiateAuth') {
      if (params.AuthFlow !== 'USER_SRP_AUTH' || params.AuthParameters.USERNAME !== c.username) return this.err('NotAuthorizedException', 'bad InitiateAuth');
      this.signIn++;
      const b = this.signIn === 1 ? p.bUser1 : p.bUser2;
      const A = big(params.AuthParameters.SRP_A);
      const B = serverB(p.userV, b);
      this.pending = { kind: 'user', A, B, b, secret: p.userSecretBlock };
      return {
        ChallengeName: 'PASSWORD_VERIFIER',
        ChallengeParameters: { SALT: p.userSaltHex, SECRET_BLOCK: p.userSecretBlock, SRP_B: hex(B), USERNAME: c.user_id_for_srp, USER_ID_FOR_SRP: c.user_id_for_srp },
        Session: `session-${c.id}-${this.signIn}-a`,
      };
    }
    if (op === 'RespondToAuthChallenge' && params.ChallengeName === 'PASSWORD_VERIFIER') {
      const r = params.ChallengeResponses; const pend = this.pending;
      const u = big(hexHash(padHex(pend.A) + padHex(pend.B)));
      const S = serverS(pend.A, p.userV, u, pend.b);
      const sig = signature(hkdfKey(u, S), p.poolName, c.user_id_for_srp, pend.secret, r.TIMESTAMP);
      if (r.USERNAME !== c.user_id_for_srp || sig !== r.PASSWORD_CLAIM_SIGNATURE) return this.err('NotAuthorizedException', 'Incorrect username or password.');
      if (this.signIn === 1) {
        return { AuthenticationResult: { ...this.tokens(), NewDeviceMetadata: { DeviceKey: c.device_key, DeviceGroupKey: c.device_group_key } }, ChallengeParameters: {} };
      }
      if (!this.device || r.DEVICE_KEY !== c.device_key) return this.err('NotAuthorizedException', 'expected DEVICE_KEY in PASSWORD_VERIFIER');
      return { ChallengeName: 'DEVICE_SRP_AUTH', ChallengeParameters: {}, Session: `session-${c.id}-${this.signIn}-b` };
    }
    if (op === 'ConfirmDevice') {
      const cfg = params.DeviceSecretVerifierConfig;
      this.device = {
        key: params.DeviceKey,
        saltBytes: Buffer.from(cfg.Salt, 'base64'),
        v: bytesToBig(Buffer.from(cfg.PasswordVerifier, 'base64')),
      };
      return { UserConfirmationNecessary: false };
    }
    if (op === 'RespondToAuthChallenge' && params.ChallengeName === 'DEVICE_SRP_AUTH') {
      const r = params.ChallengeResponses;
      if (r.DEVICE_KEY !== this.device.key) return this.err('ResourceNotFoundException', 'Device does not exist.');
      const A = big(r.SRP_A);
      const B = serverB(this.device.v, p.bDev);
      this.pending = { kind: 'device', A, B, b: p.bDev };
      return {
        ChallengeName: 'DEVICE_PASSWORD_VERIFIER',
        ChallengeParameters: { SALT: this.device.saltBytes.toString('hex'), SECRET_BLOCK: p.secretBlock, SRP_B: hex(B), USERNAME: r.USERNAME, DEVICE_KEY: r.DEVICE_KEY },
        Session: `session-${c.id}-${this.signIn}-c`,
      };
    }
    if (op === 'RespondToAuthChallenge' && params.ChallengeName === 'DEVICE_PASSWORD_VERIFIER') {
      const r = params.ChallengeResponses; const pend = this.pending;
      const u = big(hexHash(padHex(pend.A) + padHex(pend.B)));
      const S = serverS(pend.A, this.device.v, u, pend.b);
      this.serverDeviceS = S;
      const sig = signature(hkdfKey(u, S), c.device_group_key, c.device_key, p.secretBlock, r.TIMESTAMP);
      if (sig !== r.PASSWORD_CLAIM_SIGNATURE) return this.err('NotAuthorizedException', 'Incorrect device signature.');
      return { AuthenticationResult: this.tokens(), ChallengeParameters: {} };
    }
    return this.err('InvalidParameterException', `mock: unexpected ${op} ${params.ChallengeName || ''}`);
  }
}

function memoryStorage() {
  const m = new Map();
  return {
    m,
    setItem(k2, v2) { m.set(k2, String(v2)); },
    getItem(k2) { return m.has(k2) ? m.get(k2) : null; },
    removeItem(k2) { m.delete(k2); },
    clear() { m.clear(); },
  };
}

function signInOnce(user, c) {
  return new Promise((resolve, reject) => {
    user.authenticateUser(new AuthenticationDetails({ Username: c.username, Password: c.password }), {
      onSuccess: (session, userConfirmationNecessary) => resolve({ session, userConfirmationNecessary }),
      onFailure: (e) => reject(e),
      mfaRequired: () => reject(new Error('unexpected mfaRequired')),
      newPasswordRequired: () => reject(new Error('unexpected newPasswordRequired')),
      customChallenge: () => reject(new Error('unexpected customChallenge')),
      totpRequired: () => reject(new Error('unexpected totpRequired')),
    });
  });
}

function assertEq(what, got, want) {
  if (got !== want) throw new Error(`${what}: SDK/flow gave ${JSON.stringify(got)}, independent gave ${JSON.stringify(want)}`);
}

// ---------------------------------------------------------------------------------------------
// Run one case through the real SDK code path
// ---------------------------------------------------------------------------------------------
async function runCase(spec) {
  const c = { ...DEFAULTS, ...spec };
  const p = plan(c);
  FIXED_MS = RealDate.parse(c.iso);
  const timestamp = nowString(FIXED_MS);

  const pool = new CognitoUserPool({ UserPoolId: c.pool_id, ClientId: c.client_id });
  const server = new MockServer(c, p);
  pool.client = server;
  const storage = memoryStorage();

  // sign-in 1: USER_SRP_AUTH, device gets registered (ConfirmDevice)
  hashDeviceCalls.length = 0; pakCalls.length = 0;
  rngPush(p.aUser1Bytes); rngPush(p.pwBytes); rngPush(p.saltBytes);
  const user1 = new CognitoUser({ Username: c.username, Pool: pool, Storage: storage });
  await signInOnce(user1, c);
  rngAssertEmpty(`${c.id} sign-in 1`);
  const confirm = server.log.find((e) => e.op === 'ConfirmDevice');
  if (!confirm || hashDeviceCalls.length !== 1) throw new Error('ConfirmDevice not sent');
  const hd = hashDeviceCalls[0];
  const storageAfterRegistration = Object.fromEntries([...storage.m.entries()].filter(([key]) => /\.(deviceKey|randomPasswordKey|deviceGroupKey)$/.test(key)));

  // sign-in 2: USER_SRP_AUTH -> DEVICE_SRP_AUTH -> DEVICE_PASSWORD_VERIFIER
  const logStart = server.log.length;
  pakCalls.length = 0;
  rngPush(p.aUser2Bytes); rngPush(p.aDevBytes);
  const user2 = new CognitoUser({ Username: c.username, Pool: pool, Storage: storage });
  await signInOnce(user2, c);
  rngAssertEmpty(`${c.id} sign-in 2`);
  const log2 = server.log.slice(logStart);
  const init2 = log2.find((e) => e.op === 'InitiateAuth');
  const pv2 = log2.find((e) => e.op === 'RespondToAuthChallenge' && e.params.ChallengeName === 'PASSWORD_VERIFIER');
  const dsa = log2.find((e) => e.op === 'RespondToAuthChallenge' && e.params.ChallengeName === 'DEVICE_SRP_AUTH');
  const dpv = log2.find((e) => e.op === 'RespondToAuthChallenge' && e.params.ChallengeName === 'DEVICE_PASSWORD_VERIFIER');
  if (!dsa || !dpv) throw new Error('device challenges not sent');
  const devRec = pakCalls.find((r) => r.poolName === c.device_group_key);
  if (!devRec || pakCalls.length !== 2) throw new Error('device getPasswordAuthenticationKey not observed');

  // ---- independent recomputation & assertions
  assertEq('randomPassword', hd.randomPassword, p.devicePassword);
  assertEq('generateHashDevice args', `${hd.deviceGroupKey}|${hd.username}`, `${c.device_group_key}|${c.device_key}`);
  assertEq('salt_hex', hd.salt, p.saltHex);
  const verifierHex = padHex(p.v);
  assertEq('verifier_hex', hd.verifier, verifierHex);
  const cfg = confirm.params.DeviceSecretVerifierConfig;
  assertEq('Salt', cfg.Salt, Buffer.from(p.saltHex, 'hex').toString('base64'));
  assertEq('PasswordVerifier', cfg.PasswordVerifier, Buffer.from(verifierHex, 'hex').toString('base64'));
  assertEq('stored random password', storageAfterRegistration[`CognitoIdentityServiceProvider.${c.client_id}.${c.user_id_for_srp}.randomPasswordKey`], p.devicePassword);

  const aDev = bytesToBig(p.aDevBytes);
  const A = modPow(g, aDev, N);
  assertEq('a', devRec.a, hex(aDev));
  assertEq('A (helper)', devRec.A, hex(A));
  assertEq('SRP_A sent', dsa.params.ChallengeResponses.SRP_A, hex(A));
  const B = p.BDev;
  assertEq('B parsed', devRec.B, hex(B));
  const SALT = Buffer.from(cfg.Salt, 'base64').toString('hex'); // what the simulated server sent
  assertEq('SALT parsed', devRec.salt, hex(big(SALT)));
  const uHex = hexHash(padHex(A) + padHex(B));
  const u = big(uHex);
  assertEq('u', devRec.u, uHex);
  const xHex = computeX(c.device_group_key, c.device_key, p.devicePassword, big(SALT));
  assertEq('x (auth) == x (registration)', xHex, p.xDev);
  assertEq('x', devRec.x, hex(big(xHex)));
  const S = clientS(B, big(xHex), aDev, u);
  const Sserver = serverS(A, p.v, u, p.bDev);
  assertEq('S client == S server (independent)', hex(S), hex(Sserver));
  assertEq('S (SDK)', devRec.S, hex(S));
  assertEq('S server (mock)', hex(server.serverDeviceS), hex(S));
  const key = hkdfKey(u, S);
  assertEq('hkdf', devRec.hkdf, key.toString('hex'));
  assertEq('TIMESTAMP', dpv.params.ChallengeResponses.TIMESTAMP, timestamp);
  const sig = signature(key, c.device_group_key, c.device_key, p.secretBlock, timestamp);
  const expectedResponses = {
    USERNAME: c.user_id_for_srp,
    PASSWORD_CLAIM_SECRET_BLOCK: p.secretBlock,
    TIMESTAMP: timestamp,
    PASSWORD_CLAIM_SIGNATURE: sig,
    DEVICE_KEY: c.device_key,
  };
  assertEq('DEVICE_PASSWORD_VERIFIER ChallengeResponses', JSON.stringify(dpv.params.ChallengeResponses), JSON.stringify(expectedResponses));
  assertEq('DEVICE_SRP_AUTH ChallengeResponses', JSON.stringify(dsa.params.ChallengeResponses), JSON.stringify({ USERNAME: c.user_id_for_srp, DEVICE_KEY: c.device_key, SRP_A: hex(A) }));
  assertEq('PASSWORD_VERIFIER carries DEVICE_KEY', pv2.params.ChallengeResponses.DEVICE_KEY, c.device_key);

  // Extra: the SDK is insensitive to leading zeros in SALT — recompute the HKDF key with
  // AuthenticationHelper directly, same a, SALT stripped of leading zeros (and padded with more).
  for (const variant of [hex(big(SALT)), '0000' + SALT]) {
    rngPush(p.aDevBytes);
    const h = new AuthenticationHelper(c.device_group_key);
    rngAssertEmpty(`${c.id} salt variant`);
    let got;
    h.getPasswordAuthenticationKey(c.device_key, p.devicePassword, new (h.N.constructor)(hex(B), 16), new (h.N.constructor)(variant, 16), (e, kk) => { got = Buffer.from(kk).toString('hex'); });
    assertEq(`hkdf with SALT variant ${variant.slice(0, 6)}...`, got, key.toString('hex'));
  }
  pakCalls.length = 0;

  const deviceChallengeParameters = {
    SALT,
    SECRET_BLOCK: p.secretBlock,
    SRP_B: hex(B),
    USERNAME: dsa.params.ChallengeResponses.USERNAME,
    DEVICE_KEY: c.device_key,
  };

  return {
    id: c.id,
    note: c.note,
    pool_id: c.pool_id,
    client_id: c.client_id,
    username: c.username,
    user_id_for_srp: c.user_id_for_srp,
    device_key: c.device_key,
    device_group_key: c.device_group_key,
    device_password_random_bytes_hex: p.pwBytes.toString('hex'),
    device_password: p.devicePassword,
    salt_random_bytes_hex: p.saltBytes.toString('hex'),
    salt_hex: p.saltHex,
    x_hex: xHex,
    verifier_hex: verifierHex,
    confirm_device: { Salt: cfg.Salt, PasswordVerifier: cfg.PasswordVerifier },
    confirm_device_request: confirm.params,
    cached_device_storage: storageAfterRegistration,
    a_hex: hex(aDev),
    A_hex: hex(A),
    server_b_hex: hex(p.bDev),
    B_hex: hex(B),
    secret_block_b64: p.secretBlock,
    timestamp_unix_ms: FIXED_MS,
    timestamp,
    u_hex: uHex,
    S_hex: hex(S),
    hkdf_key_hex: key.toString('hex'),
    signature_b64: sig,
    padded: { A: padHex(A), B: padHex(B), salt: padHex(big(SALT)), u: padHex(u), S: padHex(S) },
    device_srp_auth_challenge_responses: dsa.params.ChallengeResponses,
    device_password_verifier_challenge_parameters: deviceChallengeParameters,
    challenge_responses: dpv.params.ChallengeResponses,
    sign_in_2: {
      initiate_auth_parameter_names: Object.keys(init2.params.AuthParameters),
      password_verifier_device_key: pv2.params.ChallengeResponses.DEVICE_KEY,
      request_sequence: log2.map((e) => (e.op === 'RespondToAuthChallenge' ? `RespondToAuthChallenge(${e.params.ChallengeName})` : e.op)),
      device_srp_auth_session: dsa.params.Session,
      device_password_verifier_session: dpv.params.Session,
    },
  };
}

// ---------------------------------------------------------------------------------------------
async function main() {
  const cases = [];
  for (const spec of CASES) cases.push(await runCase(spec));
  const out = {
    description:
      "Known-answer vectors for the client side of Amazon Cognito remembered-device SRP: (1) device registration, i.e. the DeviceSecretVerifierConfig sent with ConfirmDevice after a sign-in returned NewDeviceMetadata, and (2) DEVICE_SRP_AUTH / DEVICE_PASSWORD_VERIFIER, i.e. SRP_A sent in the DEVICE_SRP_AUTH challenge response and the DEVICE_PASSWORD_VERIFIER challenge response. Each case was produced by running amazon-cognito-identity-js CognitoUser.authenticateUser() twice against a simulated server (mocked client.request) with planned random bytes and a fixed clock: sign-in 1 returns NewDeviceMetadata and the library runs AuthenticationHelper.generateHashDevice and sends ConfirmDevice; sign-in 2 (new CognitoUser, same Storage) is answered with DEVICE_SRP_AUTH and the library runs getDeviceResponse. Intermediate values were recorded from its AuthenticationHelper. SRP_B was produced by the simulated server (B = (k*v + g^b) mod N, v = the PasswordVerifier received in ConfirmDevice, b = server_b_hex) and S was confirmed equal to the server-side value (A * v^u)^b mod N, which the simulated server also used to verify the signature. " +
      "Algorithm (SHA-256 throughout; H(hex1 || hex2) hashes the bytes encoded by the concatenated hex strings): N = RFC 3526 3072-bit MODP prime; g = 2; k = H(padHex(N) || padHex(g)). padHex(n), n >= 0: lowercase hex of n, prefixed with '0' if its length is odd, then prefixed with '00' if the first digit is 8-f. " +
      "Registration: device_password = base64(40 random bytes) (standard alphabet, 56 characters, always ending in '=='); salt_hex = padHex(integer value of 16 random bytes) (so '00' is prepended when the first random byte is >= 0x80 and leading zero bytes are dropped); x = H(salt_hex || hex(SHA256(UTF-8(device_group_key || device_key || ':' || device_password)))); verifier_hex = padHex(g^x mod N); ConfirmDevice DeviceSecretVerifierConfig = {Salt: base64(bytes of salt_hex), PasswordVerifier: base64(bytes of verifier_hex)}. " +
      "Authentication: A = g^a mod N; SRP_A (in the DEVICE_SRP_AUTH ChallengeResponses, with USERNAME and DEVICE_KEY) is A as lowercase minimal hex without padding. SALT and SRP_B from the DEVICE_PASSWORD_VERIFIER ChallengeParameters are parsed as non-negative hexadecimal integers (leading zeros are not significant). u = H(padHex(A) || padHex(B)); the client aborts if B mod N = 0 or u = 0. x = H(padHex(SALT) || hex(SHA256(UTF-8(device_group_key || device_key || ':' || device_password)))), the same x as at registration. S = (B - k * (g^x mod N))^(a + u*x) mod N, the base reduced to a non-negative value mod N first. PRK = HMAC-SHA256(key = bytes(padHex(u)), data = bytes(padHex(S))); hkdf_key = first 16 bytes of HMAC-SHA256(PRK, 'Caldera Derived Key' || 0x01). signature = base64(HMAC-SHA256(hkdf_key, UTF-8(device_group_key) || UTF-8(device_key) || base64decode(secret_block_b64) || UTF-8(timestamp))). timestamp = 'EEE MMM d HH:mm:ss UTC yyyy' in UTC, day of month not zero-padded. " +
      "Field formats: a_hex, A_hex, B_hex, S_hex, server_b_hex = lowercase minimal hex; salt_hex, verifier_hex = padHex form exactly as the library generated them; u_hex, x_hex = the 64-digit SHA-256 digests (leading zeros kept); padded = padHex() of A, B, SALT, u and S as used in the hashes and HKDF; hkdf_key_hex = the 16-byte key. device_password_random_bytes_hex and salt_random_bytes_hex are the random bytes the library drew (40 and 16). confirm_device is DeviceSecretVerifierConfig exactly as sent; confirm_device_request is the whole ConfirmDevice request (AccessToken is the simulated server's fake JWT; DeviceName 'nodejs' is what the library sends when no global navigator exists, otherwise navigator.userAgent). cached_device_storage is what the library wrote to its Storage after ConfirmDevice. device_srp_auth_challenge_responses and challenge_responses are the ChallengeResponses of RespondToAuthChallenge with ChallengeName DEVICE_SRP_AUTH and DEVICE_PASSWORD_VERIFIER exactly as the library sent them; USERNAME there is USER_ID_FOR_SRP from the preceding PASSWORD_VERIFIER challenge (not the name typed by the user) and takes no part in the device SRP math. device_password_verifier_challenge_parameters are what the simulated server returned (the library reads only SALT, SRP_B and SECRET_BLOCK; SALT is the hex of the Salt bytes received in ConfirmDevice). sign_in_2 documents the surrounding USER_SRP_AUTH sign-in that led to DEVICE_SRP_AUTH.",
    generator: `amazon-cognito-identity-js ${SDK_PKG.version} (lib/, CognitoUser.authenticateUser -> generateHashDevice/ConfirmDevice and getDeviceResponse, mocked client.request) cross-checked with an independent BigInt recomputation and a server-side S check; script generate.mjs`,
    constants: {
      N_hex: N_HEX,
      g_hex: '2',
      k_hex: hex(k),
      hkdf_info: HKDF_INFO,
    },
    cases,
  };
  process.stdout.write(JSON.stringify(out, null, 2) + '\n');
}

main().catch((e) => { console.error(e); process.exit(1); });
