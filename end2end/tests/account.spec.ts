import { expect, test, type Page } from '@playwright/test';
import { Portal, SIGNIN, SIGNIN_FAILED } from './portal';
import {
  createUser,
  createUserWithTemporaryPassword,
  maskedEmail,
  maskedPhone,
  newPhone,
  pinFrom,
  referenceFrom,
  strongPassword,
  waitForMessage,
} from './support';

/** An error as the server writes it into the URL after a plain form post (padded base64url). */
function errorParam(json: unknown): string {
  return Buffer.from(JSON.stringify(json)).toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
}

/** What has focus now, as "ROLE-ish TAG: accessible text", for readable failures. */
async function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const element = document.activeElement as HTMLElement | null;
    if (!element) return '(nothing)';
    const name = element.getAttribute('aria-label') ?? (element.textContent ?? '').trim();
    return `${element.getAttribute('role') ?? element.tagName.toLowerCase()}: ${name}`;
  });
}

async function expectFocus(page: Page, what: string): Promise<void> {
  await expect.poll(() => focused(page), { message: `focus should be on ${what}` }).toBe(what);
}

test.describe('the account page', () => {
  test('three tabs, each its own URL, with the profile, the authenticators and the activity', async ({
    page,
    javaScriptEnabled,
  }) => {
    const user = createUser('tabs');
    const portal = new Portal(page, javaScriptEnabled);
    await portal.signInWithCode(user);
    await portal.expectAccount();

    const tabs = page.getByRole('tablist').getByRole('tab');
    await expect(tabs).toHaveText(['Profile', 'Authenticators', 'Activity']);
    await expect(portal.tab('Profile')).toHaveAttribute('aria-selected', 'true');
    await expect(portal.tab('Profile')).toHaveAttribute('href', '/account');
    await expect(portal.tab('Authenticators')).toHaveAttribute('aria-selected', 'false');
    const profile = page.getByRole('tabpanel');
    await expect(profile).toContainText(user.userId);
    await expect(profile).toContainText(maskedEmail(user.email));
    await expect(profile).toContainText(maskedPhone(user.phone));

    await portal.openTab('Authenticators');
    await expect(page).toHaveURL(/\/account\/authenticators$/);
    const rows = page.getByRole('tabpanel').getByRole('table').getByRole('row');
    // A header row, then one row per authenticator.
    await expect(rows).toHaveCount(6);
    for (const [row, status] of [
      ['Password', 'Last changed'],
      ['Authenticator app', 'Set up'],
      ['SMS', maskedPhone(user.phone)],
      ['Email', maskedEmail(user.email)],
      ['Recovery codes', 'None left'],
    ]) {
      await expect(page.getByRole('row', { name: new RegExp(`^${row}`) })).toContainText(status);
      await expect(portal.menuButton(row)).toHaveAttribute('aria-haspopup', 'menu');
      await expect(portal.menuButton(row)).toHaveAttribute('aria-expanded', 'false');
    }

    await portal.openTab('Activity');
    await expect(page).toHaveURL(/\/account\/activity$/);
    const activity = page.getByRole('tabpanel').getByRole('table');
    await expect(activity.getByRole('row', { name: /^Signed in/ }).first()).toContainText('127.0.0.1');
    await expect(activity.getByRole('row', { name: /Account created/ })).toContainText('Administrator');
    await expect(portal.button('Sign out')).toBeVisible();

    // Each tab's URL opens it directly.
    await portal.open('/account/authenticators');
    await expect(portal.tab('Authenticators')).toHaveAttribute('aria-selected', 'true');
  });

  test('each menu opens without JavaScript as a link, with its items', async ({ page, javaScriptEnabled }) => {
    const user = createUser('menus');
    const portal = new Portal(page, javaScriptEnabled);
    await portal.signInWithCode(user);
    await portal.openTab('Authenticators');

    for (const [row, items] of [
      ['Password', ['Change Password']],
      ['Authenticator app', ['Replace authenticator app', 'Remove authenticator app']],
      ['SMS', ['Change phone number']],
      ['Email', ['Change email address']],
      ['Recovery codes', ['Generate recovery codes']],
    ] as const) {
      const button = portal.menuButton(row);
      if (javaScriptEnabled) await button.click();
      else await portal.submit(button);
      await expect(button).toHaveAttribute('aria-expanded', 'true');
      const menu = page.getByRole('menu');
      await expect(menu).toHaveCount(1);
      await expect(menu).toHaveAttribute('id', (await button.getAttribute('aria-controls')) ?? '');
      await expect(menu.getByRole('menuitem')).toHaveText([...items]);
    }
  });

  test('a menu works by keyboard alone', async ({ page, javaScriptEnabled }) => {
    test.skip(!javaScriptEnabled, 'the arrow keys need JavaScript; without it the items are plain links');
    const user = createUser('keys');
    const portal = new Portal(page, javaScriptEnabled);
    await portal.signInWithCode(user);
    await portal.open('/account/authenticators');

    // Tab along the page to the authenticator app's menu button.
    for (let i = 0; i < 40; i++) {
      if ((await focused(page)) === 'button: Actions for Authenticator app') break;
      await page.keyboard.press('Tab');
    }
    await expectFocus(page, 'button: Actions for Authenticator app');
    const button = portal.menuButton('Authenticator app');

    await page.keyboard.press('Enter');
    await expect(button).toHaveAttribute('aria-expanded', 'true');
    await expect(page.getByRole('menu')).toBeVisible();
    await expectFocus(page, 'menuitem: Replace authenticator app');
    await page.keyboard.press('ArrowDown');
    await expectFocus(page, 'menuitem: Remove authenticator app');
    await page.keyboard.press('ArrowDown');
    await expectFocus(page, 'menuitem: Replace authenticator app');
    await page.keyboard.press('ArrowUp');
    await expectFocus(page, 'menuitem: Remove authenticator app');

    await page.keyboard.press('Escape');
    await expect(page.getByRole('menu')).toHaveCount(0);
    await expect(button).toHaveAttribute('aria-expanded', 'false');
    await expectFocus(page, 'button: Actions for Authenticator app');

    await page.keyboard.press('Space');
    await expectFocus(page, 'menuitem: Replace authenticator app');
    // Tab closes the menu and moves on from its button.
    await page.keyboard.press('Tab');
    await expect(page.getByRole('menu')).toHaveCount(0);
    await expectFocus(page, 'button: Actions for SMS');

    await page.keyboard.press('ArrowDown');
    await expectFocus(page, 'menuitem: Change phone number');
    await page.keyboard.press('Enter');
    await expect(portal.heading('Change phone number')).toBeVisible();
    await expect(portal.field('New phone number')).toBeVisible();
  });

  test('a password change signs out the other browser', async ({ page, browser, javaScriptEnabled }) => {
    const user = createUser('others');
    const portal = new Portal(page, javaScriptEnabled);
    await portal.signInWithCode(user);
    await portal.expectAccount();

    // A second browser signs in to the same account (by SMS: the code is used once).
    const other = await browser.newContext({
      baseURL: test.info().project.use.baseURL,
      javaScriptEnabled,
    });
    const otherPortal = new Portal(await other.newPage(), javaScriptEnabled);
    await otherPortal.signInWithSmsPin(user);
    await otherPortal.expectAccount();

    await portal.openTab('Authenticators');
    await portal.chooseFromMenu('Password', 'Change Password');
    const newPassword = strongPassword();
    await portal.field('Current password').fill(user.password);
    await portal.field('New password').fill(newPassword);
    await portal.field('Confirm password').fill(newPassword);
    await portal.submit(portal.button('Change password'));
    await expect(portal.heading(SIGNIN.changed)).toBeVisible();

    // This browser keeps its (renewed) session; the other one's has ended.
    await portal.open('/account');
    await portal.expectAccount();
    await otherPortal.open('/account');
    await expect(otherPortal.heading(SIGNIN.signedOut)).toBeVisible();
    await expect(otherPortal.heading(SIGNIN.account)).toHaveCount(0);
    await expect(otherPortal.link('Sign in')).toBeVisible();
    await other.close();
  });

  test('a temporary password leads to the forced change, and nothing else', async ({
    page,
    javaScriptEnabled,
  }) => {
    const user = createUserWithTemporaryPassword('temp');
    const portal = new Portal(page, javaScriptEnabled);
    await portal.signInWithCode(user);

    await expect(portal.heading(SIGNIN.forced)).toBeVisible();
    await expect(portal.button('Sign out')).toBeVisible();
    for (const path of ['/account/authenticators', '/account/activity', '/account/recovery-codes']) {
      await portal.open(path);
      await expect(portal.heading(SIGNIN.forced)).toBeVisible();
      await expect(page.getByRole('tab')).toHaveCount(0);
    }

    const newPassword = strongPassword();
    await portal.field('Current password').fill(user.password);
    await portal.field('New password').fill(newPassword);
    await portal.field('Confirm password').fill(newPassword);
    await portal.submit(portal.button('Change password'));
    await expect(portal.heading(SIGNIN.changed)).toBeVisible();

    await portal.open('/account');
    await portal.expectAccount();

    // The temporary password never becomes the lasting one.
    await portal.signOut();
    await portal.submitSignIn(user.userId, user.password);
    await expect(portal.alert(SIGNIN_FAILED)).toBeVisible();
  });

  test('without a session the account pages lead back to sign in', async ({ page, javaScriptEnabled }) => {
    const portal = new Portal(page, javaScriptEnabled);
    for (const path of ['/account', '/account/authenticators', '/account/password']) {
      await portal.open(path);
      await expect(portal.heading(SIGNIN.signedOut)).toBeVisible();
      await expect(portal.button('Sign out')).toHaveCount(0);
    }
    await portal.link('Sign in').click();
    await expect(portal.heading(SIGNIN.signIn)).toBeVisible();
  });

  test('a new phone number is confirmed with a PIN sent to it, and the old one told', async ({
    page,
    javaScriptEnabled,
  }) => {
    const user = createUser('phone');
    const portal = new Portal(page, javaScriptEnabled);
    await portal.signInWithCode(user);
    await portal.openTab('Authenticators');
    await portal.chooseFromMenu('SMS', 'Change phone number');

    await expect(portal.heading('Change phone number')).toBeVisible();
    const phone = newPhone();
    await portal.field('New phone number').fill(phone);
    await portal.submit(portal.button('Continue'));

    await expect(page.getByText(`We sent a PIN by SMS to ${maskedPhone(phone)}`)).toBeVisible();
    const reference = await portal.reference();
    const sms = await waitForMessage(phone, (m) => m.channel === 'sms' && m.text.includes(reference));
    expect(referenceFrom(sms.text)).toBe(reference);
    await portal.field('One-time PIN').fill(pinFrom(sms.text));
    await portal.submit(portal.button('Continue'));

    await expect(portal.tab('Authenticators')).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByRole('row', { name: /^SMS/ })).toContainText(maskedPhone(phone));
    await waitForMessage(
      user.email,
      (m) => m.channel === 'email' && (m.subject ?? '').includes('A change to how you sign in'),
    );
  });

  test('"Confirm it\'s you" when the server asks for a fresh proof, then the form again', async ({
    page,
    javaScriptEnabled,
  }) => {
    const user = createUser('reauth');
    const portal = new Portal(page, javaScriptEnabled);
    await portal.signInWithCode(user);
    await portal.expectAccount();

    // What a plain form post brings back when the last proof is more than 5 minutes old.
    const asked = `/account/authenticator-app?__path=/api/account/authenticator/begin&__err=${errorParam('ReauthRequired')}`;
    await portal.open(asked);
    await expect(portal.heading(SIGNIN.confirm)).toBeVisible();
    await expect(portal.alert('Confirm it is you')).toBeVisible();

    // A wrong password is refused.
    await portal.field('Current password').fill(strongPassword());
    await portal.submit(portal.button('Continue'));
    await expect(portal.alert('That is not your current password.')).toBeVisible();

    await portal.open(asked);
    await portal.field('Current password').fill(user.password);
    await portal.submit(portal.button('Continue'));
    if (javaScriptEnabled) {
      // Hydrated, the page shows its own form again at once.
      await expect(portal.heading('Replace authenticator app')).toBeVisible();
      await expect(portal.button('Replace authenticator app')).toBeVisible();
    } else {
      // Without JavaScript the server sends the browser back to the authenticators.
      await expect(portal.tab('Authenticators')).toHaveAttribute('aria-selected', 'true');
    }
    await portal.open('/account/activity');
    await expect(page.getByRole('row', { name: /Identity confirmed with the password/ })).toHaveCount(1);
  });

  test('focus moves to the heading of each new second-factor step', async ({ page, javaScriptEnabled }) => {
    test.skip(!javaScriptEnabled, 'without JavaScript every step is a fresh page load');
    const user = createUser('sffocus');
    const portal = new Portal(page, javaScriptEnabled);
    await portal.submitSignIn(user.userId, user.password);
    await expect(portal.heading(SIGNIN.code)).toBeFocused();
    await portal.submit(portal.link('Alternative Authentication'));
    await expect(portal.heading(SIGNIN.channels)).toBeFocused();
    await portal.submit(portal.button('Send PIN by email'));
    await expect(portal.heading(SIGNIN.pin)).toBeFocused();
  });
});
