import { defineConfig } from '@playwright/test';

// The test script starts the app (and the message sink) before Playwright
// runs, so there is no `webServer` here.
const baseURL = process.env.KEYTURN_E2E_URL ?? 'http://127.0.0.1:3000';

const chromium = {
  browserName: 'chromium' as const,
  viewport: { width: 1280, height: 800 },
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    // Without the networking flags Chromium keeps calling out to a network
    // that is closed on CI machines.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  },
};

export default defineConfig({
  testDir: 'tests',
  globalSetup: './global-setup.ts',
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  workers: 2,
  retries: 0,
  reporter: 'list',
  timeout: 30_000,
  expect: { timeout: 10_000 },
  outputDir: 'test-results',
  use: {
    baseURL,
    actionTimeout: 10_000,
    navigationTimeout: 15_000,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'hydrated',
      use: { ...chromium, javaScriptEnabled: true },
    },
    {
      name: 'no-js',
      use: { ...chromium, javaScriptEnabled: false },
    },
  ],
});
