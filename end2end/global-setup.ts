import { chromium, type FullConfig } from '@playwright/test';

/**
 * Loads the sign-in page once, hydrated, before any test runs. On a machine where Chromium has
 * never started, its first launch builds the font cache and its first page compiles the WASM
 * client cold; that can take longer than a test's own wait for hydration. Paying it here, with
 * a generous limit, keeps the tests' waits meaningful, and a server that cannot hydrate at all
 * still fails the whole run here with a plain message.
 */
export default async function globalSetup(config: FullConfig): Promise<void> {
  const project = config.projects.find((p) => p.use.javaScriptEnabled !== false) ?? config.projects[0];
  const { launchOptions } = project.use;
  const baseURL = process.env.KEYTURN_E2E_URL ?? project.use.baseURL;
  const browser = await chromium.launch(launchOptions);
  try {
    const page = await browser.newPage();
    await page.goto(`${baseURL}/`, { timeout: 120_000 });
    await page.waitForFunction(() => document.documentElement.dataset.hydrated === 'true', null, {
      timeout: 120_000,
    });
  } catch (error) {
    throw new Error(`the sign-in page did not hydrate before the tests (warm-up): ${error}`);
  } finally {
    await browser.close();
  }
}
