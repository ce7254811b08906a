import { expect, test, type Page } from '@playwright/test';
import { HEADINGS, Portal } from './portal';
import { createUser } from './support';

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
