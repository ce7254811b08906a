// axe-core's check of WCAG 2.1 A and AA, shared by the pages' suite and the design gallery's.

import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

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
 * of its own at the same address (its styles load as usual).
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
  const context = await page.context().browser()!.newContext({ javaScriptEnabled: true });
  try {
    const served = await context.newPage();
    await served.route(url, (route) => route.fulfill({ contentType: 'text/html; charset=utf-8', body: html }));
    await served.goto(url);
    await analyse(served, `${state} (without JavaScript)`, themes);
  } finally {
    await context.close();
  }
}

async function analyse(page: Page, state: string, themes: Themes): Promise<void> {
  const schemes = themes === 'system' ? (['light', 'dark'] as const) : ([null] as const);
  for (const colorScheme of schemes) {
    await page.emulateMedia({ colorScheme });
    const { violations, passes } = await new AxeBuilder({ page }).withTags(WCAG_21_AA).analyze();
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
