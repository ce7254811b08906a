import * as path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { expectAccessible } from './axe-check';

// The design gallery (`/design`), served by the dev-mode server the test script starts beside
// the production one: every state of every page, light and dark, passes axe-core at WCAG 2.1 AA,
// hydrated and as served without JavaScript. The hydrated run does it again in German, and
// writes a screenshot of each state in each language and theme to
// `end2end/screenshots/<language>/<theme>/<state>.png`, for designers to look at without running
// anything.

const GALLERY = process.env.KEYTURN_E2E_DEV_URL ?? 'http://127.0.0.1:3001';
const SCREENSHOTS = path.resolve(__dirname, '..', 'screenshots');
const THEMES = ['light', 'dark'] as const;
/** The states are checked in this many tests, so that both workers share them. */
const PARTS = 4;

interface Listed {
  id: string;
  title: string;
  /** The state's address in each theme, as the index links it. */
  href: Record<(typeof THEMES)[number], string>;
}

/** The states as the gallery's index lists them. */
async function listedStates(page: Page): Promise<Listed[]> {
  await page.goto(`${GALLERY}/design`);
  await expect(page.getByRole('heading', { level: 1, name: 'Design gallery' })).toBeVisible();
  return page.locator('li[data-state]').evaluateAll((items) =>
    items.map((item) => {
      const links = [...item.querySelectorAll('a')];
      const of = (word: string) => links.find((a) => a.textContent === word)!.getAttribute('href')!;
      return {
        id: item.getAttribute('data-state')!,
        title: links[0].textContent!,
        href: { light: of('light'), dark: of('dark') },
      };
    }),
  );
}

async function backgroundOf(page: Page): Promise<string> {
  return page.evaluate(() => getComputedStyle(document.body).backgroundColor);
}

test.describe('the design gallery', () => {
  test('the index lists every state once; the themes carry; production has no gallery', async ({
    page,
    request,
  }) => {
    const states = await listedStates(page);
    expect(new Set(states.map((s) => s.id)).size, 'state ids are unique').toBe(states.length);
    await expect(page.getByText(`${states.length} states of every page`)).toBeVisible();
    // Every flow's pages are there, and more than one state of each.
    for (const flow of ['Sign in and the second factor', 'Your account', 'Reset by email']) {
      await expect(page.getByRole('heading', { level: 2, name: flow })).toBeVisible();
    }
    expect(states.length).toBeGreaterThan(80);

    // The theme switch overrides the system's scheme, and the system's scheme is followed
    // without it: the tokens carry into the page's colours.
    const state = states[0];
    await page.goto(`${GALLERY}${state.href.light}`);
    const light = await backgroundOf(page);
    await page.goto(`${GALLERY}${state.href.dark}`);
    const dark = await backgroundOf(page);
    expect(dark).not.toBe(light);
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto(`${GALLERY}${state.href.dark}`);
    expect(await backgroundOf(page), 'the switch wins over the system').toBe(dark);
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto(`${GALLERY}/design?state=${state.id}`);
    expect(await backgroundOf(page), 'without the switch, the system decides').toBe(dark);

    await page.goto(`${GALLERY}/design?state=no-such-state`);
    await expect(page.getByRole('heading', { level: 1, name: 'No such state' })).toBeVisible();

    const production = await request.get('/design');
    expect(production.status(), 'the production server has no gallery').toBe(404);
  });

  for (let part = 0; part < PARTS; part++) {
    test(`every state, light and dark: 0 axe violations (part ${part + 1} of ${PARTS})`, async ({
      page,
      context,
      javaScriptEnabled,
    }) => {
      // About 50 pages (100 with German), each analysed once: far longer than one test usually
      // may take.
      test.setTimeout(900_000);
      const states = (await listedStates(page)).filter((_, i) => i % PARTS === part);
      expect(states.length).toBeGreaterThan(0);
      // Without JavaScript the server draws the same words as with it, so German is checked
      // (and photographed) in the hydrated run only.
      const languages = javaScriptEnabled ? (['en', 'de'] as const) : (['en'] as const);
      for (const language of languages) {
        await context.addCookies([{ name: 'i18n_pref_locale', value: language, url: GALLERY }]);
        for (const state of states) {
          for (const theme of THEMES) {
            await page.goto(`${GALLERY}${state.href[theme]}`);
            if (javaScriptEnabled) {
              await page.waitForFunction(() => document.documentElement.dataset.hydrated === 'true');
            }
            await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
            await expect(page.locator('html')).toHaveAttribute('lang', language);
            // The state drew its page under the gallery's bar, not an error.
            await expect(page.locator('.gallery-state')).toHaveText(state.title);
            await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
            await expect(page.getByRole('heading', { name: 'No such state' })).toHaveCount(0);
            await expectAccessible(
              page,
              javaScriptEnabled,
              `${state.id} (${state.title}), ${theme}, ${language}`,
              'as-shown',
            );
            if (javaScriptEnabled) {
              await page.screenshot({
                path: path.join(SCREENSHOTS, language, theme, `${state.id}.png`),
                fullPage: true,
              });
            }
          }
        }
      }
    });
  }
});
