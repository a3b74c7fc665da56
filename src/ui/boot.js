// The prerendered sign-in screen's only script, inlined at the end of <body> by
// scripts/prerender.mjs (so it runs before the first paint; its hash goes into the CSP).
// It picks the language and what to show the way the app will, and holds a submit until the app
// takes over (src/ui/takeover.rs). It never reads the password.
(() => {
  const root = document.getElementById('prerendered');
  if (!root) return;
  const form = document.getElementById('prerendered-login');
  const status = document.getElementById('prerendered-status');
  const submits = [...form.querySelectorAll('button[type=submit]')];

  // As I18n::provide: the stored choice, else the browser's, else English (Lang::from_tag).
  const primary = (tag) => (tag || '').split(/[-_]/)[0].toLowerCase();
  const known = (tag) => (['en', 'th'].includes(primary(tag)) ? primary(tag) : undefined);
  let stored;
  try { stored = localStorage.getItem('lang'); } catch { /* storage blocked */ }
  let lang = known(stored) ?? known(navigator.language) ?? 'en';

  const text = (el, key) => el.getAttribute(`data-${lang}-${key}`);
  const render = () => {
    document.documentElement.lang = lang;
    for (const el of root.querySelectorAll('[data-msg]')) {
      const busy = el.getAttribute('aria-busy') === 'true' && el.hasAttribute('data-msg-busy');
      const words = text(el, busy ? 'busy' : 'msg');
      const attr = el.getAttribute('data-msg-attr');
      if (attr) el.setAttribute(attr, words); else el.textContent = words;
    }
    for (const b of root.querySelectorAll('.lang-switch button')) {
      b.setAttribute('aria-pressed', String(b.lang === lang));
    }
    const busy = submits.find((b) => b.getAttribute('aria-busy') === 'true');
    if (busy) status.textContent = text(busy, 'busy');
  };

  // Inside another site's frame the page could be overlaid to trick a click (clickjacking).
  // A host that sends `frame-ancestors 'none'` never lets it get here; for one that cannot,
  // nothing but why is shown, and the app does the same (src/ui/mod.rs, mount). A sandboxed
  // frame without scripts never runs this: the form stays hidden, as it starts.
  let framed = true;
  try { framed = window.top !== window.self; } catch { /* no access to top: framed */ }
  if (framed) {
    document.documentElement.dataset.framed = '';
    const notice = document.getElementById('prerendered-framed');
    notice.querySelector('a').href = location.href;
    notice.hidden = false;
    render();
    return;
  }

  // The app signs in on "/" and "/login" unless this tab holds a session (session.rs, tab_key):
  // anywhere else it first shows "Loading…", and so does this page.
  let session = false;
  try {
    for (let i = 0; i < sessionStorage.length; i += 1) {
      if (sessionStorage.key(i).startsWith('refresh-token:')) session = true;
    }
  } catch { /* storage blocked: no session either */ }
  const signIn = ['/', '/login'].includes(location.pathname) && !session;
  form.hidden = !signIn;
  document.getElementById('prerendered-loading').hidden = signIn;
  if (signIn) document.documentElement.dataset.booting = '';

  root.querySelector('.lang-switch').addEventListener('click', (ev) => {
    const b = ev.target.closest('button');
    if (!b) return;
    lang = b.lang;
    try { localStorage.setItem('lang', lang); } catch { /* as I18n::set */ }
    render();
  });
  // Never sent by the browser (the CSP's form-action 'none' would also stop it): held, and
  // sent by the app as soon as it has taken over.
  // What takeover.rs maps the focus and a held click or submit by: a place in this list, the
  // same in the app's form.
  const focusable = [...root.querySelectorAll('header button, main input, main button')];
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    if (form.dataset.held) return;
    // Which button (Enter: the first); with several methods each is its own way in.
    const passwordField = form.querySelector('[data-method=password]');
    const passwordButton = form.querySelector('button[value=password]');
    // Enter in the password field of a passwordless-first form means the password (as LoginForm).
    const inPassword = document.activeElement?.id === 'password' && passwordButton;
    const button = inPassword ? passwordButton : (ev.submitter ?? submits[0]);
    // A password that comes after a passwordless way: its button shows the field (as LoginForm).
    if (button.value === 'password' && passwordField?.hidden) {
      passwordField.hidden = false;
      document.getElementById('password').focus();
      return;
    }
    form.dataset.held = String(focusable.indexOf(button));
    button.setAttribute('aria-busy', 'true');
    render();
  });
  // "Show password": the field's type switched, the value never read (as ShowPassword).
  for (const b of form.querySelectorAll('.show-password')) {
    b.addEventListener('click', () => {
      const field = form.querySelector(`#${b.getAttribute('aria-controls')}`);
      const show = field.type === 'password';
      field.type = show ? 'text' : 'password';
      b.setAttribute('aria-pressed', String(show));
      render();
    });
  }
  // "Forgot your password?", "Create an account": remembered and clicked for the user by the app
  // when it takes over.
  for (const b of form.querySelectorAll('.more button')) {
    b.addEventListener('click', () => {
      form.dataset.heldClick = String(focusable.indexOf(b));
      status.textContent = text(document.getElementById('prerendered-loading'), 'msg');
    });
  }
  render();
})();
