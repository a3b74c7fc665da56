// The pool's own attributes (SIGN_UP_ATTRIBUTES, PROFILE_ATTRIBUTES) on the user-name build
// (NAMES_APP_URL): its pool, us-east-1_LocalNames of local-cognito's default seed, requires `name`
// and has `custom:team` of at most 16 characters. What the page checks is said at the field
// before anything is sent; what only Cognito knows (the 16) comes back at the field too.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { check, launch, openPage as openPageIn, setLanguage, shoot } from './browser.mjs';
import { PASSWORD, cognito, lastDeliveredCode, unique, userIn } from './lib.mjs';

const NAMES_APP_URL = process.env.NAMES_APP_URL ?? 'http://127.0.0.1:18741';
const NAMES_POOL = 'us-east-1_LocalNames';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const field = (page, attribute) => page.locator(`.field[data-attribute="${attribute}"]`);
const attributesOf = async (username) => {
  const user = await cognito('AdminGetUser', { UserPoolId: NAMES_POOL, Username: username });
  return Object.fromEntries(user.UserAttributes.map((a) => [a.Name, a.Value]));
};

async function openSignUp() {
  const page = await openPageIn(browser);
  await page.goto(`${NAMES_APP_URL}/login`);
  await page.getByRole('button', { name: 'Create an account' }).click();
  return page;
}

describe('the pool\'s own attributes', () => {
  test('sign-up asks for each, marks the required one, and says each problem at its field', async () => {
    const name = `ola${unique()}`;
    const page = await openSignUp();
    const sent = [];
    page.on('request', (r) => { const t = r.headers()['x-amz-target']; if (t) sent.push(t.split('.').pop()); });
    const labels = await page.locator('.field[data-attribute] label').allInnerTexts();
    assert.deepEqual(labels, ['Full name *', 'Team', 'Date of birth']);
    assert.equal(await page.locator('.required-note').innerText(), 'Fields marked * are required.');
    assert.deepEqual(
      [await field(page, 'name').locator('input').getAttribute('autocomplete'), await field(page, 'birthdate').locator('input').getAttribute('type')],
      ['name', 'date'],
    );
    await page.fill('#username', name);
    await page.fill('#email', `${name}@example.com`);
    await page.fill('#new-password', PASSWORD);
    await page.fill('#confirm-password', PASSWORD);
    // The browser's own check would stop an empty required field first; the page's is the same
    // rule for screen readers and for browsers that skip it.
    await page.locator('form').evaluate((f) => { f.noValidate = true; });
    await page.click('button[type=submit]');
    const nameInput = field(page, 'name').locator('input');
    assert.equal(await nameInput.getAttribute('aria-invalid'), 'true');
    assert.equal(await field(page, 'name').locator('.field-error').innerText(), 'Fill in this field.');
    assert.equal(await nameInput.getAttribute('aria-describedby'), 'attribute-0-error');
    await page.waitForFunction(() => document.activeElement?.id === 'attribute-0'); // the field to fix
    assert.deepEqual(sent, [], 'nothing was sent');
    // Only Cognito knows the team's 16-character limit: its refusal lands at the Team field.
    await page.fill('#attribute-0', 'Ola Nordmann');
    await page.fill('#attribute-1', 'The very long team name');
    await page.fill('#attribute-2', '1990-02-28');
    await page.click('button[type=submit]');
    await field(page, 'custom:team').locator('.field-error').getByText('Use at most 16 characters.').waitFor();
    assert.equal(await field(page, 'custom:team').locator('input').getAttribute('aria-invalid'), 'true');
    assert.equal(await page.locator('[role=alert]').first().innerText(), 'Some details were not accepted. Please check the marked fields.');
    await page.waitForFunction(() => document.activeElement?.id === 'attribute-1');
    await shoot(page, 'sign-up-details-refused');
    await setLanguage(page, 'th');
    assert.equal(await field(page, 'custom:team').locator('label').innerText(), 'ทีม');
    assert.equal(await field(page, 'custom:team').locator('.field-error').innerText(), 'กรุณากรอกไม่เกิน 16 ตัวอักษร');
    await setLanguage(page, 'en');
    await page.fill('#attribute-1', 'Blue');
    assert.equal(await field(page, 'custom:team').locator('input').getAttribute('aria-invalid'), null, 'typing clears the mark');
    await page.click('button[type=submit]');
    await page.waitForSelector('#code');
    await page.fill('#code', await lastDeliveredCode(name).then((d) => d.code));
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.waitForURL('**/home');
    const saved = await attributesOf(name);
    assert.deepEqual([saved.name, saved['custom:team'], saved.birthdate], ['Ola Nordmann', 'Blue', '1990-02-28']);
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('home shows the details and saves a change; an emptied one is deleted; a refusal is said at its field', async () => {
    const name = `per${unique()}`;
    await userIn(NAMES_POOL, name, {
      email: `${name}@example.com`, email_verified: 'true',
      name: 'Per Hansen', 'custom:team': 'Blue', birthdate: '1985-06-01', 'custom:employee_id': 'E-77',
    });
    const page = await openPageIn(browser);
    await page.goto(`${NAMES_APP_URL}/login`);
    await page.fill('#username', name);
    await page.fill('#password', PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForURL('**/home');
    await page.locator('#details summary').click();
    const shown = () => page.locator('.details-list').innerText();
    await page.waitForFunction(() => document.querySelector('.details-list')?.innerText.includes('Per Hansen'));
    assert.match(await shown(), /Full name\s+Per Hansen\s+Team\s+Blue\s+Date of birth\s+1985-06-01\s+Nickname\s+Not given\s+Employee ID\s+E-77/);
    const sent = [];
    page.on('request', (r) => { const t = r.headers()['x-amz-target']; if (t) sent.push(t.split('.').pop()); });
    await page.getByRole('button', { name: 'Edit your details' }).click();
    await page.waitForFunction(() => document.activeElement?.id === 'attribute-0');
    assert.equal(await page.inputValue('#attribute-1'), 'Blue', 'the form starts from what is saved');
    // Immutable in the pool's schema (PROFILE_ATTRIBUTES marks it `!`): shown, not offered.
    assert.equal(await field(page, 'custom:employee_id').count(), 0);
    await check(page, 'details form');
    // Cognito's 16-character rule for the team, said at its field; nothing else changed.
    await page.fill('#attribute-1', 'A team name of more than sixteen');
    await page.getByRole('button', { name: 'Save' }).click();
    await field(page, 'custom:team').locator('.field-error').getByText('Use at most 16 characters.').waitFor();
    assert.equal((await attributesOf(name))['custom:team'], 'Blue');
    await shoot(page, 'details-edit-refused');
    await page.fill('#attribute-1', 'Green');
    await page.fill('#attribute-2', '');
    await page.fill('#attribute-3', 'Per');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Your details were saved.').waitFor();
    await page.waitForFunction(() => document.activeElement?.id === 'edit-details');
    await page.waitForFunction(() => document.querySelector('.details-list')?.innerText.includes('Green'));
    assert.match(await shown(), /Team\s+Green\s+Date of birth\s+Not given\s+Nickname\s+Per/);
    const saved = await attributesOf(name);
    assert.deepEqual([saved['custom:team'], saved.birthdate, saved.nickname], ['Green', undefined, 'Per'], 'the emptied one is deleted');
    await shoot(page, 'details');
    // A required one cannot be emptied: said at the field, nothing sent.
    await page.getByRole('button', { name: 'Edit your details' }).click();
    await page.fill('#attribute-0', ' ');
    await page.locator('form.details-edit').evaluate((f) => { f.noValidate = true; });
    sent.length = 0;
    await page.getByRole('button', { name: 'Save' }).click();
    assert.equal(await field(page, 'name').locator('.field-error').innerText(), 'Fill in this field.');
    assert.deepEqual(sent, [], 'nothing was sent');
    assert.equal((await attributesOf(name)).name, 'Per Hansen');
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });
});
