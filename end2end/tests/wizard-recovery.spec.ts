import { expect, test } from '@playwright/test';
import { HEADINGS, Portal } from './portal';
import { createUser } from './support';

// A recovery code stands in for the authenticator code in the reset wizard too, once.
test('the wizard takes a recovery code in place of the authenticator code', async ({
  page,
  javaScriptEnabled,
}) => {
  const user = createUser('wizrec');
  const portal = new Portal(page, javaScriptEnabled);

  // Recovery codes are generated from the account page.
  await portal.signInWithCode(user);
  await portal.expectAccount();
  await portal.openTab('Authenticators');
  await portal.chooseFromMenu('Recovery codes', 'Generate recovery codes');
  await portal.submit(portal.button('Generate recovery codes'));
  const codes = await page.locator('.recovery-codes code').allInnerTexts();
  expect(codes).toHaveLength(10);
  await portal.signOut();

  await portal.startReset(user.userId);
  await portal.expectStep(2, HEADINGS.code);
  // A link: a page load without JavaScript, the app's own navigation with it.
  await portal.link('Use a recovery code').click();
  await expect(portal.field('Recovery code')).toBeVisible();
  await portal.field('Recovery code').fill(codes[5]);
  await portal.submit(portal.button('Continue'));
  await portal.expectStep(3, HEADINGS.pin);
  await portal.expectPinSentBySms(user.phone);

  // Used once: a second reset refuses it.
  await portal.restart();
  await portal.startReset(user.userId);
  // A link: a page load without JavaScript, the app's own navigation with it.
  await portal.link('Use a recovery code').click();
  await expect(portal.field('Recovery code')).toBeVisible();
  await portal.field('Recovery code').fill(codes[5]);
  await portal.submit(portal.button('Continue'));
  await expect(portal.alert('That recovery code is not correct or has been used already.')).toBeVisible();
});
