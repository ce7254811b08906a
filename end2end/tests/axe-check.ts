// axe-core's check of WCAG 2.1 A and AA, shared by the pages' suite and the design gallery's.

import AxeBuilder from '@axe-core/playwright';
import { expect, type Browser, type Page } from '@playwright/test';

const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/**
 * How the themes are chosen: `system` analyses the page twice, with the system's colour scheme
 * light and then dark; `as-shown` analyses it once, in the theme the page was asked for (the
 * gallery's `?theme=`, which overrides the system's).
 */
export type Themes = 'system' | 'as-shown';

/**
 * Checks the page as it is now: 0 violations. axe runs as a script in the page, so a page
 * without JavaScript is analysed as it was served: its HTML with the scripts taken out, in a page
 * with JavaScript at the same address (its styles load as usual).
 */
export async function expectAccessible(
  page: Page,
  js: boolean,
  state: string,
  themes: Themes = 'system',
): Promise<void> {
  if (js) {
    await analyse(page, state, themes);
    return;
  }
  const url = page.url();
  const html = (await page.content()).replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, '');
  const served = await servedPageOf(page.context().browser()!);
  await served.route(url, (route) => route.fulfill({ contentType: 'text/html; charset=utf-8', body: html }), {
    times: 1,
  });
  await served.goto(url);
  await analyse(served, `${state} (without JavaScript)`, themes);
}

/**
 * One page with JavaScript per browser (per worker), where the served HTML is analysed. A fresh
 * context and page for each analysis cost about 1.3 s more a page, and the gallery analyses
 * hundreds of pages without JavaScript.
 */
const servedPages = new WeakMap<Browser, Promise<Page>>();

function servedPageOf(browser: Browser): Promise<Page> {
  let served = servedPages.get(browser);
  if (!served) {
    served = browser.newContext({ javaScriptEnabled: true }).then((context) => context.newPage());
    servedPages.set(browser, served);
  }
  return served;
}

async function analyse(page: Page, state: string, themes: Themes): Promise<void> {
  const schemes = themes === 'system' ? (['light', 'dark'] as const) : ([null] as const);
  for (const colorScheme of schemes) {
    await page.emulateMedia({ colorScheme });
    // Legacy mode runs `axe.run` in the page itself. The default finishes every analysis in a
    // blank page of its own, for cross-origin frames, which these pages do not have; that took
    // twice as long (1.2 s against 0.6 s a page), and the gallery analyses hundreds of pages.
    const { violations, passes } = await new AxeBuilder({ page })
      .withTags(WCAG_21_AA)
      .setLegacyMode(true)
      .analyze();
    // The page was really analysed: rules found elements to check and they passed.
    expect(passes.length, `${state}: axe checked nothing`).toBeGreaterThan(0);
    const found = violations.map(
      (v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.map((n) => n.target.join(' ')).join('\n    ')}`,
    );
    const label = colorScheme ? `${state}, ${colorScheme} theme` : state;
    expect(found, label).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: null });
}
