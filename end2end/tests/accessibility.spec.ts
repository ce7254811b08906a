import { expect, test, type Locator, type Page } from '@playwright/test';
import { HEADINGS, Portal, SIGNIN_FAILED } from './portal';
import { createUser, strongPassword, wrongTotp, type TestUser } from './support';

/** What has focus now, as "TAG: text" (e.g. "H1: Enter your User ID"), for readable failures. */
async function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const element = document.activeElement;
    if (!element) return '(nothing)';
    return `${element.tagName}: ${(element.textContent ?? '').trim()}`;
  });
}

/** Focus must land on the page's main heading `heading` (the app moves it after a step change). */
async function expectFocusOnHeading(portal: Portal, heading: string): Promise<void> {
  await expect
    .poll(() => focused(portal.page), {
      message: `focus should move to the "${heading}" heading`,
    })
    .toBe(`H1: ${heading}`);
  await expect(portal.heading(heading)).toBeFocused();
}

test.describe('focus management', () => {
  test("focus moves to the new step's main heading after each step", async ({
    page,
    javaScriptEnabled,
  }) => {
    test.skip(!javaScriptEnabled, 'without JavaScript every step is a fresh page load');
    const user = createUser('focus');
    const portal = new Portal(page, javaScriptEnabled);

    await portal.open('/reset');
    await portal.expectStep(1, HEADINGS.userId);
    await portal.markDocument();

    await portal.submitUserId(user.userId);
    await portal.expectStep(2, HEADINGS.code);
    await expectFocusOnHeading(portal, HEADINGS.code);

    await portal.submitCurrentCode(user.totpSecret);
    await portal.expectStep(3, HEADINGS.pin);
    await expectFocusOnHeading(portal, HEADINGS.pin);

    // The steps changed in place, not through page loads that would reset focus anyway.
    await portal.expectSameDocument();
  });
});

test.describe('errors tied to their fields', () => {
  // What a screen reader says on the field: it is invalid, and its description is the message.
  async function expectTied(field: Locator, message: RegExp): Promise<void> {
    await expect(field).toHaveAttribute('aria-invalid', 'true');
    await expect(field).toHaveAccessibleDescription(message);
  }
  async function expectUntied(field: Locator): Promise<void> {
    await expect(field).not.toHaveAttribute('aria-invalid');
  }

  test('a wrong code, a wrong PIN and a mismatched confirmation each mark their own field', async ({
    page,
    javaScriptEnabled,
  }) => {
    const user = createUser('tied');
    const portal = new Portal(page, javaScriptEnabled);

    await portal.startReset(user.userId);
    const code = portal.field('Authenticator code');
    await expectUntied(code);
    await portal.submitCode(wrongTotp(user.totpSecret));
    await expect(portal.alert('That code is not correct')).toBeVisible();
    await expectTied(portal.field('Authenticator code'), /^That code is not correct/);

    await portal.submitCurrentCode(user.totpSecret);
    await portal.expectStep(3, HEADINGS.pin);
    await portal.expectPinSentBySms(user.phone);
    const { pin } = await portal.pinFor(user.phone, 'sms');
    await expectUntied(portal.field('One-time PIN'));
    await portal.submitPin(pin === '000000' ? '111111' : '000000');
    await expect(portal.alert('That PIN is not correct')).toBeVisible();
    await expectTied(portal.field('One-time PIN'), /^That PIN is not correct/);

    await portal.submitPin(pin);
    await portal.expectStep(4, HEADINGS.password);
    const password = strongPassword();
    await portal.submitPassword(password, `${password}x`);
    await expect(portal.alert('does not meet these rules: Both passwords match')).toBeVisible();
    await expectTied(portal.field('Confirm password'), /does not meet these rules: Both passwords match/);
    // The new password keeps its own descriptions (the checklist and the meter) and is fine.
    await expectUntied(portal.field('New password'));
    await expect(portal.field('New password')).toHaveAccessibleDescription(/Strength/);
  });

  test('a failed sign-in marks neither field: it must not tell which was wrong', async ({
    page,
    javaScriptEnabled,
  }) => {
    const user = createUser('tied-signin');
    const portal = new Portal(page, javaScriptEnabled);
    await portal.open('/');
    await portal.submitSignIn(user.userId, `${user.password}x`);
    await expect(portal.alert(SIGNIN_FAILED)).toBeVisible();
    await expectUntied(portal.field('User ID'));
    await expectUntied(portal.field('Password'));
  });
});

test.describe('reduced motion', () => {
  test('the strength bar moves only for those who have not asked for less motion', async ({
    page,
    javaScriptEnabled,
  }) => {
    const portal = new Portal(page, javaScriptEnabled);
    await toPasswordStep(portal, createUser('motion'));
    const bar = page.locator('#strength .bar');
    const duration = () => bar.evaluate((element) => getComputedStyle(element).transitionDuration);
    await page.emulateMedia({ reducedMotion: 'no-preference' });
    expect(await duration()).toBe('0.12s');
    await page.emulateMedia({ reducedMotion: 'reduce' });
    expect(await duration()).toBe('0s');
  });
});

/** Walks a new reset of `user` to the new-password step. */
async function toPasswordStep(portal: Portal, user: TestUser): Promise<void> {
  await portal.startReset(user.userId);
  await portal.submitCurrentCode(user.totpSecret);
  await portal.expectStep(3, HEADINGS.pin);
  await portal.expectPinSentBySms(user.phone);
  await portal.submitPin((await portal.pinFor(user.phone, 'sms')).pin);
  await portal.expectStep(4, HEADINGS.password);
}

test.describe('fields for phones and assistive technology', () => {
  test('codes ask for a number pad and a received code; the meter says its strength in words', async ({
    page,
    javaScriptEnabled,
  }) => {
    const user = createUser('fields');
    const portal = new Portal(page, javaScriptEnabled);
    await portal.startReset(user.userId);
    await expect(portal.field('Authenticator code')).toHaveAttribute('inputmode', 'numeric');
    await expect(portal.field('Authenticator code')).toHaveAttribute('autocomplete', 'one-time-code');
    await portal.submitCurrentCode(user.totpSecret);
    await portal.expectStep(3, HEADINGS.pin);
    await expect(portal.field('One-time PIN')).toHaveAttribute('inputmode', 'numeric');
    await expect(portal.field('One-time PIN')).toHaveAttribute('autocomplete', 'one-time-code');
    await portal.expectPinSentBySms(user.phone);
    await portal.submitPin((await portal.pinFor(user.phone, 'sms')).pin);
    await portal.expectStep(4, HEADINGS.password);

    // The meter's value in words is the visible label's, whatever the colour shows.
    const meter = page.getByRole('meter', { name: 'Password strength' });
    const label = page.locator('#strength .strength-label');
    await expect(meter).toHaveAttribute('aria-valuetext', /^(Very weak|Weak|Fair|Good|Strong)$/);
    if (javaScriptEnabled) {
      await portal.field('New password').fill('aaaaaaaaaaaa');
      await expect(label).toHaveText('Strength: Very weak');
      await expect(meter).toHaveAttribute('aria-valuetext', 'Very weak');
      await portal.field('New password').fill(strongPassword());
      await expect(label).toHaveText('Strength: Strong');
      await expect(meter).toHaveAttribute('aria-valuetext', 'Strong');
      await expect(meter).toHaveAttribute('aria-valuenow', '4');
    } else {
      await expect(label).toHaveText(`Strength: ${await meter.getAttribute('aria-valuetext')}`);
    }
  });
});
