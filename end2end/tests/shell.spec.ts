import { expect, test } from '@playwright/test';
import { HEADINGS, Portal } from './portal';

test.describe('sign-in page', () => {
  test('renders its heading, fields, button and reset link', async ({ page, javaScriptEnabled }) => {
    const portal = new Portal(page, javaScriptEnabled);
    await portal.open('/');

    await expect(portal.heading('Sign in')).toBeVisible();
    await expect(portal.field('User ID')).toBeVisible();
    await expect(portal.field('User ID')).toBeEditable();
    await expect(portal.field('Password')).toBeVisible();
    await expect(portal.field('Password')).toHaveAttribute('type', 'password');
    await expect(portal.button('Sign in')).toBeVisible();
    await expect(portal.link('Password locked or forgotten?')).toHaveAttribute('href', /\/reset$/);
  });

  test('the reset link leads to step 1 of the wizard', async ({ page, javaScriptEnabled }) => {
    const portal = new Portal(page, javaScriptEnabled);
    await portal.open('/');

    await portal.link('Password locked or forgotten?').click();

    await expect(page).toHaveURL(/\/reset$/);
    await portal.expectStep(1, HEADINGS.userId);
    await expect(portal.field('User ID')).toBeVisible();
    await expect(portal.button('Continue')).toBeVisible();
  });

  test('hydrates: "Show password" toggles the field without a page load', async ({
    page,
    javaScriptEnabled,
  }) => {
    test.skip(!javaScriptEnabled, 'hydration needs JavaScript');
    const portal = new Portal(page, javaScriptEnabled);
    await portal.open('/'); // waits for <html data-hydrated="true">

    const password = portal.field('Password');
    const toggle = portal.button('Show password');
    await expect(password).toHaveAttribute('type', 'password');
    await expect(toggle).toHaveAttribute('aria-pressed', 'false');

    await portal.markDocument();
    await toggle.click();

    await expect(password).toHaveAttribute('type', 'text');
    await expect(toggle).toHaveAttribute('aria-pressed', 'true');
    await portal.expectSameDocument();

    await toggle.click();
    await expect(password).toHaveAttribute('type', 'password');
    await expect(toggle).toHaveAttribute('aria-pressed', 'false');
    await portal.expectSameDocument();
  });
});

test('GET /healthz answers 200 "ok"', async ({ request }) => {
  const res = await request.get('/healthz');
  expect(res.status()).toBe(200);
  expect(await res.text()).toContain('ok');
});
