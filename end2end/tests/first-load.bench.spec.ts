// Benchmark: the first visit to each flow's first page on a slow connection.
//
// Each page is loaded with an empty cache through Chromium's DevTools "Slow 4G" profile
// (`Network.emulateNetworkConditions`), once on this machine's CPU and once 4× throttled as a
// slow phone (`Emulation.setCPUThrottlingRate`, as Lighthouse's mobile profile does). It counts
// the bytes transferred (headers and bodies as sent, compressed where the server compressed)
// until the page is interactive: the app marks `<html data-hydrated="true">` once hydration has
// run, the moment its buttons and fields answer.
//
// Prints `bench:` lines and attaches them to the test. The only assertions are sanity checks:
// the numbers are the point.

import { expect, test, type Page, type TestInfo } from '@playwright/test';
import { HEADINGS, Portal, SIGNIN } from './portal';

/** Chromium DevTools' "Slow 4G" preset: 1.6 Mbit/s down and 750 kbit/s up (each × 0.9), 562.5 ms latency. */
const SLOW_4G = {
  offline: false,
  latency: 150 * 3.75,
  downloadThroughput: ((1.6 * 1000 * 1000) / 8) * 0.9,
  uploadThroughput: ((750 * 1000) / 8) * 0.9,
};

/** A page and the words that show it has rendered. */
const ROUTES = [
  { name: 'sign-in', path: '/', heading: SIGNIN.signIn },
  { name: 'reset wizard', path: '/reset', heading: HEADINGS.userId },
  { name: 'request by email', path: '/email-reset', heading: 'Reset your password by email' },
];

interface FileLoad {
  url: string;
  bytes: number;
  encoding: string;
}

interface PageLoad {
  files: FileLoad[];
  /** Bytes of every response finished until the page was interactive. */
  bytes: number;
  firstContentfulPaint: number;
  interactive: number;
}

const kb = (bytes: number): string => `${(bytes / 1000).toFixed(1)} KB`;
const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
const fileName = (url: string): string => new URL(url).pathname.split('/').pop() || '(page)';

/** Loads `path` with an empty cache under `cpuRate` and Slow 4G, until the app has hydrated. */
async function coldLoad(page: Page, path: string, cpuRate: number): Promise<PageLoad> {
  // The moment hydration marks the root, in the page's own clock (0 = navigation start).
  await page.addInitScript(() => {
    new MutationObserver((_, observer) => {
      if (document.documentElement.dataset.hydrated === 'true') {
        (window as unknown as { hydratedAt: number }).hydratedAt = performance.now();
        observer.disconnect();
      }
      // The whole document: the root element the parser makes is not the one there is now.
    }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-hydrated'] });
  });
  const session = await page.context().newCDPSession(page);
  await session.send('Network.enable');
  await session.send('Network.clearBrowserCache');
  await session.send('Network.setCacheDisabled', { cacheDisabled: true });
  await session.send('Network.emulateNetworkConditions', SLOW_4G);
  await session.send('Emulation.setCPUThrottlingRate', { rate: cpuRate });

  const responses = new Map<string, { url: string; encoding: string }>();
  const files: FileLoad[] = [];
  let interactive = false;
  session.on('Network.responseReceived', (event) => {
    const headers = Object.fromEntries(
      Object.entries(event.response.headers).map(([k, v]) => [k.toLowerCase(), String(v)]),
    );
    responses.set(event.requestId, { url: event.response.url, encoding: headers['content-encoding'] ?? 'none' });
  });
  session.on('Network.loadingFinished', (event) => {
    const response = responses.get(event.requestId);
    if (response && !interactive) files.push({ ...response, bytes: event.encodedDataLength });
  });

  await page.goto(path, { waitUntil: 'commit', timeout: 120_000 });
  // Right after the commit the parser may not have made the root element yet: `?.` waits on.
  await page.waitForFunction(() => document.documentElement?.dataset.hydrated === 'true', null, {
    timeout: 120_000,
  });
  interactive = true;
  const timing = await page.evaluate(() => ({
    interactive: (window as unknown as { hydratedAt: number }).hydratedAt,
    firstContentfulPaint: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN,
  }));
  await session.send('Emulation.setCPUThrottlingRate', { rate: 1 });
  await session.detach();
  return { files, bytes: files.reduce((sum, f) => sum + f.bytes, 0), ...timing };
}

async function report(testInfo: TestInfo, lines: string[]): Promise<void> {
  for (const line of lines) console.log(line);
  await testInfo.attach('first-load-bench.txt', { body: lines.join('\n') + '\n', contentType: 'text/plain' });
}

test.describe('first visit on a slow connection', () => {
  test('bytes and time until each first page is interactive, Slow 4G', async ({ browser }, testInfo) => {
    test.skip(testInfo.project.name !== 'hydrated', 'interactive means hydrated: JavaScript only');
    test.setTimeout(300_000);
    const lines: string[] = [];
    for (const route of ROUTES) {
      for (const cpuRate of [1, 4]) {
        // A fresh context each time: no cache, no cookies, as a first visit.
        const context = await browser.newContext({ ...testInfo.project.use });
        const page = await context.newPage();
        const load = await coldLoad(page, route.path, cpuRate);
        await expect(page.getByRole('heading', { level: 1, name: route.heading })).toBeVisible();
        const cpu = cpuRate === 1 ? 'CPU as is' : `CPU ${cpuRate}× throttled`;
        lines.push(
          `bench: first visit to ${route.name} (${route.path}), Slow 4G, ${cpu}: interactive after ` +
            `${seconds(load.interactive)} (first contentful paint ${seconds(load.firstContentfulPaint)}); ` +
            `${kb(load.bytes)} transferred in ${load.files.length} responses`,
        );
        if (cpuRate === 1) {
          const files = load.files.map((f) => `${fileName(f.url)} ${kb(f.bytes)} (${f.encoding})`).join(', ');
          lines.push(`bench:   ${route.name} files: ${files}`);
        }
        // Sanity: the page really loaded its client, and nothing was left out of the count.
        expect(load.files.some((f) => f.url.endsWith('.wasm')), 'the client was downloaded').toBe(true);
        expect(load.interactive).toBeGreaterThan(0);
        await context.close();
      }
    }
    await report(testInfo, lines);
  });

  test('a second visit revalidates the client instead of downloading it again', async ({ page }, testInfo) => {
    test.skip(testInfo.project.name !== 'hydrated', 'the client is what is cached');
    const portal = new Portal(page, true);
    const wasm: { url: string; status: number; bytes: number }[] = [];
    const session = await page.context().newCDPSession(page);
    await session.send('Network.enable');
    const seen = new Map<string, { url: string; status: number }>();
    session.on('Network.responseReceived', (event) => {
      const { url, status } = event.response;
      if (url.endsWith('.wasm')) seen.set(event.requestId, { url: new URL(url).pathname, status });
    });
    session.on('Network.loadingFinished', (event) => {
      const response = seen.get(event.requestId);
      if (response !== undefined) wasm.push({ ...response, bytes: event.encodedDataLength });
    });
    await portal.open('/reset');
    await portal.open('/');
    await expect(portal.heading(SIGNIN.signIn)).toBeVisible();
    await portal.open('/email-reset');
    expect(wasm.length, 'each load asks for the client').toBeGreaterThanOrEqual(1);
    // The client is split by flow: a later page may fetch a file not seen yet, but a file
    // already fetched is only revalidated.
    const first = wasm[0];
    const fetched = new Set<string>();
    const fresh: typeof wasm = [];
    const again: typeof wasm = [];
    for (const w of wasm) {
      (fetched.has(w.url) ? again : fresh).push(w);
      fetched.add(w.url);
    }
    await report(testInfo, [
      `bench: the client over three pages: ${fresh.length} files fetched ` +
        `(${kb(fresh.reduce((sum, w) => sum + w.bytes, 0))}); ${again.length} asked for again: ` +
        again.map((w) => `${w.status} ${kb(w.bytes)}`).join(', '),
    ]);
    expect(first.status).toBe(200);
    expect(again.length, 'the main file is asked for on each page load').toBeGreaterThanOrEqual(2);
    for (const w of again) expect(w.bytes, `${w.url} is not downloaded again`).toBeLessThan(10_000);
  });
});
