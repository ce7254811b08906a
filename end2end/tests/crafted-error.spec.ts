import { expect, test } from '@playwright/test';
import { HEADINGS, Portal } from './portal';

// Without JavaScript an error travels back to the page in the URL (`__path` names the server
// function, `__err` holds the error). A link anyone can craft must never put its own words in
// the page's alert: only our fixed texts for our own codes can appear.

/** The error as the server writes it: JSON, base64url with padding, URL-encoded. */
function errorParam(json: unknown): string {
  const base64 = Buffer.from(JSON.stringify(json)).toString('base64');
  return encodeURIComponent(base64.replace(/\+/g, '-').replace(/\//g, '_'));
}

const ATTACKER_TEXT = 'Call +1 555 0100 and read out your PIN';

test.describe('an error carried in the URL', () => {
  test('shows no text that arrived in the URL', async ({ page, javaScriptEnabled }) => {
    const portal = new Portal(page, javaScriptEnabled);
    // The shape of an error before errors were codes: free text inside a known variant.
    const crafted = errorParam({ Invalid: ATTACKER_TEXT });
    await portal.open(`/reset?__path=/api/reset/start&__err=${crafted}`);

    await portal.expectStep(1, HEADINGS.userId);
    await expect(page.getByText(ATTACKER_TEXT)).toHaveCount(0);
    await expect(page.locator('body')).not.toContainText('555 0100');
    // What does decode is our own fixed sentence for a malformed request.
    await expect(portal.alert('The request was malformed.')).toBeVisible();
  });

  test('a valid code shows only its fixed text', async ({ page, javaScriptEnabled }) => {
    const portal = new Portal(page, javaScriptEnabled);
    await portal.open(`/reset?__path=/api/reset/start&__err=${errorParam('RateLimited')}`);

    await expect(portal.alert('Too many requests. Wait a minute and try again.')).toBeVisible();
  });

  test('text that is not base64 at all changes nothing but the fixed text', async ({
    page,
    javaScriptEnabled,
  }) => {
    const portal = new Portal(page, javaScriptEnabled);
    await portal.open(
      `/reset?__path=/api/reset/start&__err=${encodeURIComponent(ATTACKER_TEXT)}`,
    );

    await portal.expectStep(1, HEADINGS.userId);
    await expect(page.locator('body')).not.toContainText('555 0100');
  });
});
