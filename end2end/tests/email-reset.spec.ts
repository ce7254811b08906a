import { expect, test } from '@playwright/test';
import { Portal, SIGNIN, SIGNIN_FAILED } from './portal';
import { createUser, messagesTo, newUserId, strongPassword, totp, waitForMessage } from './support';

// "I've forgotten my password": the sign-in page's link → "Reset your password by email" →
// two emails → the link's "Get a temporary password" → "Continue" → the temporary password
// by email → sign in with it and the second factor → "Choose a new password" → done.

const subject = (words: string) => (m: { channel: string; subject: string | null }) =>
  m.channel === 'email' && (m.subject ?? '') === words;

test.describe('the forgotten password by email', () => {
  test('from the sign-in page to "Your password has been changed"', async ({ page, javaScriptEnabled }) => {
    const user = createUser('mail');
    const portal = new Portal(page, javaScriptEnabled);

    await portal.open('/');
    if (javaScriptEnabled) {
      // The User ID typed on the sign-in page comes along.
      await portal.field('User ID').fill(user.userId);
    }
    await portal.link("I've forgotten my password").click();
    await expect(portal.heading('Reset your password by email')).toBeVisible();
    await portal.waitForHydration();
    if (javaScriptEnabled) {
      await expect(portal.field('User ID')).toHaveValue(user.userId);
    } else {
      await portal.field('User ID').fill(user.userId);
    }
    await portal.field('Email address').fill(user.email.toUpperCase().replace(/^[^@]*/, (l) => l.toLowerCase()));
    await portal.submit(portal.button('Continue'));
    await expect(portal.heading('Check your email')).toBeVisible();
    await expect(
      page.getByText('If the User ID and email address match an account, we have sent two emails to that address.'),
    ).toBeVisible();

    // Email 1: the notification; email 2: one link, to the portal.
    const notice = await waitForMessage(user.email, subject('A password reset was requested'));
    expect(notice.text).toContain('If it was not you');
    const mail = await waitForMessage(user.email, subject('Your password reset link'));
    const links = mail.text.match(/https?:\/\/\S+/g) ?? [];
    expect(links).toHaveLength(1);
    const link = links[0]!;
    expect(link.startsWith(`${process.env.KEYTURN_E2E_URL ?? 'http://127.0.0.1:3000'}/email-reset/link?token=`)).toBe(
      true,
    );

    // The link's page: opening it changes nothing; "Continue" gets the temporary password.
    await portal.open(link);
    await expect(portal.heading('Get a temporary password')).toBeVisible();
    await page.reload();
    await portal.waitForHydration();
    await expect(portal.heading('Get a temporary password')).toBeVisible();
    await portal.submit(portal.button('Continue'));
    await expect(portal.heading('Check your email')).toBeVisible();
    // The token has left the address bar.
    await expect(page).toHaveURL(/\/email-reset\/done$/);
    const third = await waitForMessage(user.email, subject('Your temporary password'));
    const temporary = /Temporary password: (\S+)/.exec(third.text)?.[1];
    expect(temporary).toMatch(/^[A-Z2-9]{4}(-[A-Z2-9]{4}){3}$/);

    // The link works once.
    await portal.open(link);
    await expect(portal.heading('This link can no longer be used')).toBeVisible();
    await expect(portal.link('Ask for a new link')).toBeVisible();

    // Sign in with it: the second factor, then only the forced change.
    await portal.open('/');
    await portal.submitSignIn(user.userId, temporary!);
    await expect(portal.heading(SIGNIN.code)).toBeVisible();
    await portal.submitCode(totp(user.totpSecret));
    await expect(portal.heading(SIGNIN.forced)).toBeVisible();
    const newPassword = strongPassword();
    await portal.field('Current password').fill(temporary!);
    await portal.field('New password').fill(newPassword);
    await portal.field('Confirm password').fill(newPassword);
    await portal.submit(portal.button('Change password'));
    await expect(portal.heading(SIGNIN.changed)).toBeVisible();
    await waitForMessage(user.email, subject('Your password was changed'));

    // Only the new password signs in now.
    await portal.signOut();
    await portal.submitSignIn(user.userId, temporary!);
    await expect(portal.alert(SIGNIN_FAILED)).toBeVisible();
    await portal.submitSignIn(user.userId, user.password);
    await expect(portal.alert(SIGNIN_FAILED)).toBeVisible();
    await portal.submitSignIn(user.userId, newPassword);
    await expect(portal.heading(SIGNIN.code)).toBeVisible();
  });

  test('an unknown User ID gets the same "Check your email", and nothing is sent', async ({
    page,
    javaScriptEnabled,
  }) => {
    const portal = new Portal(page, javaScriptEnabled);
    const nobody = newUserId('nobody');
    await portal.open('/email-reset');
    await portal.field('User ID').fill(nobody);
    await portal.field('Email address').fill(`${nobody}@example.com`);
    await portal.submit(portal.button('Continue'));
    await expect(portal.heading('Check your email')).toBeVisible();
    await expect(
      page.getByText('If the User ID and email address match an account, we have sent two emails to that address.'),
    ).toBeVisible();
    await page.waitForTimeout(1_000);
    expect(await messagesTo(`${nobody}@example.com`)).toHaveLength(0);
  });
});
