import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect, test } from '@playwright/test';
import { Portal } from './portal';
import { newUserId } from './support';

// Two languages. The browser's languages pick one (`Accept-Language`), the switch at the foot
// of every page overrides them with a cookie, with or without JavaScript, and `<html lang>`
// follows. The German words expected here are read from the German catalogue itself, so the
// test checks that the page shows the catalogue, not a copy of it.

function catalogue(language: 'en' | 'de', namespace: string): Record<string, unknown> {
  const file = path.resolve(__dirname, '..', '..', 'locales', language, `${namespace}.json`);
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

const de = { common: catalogue('de', 'common'), errors: catalogue('de', 'errors') };
const en = { common: catalogue('en', 'common') };

test.describe('in German', () => {
  test.use({ locale: 'de-DE' });

  test('a German browser gets German; the switch changes the language and keeps it', async ({
    page,
    context,
    javaScriptEnabled,
  }) => {
    const portal = new Portal(page, javaScriptEnabled);
    await portal.open('/');
    await expect(page.locator('html')).toHaveAttribute('lang', 'de');
    await expect(page.locator('.site-footer p')).toHaveText(de.common.footer as string);
    await expect(page.getByRole('button', { name: 'Deutsch' })).toHaveAttribute('aria-pressed', 'true');
    await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toHaveCount(0);

    // English, by the switch: the same page again, now in English, and the choice is kept.
    await page.getByRole('button', { name: 'English' }).click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page).toHaveURL(/\/$/);
    await portal.waitForHydration();
    await expect(portal.heading('Sign in')).toBeVisible();
    await expect(page.locator('.site-footer p')).toHaveText(en.common.footer as string);
    const cookies = await context.cookies();
    expect(cookies.find((c) => c.name === 'i18n_pref_locale')?.value).toBe('en');

    await portal.open('/reset');
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page.getByText('Enter your User ID').first()).toBeVisible();

    // Back to German from another page: the person stays on that page.
    await page.getByRole('button', { name: 'Deutsch' }).click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'de');
    await expect(page).toHaveURL(/\/reset$/);
  });

  test('errors are in German too', async ({ page, javaScriptEnabled }) => {
    const portal = new Portal(page, javaScriptEnabled);
    await portal.open('/');
    await page.locator('#user_id').fill(newUserId('lang'));
    await page.locator('#password').fill('not the password at all');
    await page.locator('form button[type="submit"].primary').first().click();
    await expect(page.getByRole('alert').filter({ hasText: de.errors.sign_in_failed as string })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'de');
  });

  test('the page keeps its language when the browser\'s languages change', async ({
    page,
    javaScriptEnabled,
  }) => {
    test.skip(!javaScriptEnabled, 'only a hydrated page could follow the browser\'s event');
    const portal = new Portal(page, javaScriptEnabled);
    await portal.open('/');
    // The browser now prefers English and says so, as it does when its settings change.
    await page.evaluate(() => {
      Object.defineProperty(navigator, 'languages', { get: () => ['en-US', 'en'] });
      Object.defineProperty(navigator, 'language', { get: () => 'en-US' });
      window.dispatchEvent(new Event('languagechange'));
    });
    // What the page draws afterwards is in the language the server chose, as is all the rest.
    await page.locator('#user_id').fill(newUserId('lang'));
    await page.locator('#password').fill('not the password at all');
    await page.locator('form button[type="submit"].primary').first().click();
    await expect(page.getByRole('alert').filter({ hasText: de.errors.sign_in_failed as string })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'de');
    await expect(page.locator('.site-footer p')).toHaveText(de.common.footer as string);
  });
});
