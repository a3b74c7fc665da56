// scripts/csp.mjs, the trunk hook that completes the page's Content-Security-Policy: the endpoint
// it allows must be the one src/config/mod.rs talks to, and every inline script must be hashed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { cognitoEndpoint, completePolicy, inlineScripts, inlineStyles, pinAutoreload } from '../scripts/csp.mjs';

test('the endpoint follows the same rules as src/config/mod.rs', () => {
  assert.equal(cognitoEndpoint({}), 'http://127.0.0.1:9229/', 'nothing set: local-cognito');
  assert.equal(cognitoEndpoint({ COGNITO_USER_POOL_ID: 'eu-west-1_AbC', COGNITO_CLIENT_ID: 'x' }), 'https://cognito-idp.eu-west-1.amazonaws.com/');
  assert.equal(cognitoEndpoint({ COGNITO_USER_POOL_ID: ' eu-west-1_AbC ', COGNITO_CLIENT_ID: 'x', COGNITO_ENDPOINT: 'http://127.0.0.1:9229' }), 'http://127.0.0.1:9229/', 'an override wins and gets a slash');
  assert.equal(cognitoEndpoint({ COGNITO_ENDPOINT: '  ' }), 'http://127.0.0.1:9229/', 'blank is unset');
  assert.equal(cognitoEndpoint({ COGNITO_CLIENT_ID: 'x' }), 'http://127.0.0.1:9229/', 'a client without a pool: the local pool');
});

test('every inline script is allowed by its hash, scripts with src are not hashed', () => {
  const loader = "\nimport init from '/app.js';\nawait init();\n";
  const html = `<head><meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'self'; connect-src 'self'" />
    <script type="module">${loader}</script><script src="/other.js"></script></head>`;
  assert.deepEqual(inlineScripts(html), [loader]);
  const { policy } = completePolicy(html, { endpoint: 'https://cognito-idp.eu-west-1.amazonaws.com/' });
  const hash = createHash('sha256').update(loader).digest('base64');
  assert.equal(policy, `default-src 'none'; script-src 'self' 'sha256-${hash}'; connect-src 'self' https://cognito-idp.eu-west-1.amazonaws.com/`);
  assert.throws(() => completePolicy('<head></head>', { endpoint: 'x' }), /no <meta/);
});

test('an inline style sheet is allowed by its hash, alongside self', () => {
  const css = 'body { margin: 0 }\n';
  const html = `<head><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'self'" /><style>${css}</style></head>`;
  assert.deepEqual(inlineStyles(html), [css]);
  const hash = createHash('sha256').update(css).digest('base64');
  assert.match(completePolicy(html, { endpoint: 'http://127.0.0.1:9229/' }).policy, new RegExp(`style-src 'self' 'sha256-${hash.replace(/[+/]/g, '\\$&')}'`));
});

test('an endpoint that could break out of the policy or the attribute is refused', () => {
  for (const bad of ['http://x/"><script>', "http://x/a;script-src *", 'http://x/$`', 'ftp://x/', 'http://x/?q=1', 'not a url']) {
    assert.throws(() => cognitoEndpoint({ COGNITO_ENDPOINT: bad }), /cannot be put|not a URL/, bad);
  }
});

test("trunk serve's autoreload script is hashed as the browser will run it", () => {
  const script = "const address = '{{__TRUNK_ADDRESS__}}'; const base = '{{__TRUNK_WS_BASE__}}';";
  const pinned = pinAutoreload(`<script>${script}</script>`, '/');
  assert.deepEqual(inlineScripts(pinned), ["const address = window.location.host; const base = '/';"]);
});
