import { expect, test } from '@playwright/test';
import { HEADINGS, Portal, SIGNIN, SIGNIN_FAILED } from './portal';
import {
  createUser,
  createUserWithoutAuthenticator,
  maskedPhone,
  newUserId,
  strongPassword,
  totp,
  waitForMessage,
  waitForNextTotpStep,
} from './support';

test.describe('sign in, then change the password from the account', () => {
  test("the portal's path: Alternative Authentication, SMS PIN, Authenticators, Change Password", async ({
    page,
    javaScriptEnabled,
  }) => {
    const user = createUser('path');
    const portal = new Portal(page, javaScriptEnabled);

    // 1. User ID and password.
    await portal.open('/');
    await portal.field('User ID').fill(user.userId);
    await portal.field('Password').fill(user.password);
    await portal.submit(portal.button('Sign in'));

    // 2. Asked for the authenticator code, the person chooses "Alternative Authentication".
    await expect(portal.heading(SIGNIN.code)).toBeVisible();
    await expect(portal.field('Authenticator code')).toBeVisible();
    await expect(portal.button('Continue')).toBeVisible();
    await portal.submit(portal.link('Alternative Authentication'));
    await expect(portal.button('Send PIN by SMS')).toBeVisible();
    await expect(portal.button('Send PIN by email')).toBeVisible();
    await portal.markDocument();
    await portal.submit(portal.button('Send PIN by SMS'));

    // The PIN step names the masked phone and the reference of the PIN. It is a step of
    // the same page, drawn in place; its address is the page's own again.
    await expect(portal.heading(SIGNIN.pin)).toBeVisible();
    await portal.expectSameDocument();
    await expect(page).toHaveURL(/\/signin$/);
    await expect(page.getByText(`We sent a PIN by SMS to ${maskedPhone(user.phone)}`)).toBeVisible();
    await expect(portal.button('Send a new PIN')).toBeVisible();
    const { pin } = await portal.pinFor(user.phone, 'sms');
    await portal.submitPin(pin);

    // 3. The account page; its second tab holds the authenticators.
    await portal.expectAccount();
    await expect(page).toHaveURL(/\/account$/);
    await portal.openTab('Authenticators');
    await expect(page).toHaveURL(/\/account\/authenticators/);
    const table = page.getByRole('tabpanel').getByRole('table');
    await expect(table.getByRole('row', { name: /Password/ })).toBeVisible();

    // 4. The Password row's three dots hold "Change Password".
    await portal.chooseFromMenu('Password', 'Change Password');
    await expect(portal.heading(SIGNIN.changePassword)).toBeVisible();
    await expect(portal.field('Current password')).toBeVisible();
    await expect(portal.rule('At least 12 characters')).toBeVisible();

    const newPassword = strongPassword();
    await portal.field('Current password').fill(user.password);
    await portal.field('New password').fill(newPassword);
    await portal.field('Confirm password').fill(newPassword);
    if (javaScriptEnabled) await expect(portal.rule('At least 12 characters')).toHaveAttribute('data-state', 'met');
    await portal.submit(portal.button('Change password'));

    await expect(portal.heading(SIGNIN.changed)).toBeVisible();
    const notice = await waitForMessage(
      user.email,
      (m) => m.channel === 'email' && (m.subject ?? '').includes('Your password was changed'),
    );
    expect(notice.to.toLowerCase()).toBe(user.email.toLowerCase());

    // The new password is the one that signs in now; the old one is refused.
    await portal.signOut();
    await portal.submitSignIn(user.userId, user.password);
    await expect(portal.alert(SIGNIN_FAILED)).toBeVisible();
    await portal.submitSignIn(user.userId, newPassword);
    await expect(portal.heading(SIGNIN.code)).toBeVisible();
  });

  test('a wrong password and an unknown User ID get the same answer', async ({
    page,
    javaScriptEnabled,
  }) => {
    const user = createUser('wrongpw');
    const portal = new Portal(page, javaScriptEnabled);

    await portal.submitSignIn(user.userId, strongPassword());
    await expect(portal.alert(SIGNIN_FAILED)).toBeVisible();
    await expect(portal.heading(SIGNIN.signIn)).toBeVisible();
    const wrong = (await page.locator('main').ariaSnapshot()).split(user.userId).join('<user>');

    const unknown = newUserId('nobody');
    await portal.submitSignIn(unknown, strongPassword());
    await expect(portal.alert(SIGNIN_FAILED)).toBeVisible();
    const missing = (await page.locator('main').ariaSnapshot()).split(unknown).join('<user>');
    expect(missing).toBe(wrong);
  });

  test('an account without an authenticator goes straight to the PIN channels', async ({
    page,
    javaScriptEnabled,
  }) => {
    const user = createUserWithoutAuthenticator('noapp');
    const portal = new Portal(page, javaScriptEnabled);

    await portal.submitSignIn(user.userId, user.password);
    await expect(portal.heading(SIGNIN.channels)).toBeVisible();
    await expect(portal.heading(SIGNIN.code)).toHaveCount(0);
    await portal.submit(portal.button('Send PIN by email'));
    await expect(portal.heading(SIGNIN.pin)).toBeVisible();
    const { pin } = await portal.pinFor(user.email, 'email');
    await portal.submitPin(pin);
    await portal.expectAccount();
  });

  test('an authenticator app set up from its secret text then signs in', async ({
    page,
    javaScriptEnabled,
  }) => {
    test.setTimeout(120_000);
    const user = createUserWithoutAuthenticator('setup');
    const portal = new Portal(page, javaScriptEnabled);

    await portal.signInWithSmsPin(user);
    await portal.expectAccount();
    await portal.openTab('Authenticators');
    const row = page.getByRole('row', { name: /Authenticator app/ });
    await expect(row).toContainText('Not set up');
    await portal.chooseFromMenu('Authenticator app', 'Set up authenticator app');

    await expect(portal.heading('Set up authenticator app')).toBeVisible();
    await portal.submit(portal.button('Set up authenticator app'));
    await expect(page.getByRole('img', { name: /QR code/ })).toBeVisible();
    await expect(page.getByRole('img', { name: /QR code/ }).locator('svg')).toHaveCount(1);
    const secret = (await page.locator('#totp-secret').innerText()).trim();
    expect(secret).toMatch(/^[A-Z2-7]{26,}$/);
    await expect(page.locator('#totp-uri')).toContainText('otpauth://totp/');

    const usedAt = Date.now();
    await portal.field('Authenticator code').fill(totp(secret, usedAt));
    await portal.submit(portal.button('Continue'));
    await expect(portal.heading(SIGNIN.account)).toBeVisible();
    await expect(page.getByRole('row', { name: /Authenticator app/ })).toContainText('Set up');
    await waitForMessage(
      user.email,
      (m) => m.channel === 'email' && (m.subject ?? '').includes('A change to how you sign in'),
    );

    // Signing in now asks for the app's code; a code is accepted once, so use the next one.
    await portal.signOut();
    await portal.submitSignIn(user.userId, user.password);
    await expect(portal.heading(SIGNIN.code)).toBeVisible();
    await waitForNextTotpStep(usedAt);
    await portal.submitCode(totp(secret));
    await portal.expectAccount();
  });

  test('a recovery code signs in once, and is refused the second time', async ({
    page,
    javaScriptEnabled,
  }) => {
    const user = createUser('recov');
    const portal = new Portal(page, javaScriptEnabled);

    await portal.signInWithCode(user);
    await portal.expectAccount();
    await portal.openTab('Authenticators');
    await portal.chooseFromMenu('Recovery codes', 'Generate recovery codes');
    await expect(portal.heading('Generate recovery codes')).toBeVisible();
    await portal.submit(portal.button('Generate recovery codes'));

    await expect(portal.heading('Your new recovery codes')).toBeVisible();
    await expect(page.getByText('they will not be shown again')).toBeVisible();
    const codes = await page.locator('.recovery-codes code').allInnerTexts();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);

    // Shown once: opening the page again shows none of them.
    await portal.open('/account/recovery-codes');
    await expect(portal.heading('Generate recovery codes')).toBeVisible();
    await expect(page.getByText(codes[0])).toHaveCount(0);

    for (const attempt of ['first', 'second'] as const) {
      await portal.signOut();
      await portal.submitSignIn(user.userId, user.password);
      await expect(portal.heading(SIGNIN.code)).toBeVisible();
      await portal.submit(portal.link('Use a recovery code'));
      await expect(portal.heading(SIGNIN.recovery)).toBeVisible();
      await portal.field('Recovery code').fill(codes[3]);
      await portal.submit(portal.button('Continue'));
      if (attempt === 'first') {
        await portal.expectAccount();
        await portal.openTab('Authenticators');
        await expect(page.getByRole('row', { name: /Recovery codes/ })).toContainText('9 left');
      } else {
        await expect(portal.alert('That recovery code is not correct or has been used already.')).toBeVisible();
        await expect(portal.heading(SIGNIN.recovery)).toBeVisible();
        await expect(portal.heading(SIGNIN.account)).toHaveCount(0);
      }
    }
  });

  test('the User ID typed before "Password locked or forgotten?" carries into the wizard', async ({
    page,
    javaScriptEnabled,
  }) => {
    const user = createUser('carry');
    const portal = new Portal(page, javaScriptEnabled);
    await portal.open('/');
    await portal.field('User ID').fill(user.userId);

    if (javaScriptEnabled) {
      await expect(portal.link('Password locked or forgotten?')).toHaveAttribute(
        'href',
        `/reset?user_id=${user.userId}`,
      );
      await portal.link('Password locked or forgotten?').click();
    } else {
      // A link cannot carry what was typed: the sign-in form's second button does.
      await portal.submit(portal.button('Password locked or forgotten?'));
    }

    await portal.expectStep(1, HEADINGS.userId);
    await expect(portal.field('User ID')).toHaveValue(user.userId);
    await portal.submit(portal.button('Continue'));
    await portal.expectStep(2, HEADINGS.code);
  });

  test('the second-factor page without a sign-in in progress leads back to sign in', async ({
    page,
    javaScriptEnabled,
  }) => {
    const portal = new Portal(page, javaScriptEnabled);
    await portal.open('/signin');
    await expect(portal.heading('Sign in first')).toBeVisible();
    await portal.link('Back to sign in').click();
    await expect(portal.heading(SIGNIN.signIn)).toBeVisible();
  });
});
