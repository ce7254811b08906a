import { expect, test } from '@playwright/test';
import { HEADINGS, Portal } from './portal';
import { createUser, SUPPORT_CONTACT, unlockUser, waitForMessage, wrongTotp } from './support';

const LOCKOUT_THRESHOLD = 5;

test.describe('lockout', () => {
  test('five wrong codes lock the account until an administrator unlocks it', async ({
    page,
    javaScriptEnabled,
  }) => {
    const user = createUser('lock');
    const portal = new Portal(page, javaScriptEnabled);

    await portal.startReset(user.userId);
    for (let attempt = 1; attempt < LOCKOUT_THRESHOLD; attempt++) {
      await portal.submitCode(wrongTotp(user.totpSecret));
      await expect(portal.alert('That code is not correct'), `attempt ${attempt}`).toBeVisible();
      await expect(portal.heading(HEADINGS.code), `attempt ${attempt}`).toBeVisible();
    }
    await portal.submitCode(wrongTotp(user.totpSecret));

    // The page says so, when it ends, and whom to call.
    await expect(portal.heading(HEADINGS.locked)).toBeVisible();
    await expect(page.getByText(/locked until/i).first()).toBeVisible();
    await expect(page.getByText(SUPPORT_CONTACT).first()).toBeVisible();

    // The owner is told by email.
    const notice = await waitForMessage(
      user.email,
      (m) => m.channel === 'email' && `${m.subject ?? ''}\n${m.text}`.includes('Your account has been locked'),
    );
    expect(notice.to.toLowerCase()).toBe(user.email.toLowerCase());

    // A new reset stops right after the User ID.
    await portal.restart();
    await portal.submitUserId(user.userId);
    await expect(portal.heading(HEADINGS.locked)).toBeVisible();
    await expect(page.getByText(SUPPORT_CONTACT).first()).toBeVisible();
    await expect(portal.field('Authenticator code')).toHaveCount(0);

    // An administrator unlocks it; the next reset gets past the authenticator.
    unlockUser(user.userId);
    await portal.restart();
    await portal.submitUserId(user.userId);
    await portal.expectStep(2, HEADINGS.code);
    await portal.submitCurrentCode(user.totpSecret);
    await portal.expectStep(3, HEADINGS.pin);
    await portal.expectPinSentBySms(user.phone);
  });
});
