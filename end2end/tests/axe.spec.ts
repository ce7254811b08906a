import { expect, test } from '@playwright/test';
import { expectAccessible } from './axe-check';
import { HEADINGS, Portal, SIGNIN, SIGNIN_FAILED } from './portal';
import { createUser, strongPassword, wrongTotp } from './support';

// axe-core on the pages of all three flows, in the states a person meets them, light and dark:
// 0 violations of WCAG 2.1 A and AA. Both projects run it, so each page is checked hydrated and
// as the plain page a browser without JavaScript gets.

test.describe('WCAG 2.1 AA (axe-core), light and dark', () => {
  // Each state is analysed twice; a whole flow of them takes longer than one test usually may.
  test.describe.configure({ timeout: 120_000 });
  test('the reset wizard, every step and a wrong code', async ({ page, javaScriptEnabled }) => {
    const user = createUser('axe-reset');
    const portal = new Portal(page, javaScriptEnabled);

    await portal.open('/reset');
    await portal.expectStep(1, HEADINGS.userId);
    await expectAccessible(page, javaScriptEnabled, 'step 1, User ID');

    await portal.submitUserId(user.userId);
    await portal.expectStep(2, HEADINGS.code);
    await expectAccessible(page, javaScriptEnabled, 'step 2, authenticator code');

    await portal.submitCode(wrongTotp(user.totpSecret));
    await expect(page.getByRole('alert')).toBeVisible();
    await expectAccessible(page, javaScriptEnabled, 'step 2, a wrong code');

    await portal.submitCurrentCode(user.totpSecret);
    await portal.expectStep(3, HEADINGS.pin);
    await expectAccessible(page, javaScriptEnabled, 'step 3, PIN sent with its reference');

    const { pin } = await portal.pinFor(user.phone, 'sms');
    await portal.submitPin(pin);
    await portal.expectStep(4, HEADINGS.password);
    if (javaScriptEnabled) {
      // The checklist half ticked and the meter showing a weak password.
      await portal.field('New password').fill('short1');
    }
    await expectAccessible(page, javaScriptEnabled, 'step 4, new password');

    await portal.submitPassword(strongPassword());
    await expect(portal.heading(HEADINGS.done)).toBeVisible();
    await expectAccessible(page, javaScriptEnabled, 'done');
  });

  test('signing in, a failed sign-in and the account tabs', async ({ page, javaScriptEnabled }) => {
    const user = createUser('axe-signin');
    const portal = new Portal(page, javaScriptEnabled);

    await portal.open('/');
    await expectAccessible(page, javaScriptEnabled, 'sign-in page');

    await portal.submitSignIn(user.userId, 'not the password at all');
    await expect(page.getByText(SIGNIN_FAILED)).toBeVisible();
    await expectAccessible(page, javaScriptEnabled, 'sign-in failed');

    await portal.submitSignIn(user.userId, user.password);
    await expect(portal.heading(SIGNIN.code)).toBeVisible();
    await expectAccessible(page, javaScriptEnabled, 'sign-in, authenticator code');
    await portal.submitCurrentCode(user.totpSecret);
    await portal.expectAccount();
    await expectAccessible(page, javaScriptEnabled, 'account, Profile');
    for (const tab of ['Authenticators', 'Activity'] as const) {
      await portal.openTab(tab);
      await expectAccessible(page, javaScriptEnabled, `account, ${tab}`);
    }
  });

  test('the forgotten password by email', async ({ page, javaScriptEnabled }) => {
    const user = createUser('axe-mail');
    const portal = new Portal(page, javaScriptEnabled);

    await portal.open('/');
    await portal.link("I've forgotten my password").click();
    await expect(portal.heading('Reset your password by email')).toBeVisible();
    await portal.waitForHydration();
    await expectAccessible(page, javaScriptEnabled, 'reset by email');

    await portal.field('User ID').fill(user.userId);
    await portal.field('Email address').fill(user.email);
    await portal.submit(portal.button('Continue'));
    await expect(portal.heading('Check your email')).toBeVisible();
    await expectAccessible(page, javaScriptEnabled, 'check your email');
  });
});
