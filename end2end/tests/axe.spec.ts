import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { HEADINGS, Portal, SIGNIN, SIGNIN_FAILED } from './portal';
import { createUser, strongPassword, wrongTotp } from './support';

// axe-core on the pages of all three flows, in the states a person meets them, light and dark:
// 0 violations of WCAG 2.1 A and AA. Both projects run it, so each page is checked hydrated and
// as the plain page a browser without JavaScript gets.

const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/**
 * Checks the page as it is now, in the light and the dark theme. axe runs as a script in the
 * page, so a page without JavaScript is analysed as it was served: its HTML with the scripts
 * taken out, in a page of its own at the same address (its styles load as usual).
 */
async function expectAccessible(page: Page, js: boolean, state: string): Promise<void> {
  if (js) {
    await analyse(page, state);
    return;
  }
  const url = page.url();
  const html = (await page.content()).replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, '');
  const context = await page.context().browser()!.newContext({ javaScriptEnabled: true });
  try {
    const served = await context.newPage();
    await served.route(url, (route) => route.fulfill({ contentType: 'text/html; charset=utf-8', body: html }));
    await served.goto(url);
    await analyse(served, `${state} (without JavaScript)`);
  } finally {
    await context.close();
  }
}

async function analyse(page: Page, state: string): Promise<void> {
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    const { violations, passes } = await new AxeBuilder({ page }).withTags(WCAG_21_AA).analyze();
    // The page was really analysed: rules found elements to check and they passed.
    expect(passes.length, `${state}: axe checked nothing`).toBeGreaterThan(0);
    const found = violations.map(
      (v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.map((n) => n.target.join(' ')).join('\n    ')}`,
    );
    expect(found, `${state}, ${colorScheme} theme`).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: null });
}

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
