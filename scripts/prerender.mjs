// Completes the prerendered sign-in screen in the built index.html, so it can be typed into
// before the wasm has arrived (docs/performance.md). A post-build step: scripts/post-build.mjs
// runs it before csp.mjs.
//
// - {{APP_NAME}}: the app's name, from the same build-time variable as src/config/mod.rs.
// - SIGN_IN_METHODS (as src/config/mod.rs reads it): the choice-based form's buttons and fields.
// - SIGN_IN_NAME and PHONE_COUNTRY_CODE (as src/config/mod.rs reads them): the sign-in name field's
//   label, type, keyboard, autofill and hint, and the classic form's intro.
// - data-msg="Key" (and data-msg-busy="Key"): the English and Thai words of Msg::Key in
//   src/i18n.rs, the app's one table of words, as data-en-msg / data-th-msg attributes, with the
//   English as the element's text (or as the attribute named by data-msg-attr). boot.js switches
//   them; a key missing from src/i18n.rs fails the build.
// - <!-- boot -->: src/ui/boot.js, inline, so it runs before the first paint (csp.mjs then adds
//   its hash to script-src).
// - trunk's <link rel="modulepreload"> of the JS glue goes: the inline module script already
//   fetches the glue as it is parsed, and with the link the form was usable later (measured
//   before this step: 137 against 107 ms unthrottled, 300 against 258 ms on Slow 4G, medians of
//   11 alternating loads, the app no later). The glue loses the link's integrity check, which
//   guarded nothing the page itself does not: both files are same-origin, as is the page that
//   names them, and script-src is 'self'. The wasm's preload stays, without its integrity,
//   which Chromium ignores there with a console warning (crbug.com/981419).
//
// Usage: node scripts/prerender.mjs [index.html]   (default: $TRUNK_STAGING_DIR/index.html)
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Msg::Key => ("english", "thai") of src/i18n.rs, as a Map of [en, th]. */
export function messages(source = readFileSync(join(root, 'src/i18n.rs'), 'utf8')) {
  const literal = String.raw`"((?:[^"\\]|\\.)*)"`;
  const entry = new RegExp(String.raw`Msg::(\w+)\s*=>\s*\(\s*${literal}\s*,\s*${literal}\s*,?\s*\)`, 'g');
  return new Map([...source.matchAll(entry)].map(([, key, en, th]) => [key, [JSON.parse(`"${en}"`), JSON.parse(`"${th}"`)]]));
}

export function appName(env = process.env, config = readFileSync(join(root, 'src/config/mod.rs'), 'utf8')) {
  const set = (env.APP_NAME ?? '').trim();
  if (set) return set;
  const fallback = config.match(/pub const DEFAULT_APP_NAME: &str = "([^"]*)";/);
  if (!fallback) throw new Error('src/config/mod.rs has no DEFAULT_APP_NAME');
  return fallback[1];
}

const escape = (s) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** SIGN_IN_METHODS as src/config/mod.rs reads it: names in order, each once; unknown fails the build. */
const METHOD_BUTTONS = {
  password: ['SignIn', 'SigningIn'],
  email_otp: ['EmailMeACode', 'Sending'],
  sms_otp: ['TextMeACode', 'Sending'],
  passkey: ['SignInWithPasskey', 'WaitingForPasskey'],
};
export function signInMethods(raw = process.env.SIGN_IN_METHODS ?? '') {
  const methods = [];
  for (const name of raw.split(',').map((n) => n.trim().toLowerCase()).filter(Boolean)) {
    if (!(name in METHOD_BUTTONS)) throw new Error(`SIGN_IN_METHODS names ${JSON.stringify(name)}: give password, email_otp, sms_otp and passkey`);
    if (!methods.includes(name)) methods.push(name);
  }
  return methods;
}

/** SIGN_IN_NAME as src/config/mod.rs reads it: what may be typed to sign in; unset: email. */
export function signInName(raw = process.env.SIGN_IN_NAME ?? '', countryCode = process.env.PHONE_COUNTRY_CODE ?? '') {
  const kind = { username: false, email: false, phone: false, countryCode: countryCode.trim() !== '' };
  for (const part of raw.split(',').map((n) => n.trim().toLowerCase()).filter(Boolean)) {
    const key = { username: 'username', email: 'email', phone_number: 'phone', phone: 'phone' }[part];
    if (!key) throw new Error(`SIGN_IN_NAME names ${JSON.stringify(part)}: give username, email and phone_number`);
    kind[key] = true;
  }
  if (!kind.username && !kind.email && !kind.phone) kind.email = true;
  return kind;
}

/**
 * The sign-in name field as SignInNameField renders it (src/ui/components/form_parts.rs), and
 * the classic form's intro as NameWords (src/i18n.rs) picks it.
 */
export function withSignInName(html, kind) {
  const { username, email, phone } = kind;
  const label = username
    ? (email && phone ? 'UsernameEmailOrPhone' : email ? 'UsernameOrEmail' : phone ? 'UsernameOrPhone' : 'Username')
    : (email && phone ? 'EmailOrPhone' : phone ? 'PhoneNumber' : 'Email');
  const intro = username || (email && phone) ? 'SignInIntroUsername' : phone ? 'SignInIntroPhone' : 'SignInIntro';
  const phoneOnly = phone && !email && !username;
  // The email field stays type=text here (its caret); a tel input shows its caret to scripts.
  const [type, inputmode, fill] = phoneOnly ? ['tel', 'tel', 'tel'] : email && !phone && !username ? ['text', 'email', 'username'] : ['text', 'text', 'username'];
  const input = /<input id="username" type="text" autocomplete="username" inputmode="email" /;
  if (!input.test(html)) throw new Error('index.html has no sign-in name field to fit');
  let out = html
    .replace('<label for="username" data-msg="Email">', `<label for="username" data-msg="${label}">`)
    .replace('data-msg="SignInIntro"', `data-msg="${intro}"`)
    .replace(input, () => `<input id="username" type="${type}" autocomplete="${fill}" inputmode="${inputmode}" `);
  if (phone) {
    const hint = kind.countryCode ? 'PhoneHintNational' : 'PhoneHint';
    out = out
      .replace(/(<input id="username"[^>]*?) required /, '$1 aria-describedby="username-hint" required ')
      .replace('<p id="username-error"', `<small id="username-hint" class="hint" data-msg="${hint}"></small>
            <p id="username-error"`);
  }
  return out;
}

/**
 * The choice-based form, as LoginForm renders it with methods: its own intro, the password field
 * (and "Forgot your password?") only with a password, then not required; a submit button per
 * method, the first primary; passkeys offered in the email field's autofill. Where a passwordless
 * way comes first, the password field is hidden until its button ("Sign in with your password")
 * is pressed: the name alone is asked first.
 */
export function withMethods(html, methods) {
  if (!methods.length) return html;
  const password = methods.includes('password');
  const passwordLater = password && methods[0] !== 'password';
  // Whatever the sign-in name made of it (withSignInName), as LoginForm's choice intro.
  let out = html.replace(/data-msg="SignInIntro\w*"/, `data-msg="${password ? 'SignInIntroChoice' : 'SignInIntroPasswordless'}"`);
  out = password
    ? out.replace(/(<input id="password"[^>]*?) required /, '$1 ')
    : out.replace(/\s*<div class="field" data-method="password">[\s\S]*?<\/div>/, '')
      .replace(/\s*<button type="button" class="link" data-msg="ForgotPassword"><\/button>/, '');
  if (passwordLater) out = out.replace('<div class="field" data-method="password">', '<div class="field" data-method="password" hidden>');
  if (methods.includes('passkey')) {
    out = out.replace(/(<input id="username" type="\w+" autocomplete=")(\w+)"/, '$1$2 webauthn"');
  }
  const words = (m) => (m === 'password' && passwordLater ? ['SignInWithPassword', 'SigningIn'] : METHOD_BUTTONS[m]);
  const buttons = methods.map((m, i) => `<button type="submit" name="method" value="${m}" class="${i ? 'secondary' : 'primary'}" aria-busy="false" data-msg="${words(m)[0]}" data-msg-busy="${words(m)[1]}"></button>`).join('\n          ');
  const single = /<button type="submit" class="primary" aria-busy="false" data-msg="SignIn" data-msg-busy="SigningIn"><\/button>/;
  if (!single.test(out)) throw new Error('index.html has no sign-in button to replace');
  return out.replace(single, () => buttons);
}

export function prerender(html, { name, words, boot, methods = [], kind = signInName('') }) {
  const words_ = (key) => {
    const found = words.get(key);
    if (!found) throw new Error(`index.html asks for Msg::${key}, which src/i18n.rs does not have`);
    return found;
  };
  const filled = withMethods(withSignInName(html, kind), methods)
    .replaceAll('{{APP_NAME}}', () => escape(name))
    .replace(/<(\w+)\b([^>]*\bdata-msg="(\w+)"[^>]*)>(<\/\1>)?/g, (_, tag, attrs, key, close) => {
      const [en, th] = words_(key);
      let extra = ` data-en-msg="${escape(en)}" data-th-msg="${escape(th)}"`;
      const busy = attrs.match(/\bdata-msg-busy="(\w+)"/);
      if (busy) {
        const [ben, bth] = words_(busy[1]);
        extra += ` data-en-busy="${escape(ben)}" data-th-busy="${escape(bth)}"`;
      }
      const attr = attrs.match(/\bdata-msg-attr="([\w-]+)"/);
      if (attr) return `<${tag}${attrs}${extra} ${attr[1]}="${escape(en)}">${close ?? ''}`;
      return `<${tag}${attrs}${extra}>${escape(en)}${close ?? ''}`;
    });
  if (!filled.includes('<!-- boot -->')) throw new Error('index.html has no <!-- boot --> placeholder');
  // Comments are for index.html's readers, not for every visitor's first load.
  return withoutGluePreload(filled).replace(/<!--(?! boot -->)[\s\S]*?-->\s*/g, '').replace('<!-- boot -->', () => `<script>${boot}</script>`);
}

/** Trunk's modulepreload of the glue removed, and the integrity of its wasm preload (see above). */
export function withoutGluePreload(html) {
  return html
    .replace(/<link rel="modulepreload"[^>]*>/g, '')
    .replace(/(<link rel="preload"[^>]*?) integrity="[^"]*"([^>]*as="fetch")/g, '$1$2');
}

/** Completes the prerendered screen of a built index.html in place. */
export function prerenderIn(file) {
  const html = prerender(readFileSync(file, 'utf8'), {
    name: appName(),
    words: messages(),
    boot: readFileSync(join(root, 'src/ui/boot.js'), 'utf8'),
    methods: signInMethods(),
    kind: signInName(),
  });
  writeFileSync(file, html);
  console.log('prerendered: the sign-in screen');
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop())) {
  prerenderIn(process.argv[2] ?? join(process.env.TRUNK_STAGING_DIR ?? 'dist', 'index.html'));
}
