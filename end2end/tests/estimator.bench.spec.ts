// Benchmark: what one keystroke in "New password" costs in the browser.
//
// Every `input` event sets a signal; a memo runs the password policy and the
// strength estimator (WASM) and the checklist and the strength meter are
// patched. Leptos does part of that inside the dispatch and the rest in
// microtasks the dispatch queues, so `dispatchEvent` returns before the page is
// up to date. Each sample therefore runs from just before `dispatchEvent` to a
// microtask queued right after it (the app's queued work runs first), and a
// MutationObserver checks that no patch of the checklist or the meter arrives
// after the clock has stopped.
//
// Prints `bench:` lines and attaches them to the test. The only assertions are
// sanity checks with loose bounds: the numbers are the point.

import { expect, test, type Page, type TestInfo } from '@playwright/test';
import { HEADINGS, Portal } from './portal';
import { createUser } from './support';

interface BenchCase {
  name: string;
  value: string;
  /** `type`: one sample per prefix (1..length chars); `paste`: the whole value in one event. */
  mode: 'type' | 'paste';
}

interface CaseResult {
  name: string;
  mode: 'type' | 'paste';
  /** Dispatch until the app's queued work has run, ms per event. */
  total: number[];
  /** The same, with events slower than SLOW_MS timed again from the same state (fastest kept). */
  steady: number[];
  /** `dispatchEvent` alone, ms per event. */
  dispatch: number[];
  /** The same value dispatched again right after: the checks run, nothing to patch. */
  again: number[];
  /** Checklist or meter changes caused by those repeated events (expected 0). */
  againPatches: number;
  /** The "Strength: …" text after the last event. */
  strength: string;
  /** `data-state` of each rule after the last event, by rule text. */
  rules: Record<string, string>;
  /** Checklist or meter changes seen only after the clock had stopped. */
  late: number;
}

const SYMBOLS = '!@#$%^&*()_+-=[]{};\':",./<>?`~|\\';
/** `length` symbols, the 32 above in a shuffled order (every 7th), repeating. */
const symbols = (length: number): string =>
  Array.from({ length }, (_, k) => SYMBOLS[(k * 7) % SYMBOLS.length]).join('');
const MIXED = 'aB3$xZ9!qwerty1987passWORD@@@@abcabc~';
/** Words, common passwords, a year, keyboard runs, repeats and symbols: work for every matcher. */
const mixed = (length: number): string =>
  Array.from({ length }, (_, k) => MIXED[k % MIXED.length]).join('');

const PASSPHRASE = 'correct horse battery staple mountain river purple thunder cloud';
const TYPICAL = 'Blue7Horse!Lamp9';
const PASTE_RUNS = 25;
/**
 * An event slower than this is timed again (RETRIES more times, from the same
 * previous value), so that a busy machine cannot pass for a slow input: a slow
 * input is slow every time. Scaled with the CPU rate, but never above the goal
 * at that rate: an event over the goal is always timed again.
 */
const SLOW_MS = 5;
const slowMsAt = (rate: number): number =>
  rate === 1 ? SLOW_MS : Math.min(SLOW_MS * rate, SLOW_PHONE_GOAL_MS);
const RETRIES = 3;

const CASES: BenchCase[] = [
  { name: '16-char password', value: TYPICAL, mode: 'type' },
  { name: '64-char passphrase', value: PASSPHRASE, mode: 'type' },
  { name: '64 symbols', value: symbols(64), mode: 'type' },
  { name: '128 symbols', value: symbols(128), mode: 'type' },
  { name: '"a" x 128', value: 'a'.repeat(128), mode: 'type' },
  { name: '"1" x 128', value: '1'.repeat(128), mode: 'type' },
  { name: '256-char paste', value: mixed(256), mode: 'paste' },
];

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const at = (sorted.length - 1) * q;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (at - lo);
}

function summary(samples: number[]): { median: number; max: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  return { median: quantile(sorted, 0.5), max: sorted[sorted.length - 1] ?? NaN };
}

const ms = (value: number): string => `${value.toFixed(2)} ms`;

/**
 * CPU speeds the bench runs at: this machine as it is, and a slow phone as Chromium's DevTools
 * emulate one (`Emulation.setCPUThrottlingRate`, 4× slower, as Lighthouse's mobile profile).
 * The goal for one keystroke on the slow phone is one frame, 16 ms.
 */
const CPU_RATES = [1, 4];
const SLOW_PHONE_GOAL_MS = 16;

test.describe('password strength estimator', () => {
  for (const rate of CPU_RATES) {
    const cpu = rate === 1 ? '' : `, CPU ${rate}× throttled`;
    test(`cost per keystroke in the browser${cpu}`, async ({ page, javaScriptEnabled }, testInfo) => {
      test.skip(!javaScriptEnabled, 'the live checklist needs JavaScript');
      test.setTimeout(60_000 * rate);
      await bench(page, testInfo, rate, rate === 1 ? '' : ` [CPU ${rate}× throttled]`);
    });
  }
});

/** Runs the bench at CPU `rate`; `tag` marks its lines (empty at full speed). */
async function bench(page: Page, testInfo: TestInfo, rate: number, tag: string): Promise<void> {
  expect(CASES.map((c) => c.value.length)).toEqual([16, 64, 64, 128, 128, 128, 256]);

  const user = createUser('bench');
  const portal = new Portal(page, true);

  await portal.startReset(user.userId);
  await portal.submitCurrentCode(user.totpSecret);
  await portal.expectStep(3, HEADINGS.pin);
  await portal.expectPinSentBySms(user.phone);
  await portal.submitPin((await portal.pinFor(user.phone, 'sms')).pin);
  await portal.expectStep(4, HEADINGS.password);

  // The common-password list arrives after the page: until then its rule is pending.
  const field = portal.field('New password');
  const common = portal.rule('Not a common or breached password');
  await field.fill('abc');
  await expect(common).not.toHaveAttribute('data-state', 'pending');
  await expect(common).toHaveAttribute('data-state', /^(met|unmet)$/);
  await expect(page.getByText(/Strength: (Very weak|Weak|Fair|Good|Strong)\b/).first()).toBeVisible();

  // Throttled only once the page is ready, so that only the measured events run slow.
  if (rate !== 1) {
    const session = await page.context().newCDPSession(page);
    await session.send('Emulation.setCPUThrottlingRate', { rate });
  }
  const started = Date.now();
  const results: CaseResult[] = await page.evaluate(
    async ({ cases, pasteRuns, slowMs, retries }) => {
      const input = document.querySelector<HTMLInputElement>('#new_password');
      const meter = document.querySelector<HTMLElement>('#strength');
      const list = document.querySelector<HTMLElement>('#password-rules');
      if (!input || !meter || !list) throw new Error('new-password field, meter or rule list not found');

      // Patches of the meter and the checklist, counted as they are delivered.
      let patches = 0;
      const observer = new MutationObserver((records) => {
        patches += records.length;
      });
      for (const target of [meter, list]) {
        observer.observe(target, { subtree: true, childList: true, attributes: true, characterData: true });
      }
      const delivered = () => patches + observer.takeRecords().length;

      // A microtask queued after the event's own: it runs once the app's work is done.
      const afterQueuedWork = () => new Promise<void>((resolve) => queueMicrotask(resolve));
      // A fresh task: everything still queued by the event has run by then.
      const channel = new MessageChannel();
      const nextTask = () =>
        new Promise<void>((resolve) => {
          channel.port1.onmessage = () => resolve();
          channel.port2.postMessage(null);
        });

      const set = (value: string) => {
        input.value = value;
        input.dispatchEvent(new Event('input', { bubbles: true }));
      };
      const timed = async (value: string) => {
        const t0 = performance.now();
        set(value);
        const t1 = performance.now();
        await afterQueuedWork();
        const t2 = performance.now();
        return { total: t2 - t0, dispatch: t1 - t0 };
      };
      type Out = {
        total: number[];
        steady: number[];
        dispatch: number[];
        again: number[];
        late: number;
        againPatches: number;
      };
      /** Times the event that changes the field from `previous` to `value`. */
      const measure = async (previous: string, value: string, out: Out) => {
        const first = await timed(value);
        const inTime = delivered();
        out.total.push(first.total);
        out.dispatch.push(first.dispatch);
        // Let the page settle (and render) as it would between real keystrokes,
        // and count what changed only after the clock stopped.
        await nextTask();
        const settled = delivered();
        out.late += settled - inTime;
        // The same value again: the signal is set and the checks run, but their
        // result is unchanged, so nothing is patched.
        out.again.push((await timed(value)).total);
        await nextTask();
        out.againPatches += delivered() - settled;
        // A slow event is timed `retries` more times, all of them: stopping at the first
        // sample under the bound would keep whatever lands just below it.
        let steady = first.total;
        for (let retry = 0; retry < retries && first.total > slowMs; retry++) {
          set(previous);
          await nextTask();
          steady = Math.min(steady, (await timed(value)).total);
          await nextTask();
        }
        out.steady.push(steady);
      };
      const reset = async () => {
        set('');
        await nextTask();
        patches = 0;
        observer.takeRecords();
      };

      // Warm-up (compilation tiers, allocator): one typed string, not measured.
      for (let k = 1; k <= 64; k++) {
        set('x7Kp!q#Lm2$v'.repeat(6).slice(0, k));
        await nextTask();
      }

      const results = [];
      for (const c of cases) {
        await reset();
        const out: Out = { total: [], steady: [], dispatch: [], again: [], late: 0, againPatches: 0 };
        if (c.mode === 'type') {
          for (let k = 1; k <= c.value.length; k++) {
            await measure(c.value.slice(0, k - 1), c.value.slice(0, k), out);
          }
        } else {
          for (let run = 0; run < pasteRuns; run++) {
            if (run > 0) await reset();
            await measure('', c.value, out);
          }
        }
        const rules: Record<string, string> = {};
        for (const item of Array.from(list.querySelectorAll('li'))) {
          const text = item.querySelector('.rule')?.textContent?.trim() ?? '';
          rules[text] = item.getAttribute('data-state') ?? '';
        }
        results.push({
          name: c.name,
          mode: c.mode,
          total: out.total,
          steady: out.steady,
          dispatch: out.dispatch,
          again: out.again,
          againPatches: out.againPatches,
          strength: meter.querySelector('.strength-label')?.textContent?.trim() ?? '',
          rules,
          late: out.late,
        });
      }
      observer.disconnect();
      await reset();
      return results;
    },
    { cases: CASES, pasteRuns: PASTE_RUNS, slowMs: slowMsAt(rate), retries: RETRIES },
  );
  const elapsed = Date.now() - started;
  const resolution = await page.evaluate(() => {
    // Smallest non-zero step between successive readings of the clock.
    let step = Infinity;
    let last = performance.now();
    for (let k = 0; k < 100_000 && step > 0.001; k++) {
      const now = performance.now();
      if (now > last) step = Math.min(step, now - last);
      last = now;
    }
    return step;
  });

  const lines: string[] = [];
  const worst = { ms: 0, name: '' };
  const steadyWorst = { ms: 0, name: '' };
  let events = 0;
  for (const r of results) {
    const total = summary(r.total);
    const steady = summary(r.steady);
    const dispatch = summary(r.dispatch);
    const again = summary(r.again);
    const unit = r.mode === 'type' ? 'per keystroke' : `per paste (${r.total.length} runs)`;
    const repeat = r.againPatches === 0 ? 'nothing to patch' : `${r.againPatches} patches`;
    lines.push(
      `bench:${tag} estimate ${unit}, ${r.name}: median ${ms(total.median)}, max ${ms(total.max)} ` +
        `(${ms(steady.max)} re-timed); dispatchEvent returns after median ${ms(dispatch.median)}; ` +
        `same value again (${repeat}): median ${ms(again.median)}, max ${ms(again.max)}; ${r.strength}`,
    );
    if (total.max > worst.ms) Object.assign(worst, { ms: total.max, name: r.name });
    if (steady.max > steadyWorst.ms) Object.assign(steadyWorst, { ms: steady.max, name: r.name });
    events += r.total.length;
  }
  lines.push(
    `bench:${tag} estimate worst case: ${ms(worst.ms)} (${worst.name}); ` +
      `re-timed (events over ${slowMsAt(rate)} ms timed ${RETRIES} more times, fastest kept): ` +
      `${ms(steadyWorst.ms)} (${steadyWorst.name})`,
  );
  lines.push(
    `bench:${tag} ${events} input events (each also repeated with the same value) in ${(elapsed / 1000).toFixed(1)} s; ` +
      `performance.now() resolution in this page: ${resolution.toFixed(3)} ms`,
  );
  if (rate !== 1) {
    const verdict = steadyWorst.ms <= SLOW_PHONE_GOAL_MS ? 'met' : 'NOT met';
    lines.push(`bench:${tag} goal one frame (${SLOW_PHONE_GOAL_MS} ms) for the worst keystroke: ${verdict}`);
  }
  for (const line of lines) console.log(line);
  await testInfo.attach(`estimator-bench-cpu-${rate}x.txt`, { body: lines.join('\n') + '\n', contentType: 'text/plain' });

  // Sanity only.
  const by = new Map(results.map((r) => [r.name, r]));
  for (const [k, r] of results.entries()) {
    expect(r.total.length, r.name).toBe(r.mode === 'type' ? CASES[k].value.length : PASTE_RUNS);
    expect(r.late, `${r.name}: the page changed after the clock had stopped`).toBe(0);
    expect(r.again, r.name).toHaveLength(r.total.length);
    expect(r.steady, r.name).toHaveLength(r.total.length);
    expect(r.strength, r.name).toMatch(/^Strength: (Very weak|Weak|Fair|Good|Strong)$/);
  }
  // The meter follows the input: a repeated letter rates low, the passphrase high.
  expect(by.get('"a" x 128')?.strength).toMatch(/^Strength: (Very weak|Weak)$/);
  expect(by.get('64-char passphrase')?.strength).toMatch(/^Strength: (Good|Strong)$/);
  expect(by.get('"a" x 128')?.rules['At most 128 characters']).toBe('met');
  expect(by.get('256-char paste')?.rules['At most 128 characters']).toBe('unmet');
  // No bound on the time itself: it depends on the machine and on what runs beside it, so it is
  // printed above (and compared with the goal) rather than asserted.
}
