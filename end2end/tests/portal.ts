// Page-level helpers: the same steps work with and without JavaScript. With
// JavaScript each page's island hydrates and submits through server functions,
// and a step of the same page changes in place (another page is a page load);
// without it every form submit is a full page load. `submit()` waits for whichever applies
// so that the next step never races the previous response.

import { expect, type Locator, type Page, type Request } from '@playwright/test';
import { maskedEmail, maskedPhone, referenceFrom, totp, waitForMessage, pinFrom } from './support';

declare global {
  interface Window {
    __probe?: number;
  }
}

export const TOTAL_STEPS = 4;

export const HEADINGS = {
  userId: 'Enter your User ID',
  code: 'Enter your authenticator code',
  pin: 'Enter the one-time PIN',
  password: 'Choose a new password',
  done: 'Your password has been changed',
  locked: 'Account locked',
} as const;

/** The main headings of sign-in (flow B) and of the account pages. */
export const SIGNIN = {
  signIn: 'Sign in',
  code: 'Enter your authenticator code',
  channels: 'Get a one-time PIN',
  pin: 'Enter the one-time PIN',
  recovery: 'Use a recovery code',
  account: 'Your account',
  changePassword: 'Change Password',
  changed: 'Your password has been changed',
  forced: 'Choose a new password',
  signedOut: 'Sign in to continue',
  confirm: "Confirm it's you",
} as const;

export const SIGNIN_FAILED = 'The User ID or password is incorrect.';

export interface SignInUser {
  userId: string;
  password: string;
  phone?: string;
  totpSecret?: string;
}

const QUIET_MS = 250;
const SETTLE_TIMEOUT_MS = 10_000;

function countsAsTraffic(request: Request): boolean {
  return !['websocket', 'eventsource', 'manifest', 'other'].includes(request.resourceType());
}

export class Portal {
  private readonly inflight = new Set<Request>();
  private lastActivity = Date.now();
  private requestCount = 0;

  constructor(
    readonly page: Page,
    /** true in the `hydrated` project, false in `no-js` */
    readonly js: boolean,
  ) {
    page.on('request', (request) => {
      if (!countsAsTraffic(request)) return;
      const previous = request.redirectedFrom();
      if (previous) this.inflight.delete(previous);
      this.inflight.add(request);
      this.requestCount += 1;
      this.lastActivity = Date.now();
    });
    const done = (request: Request) => {
      if (this.inflight.delete(request)) this.lastActivity = Date.now();
    };
    page.on('requestfinished', done);
    page.on('requestfailed', done);
  }

  // ---------------------------------------------------------------- locators

  heading(name: string): Locator {
    return this.page.getByRole('heading', { level: 1, name, exact: true });
  }

  field(label: string): Locator {
    return this.page.getByLabel(label, { exact: true });
  }

  button(name: string): Locator {
    return this.page.getByRole('button', { name, exact: true });
  }

  link(name: string): Locator {
    return this.page.getByRole('link', { name, exact: true });
  }

  alert(containing: string | RegExp): Locator {
    return this.page.getByRole('alert').filter({ hasText: containing });
  }

  stepText(n: number, total = TOTAL_STEPS): Locator {
    return this.page.getByText(new RegExp(`\\bStep ${n} of ${total}\\b`)).first();
  }

  // ---------------------------------------------------------------- navigation

  /** Loads a page; with JavaScript, waits until the app has hydrated. */
  async open(path: string): Promise<void> {
    await this.page.goto(path);
    await this.waitForHydration();
  }

  async waitForHydration(): Promise<void> {
    if (!this.js) return;
    await this.page.waitForFunction(() => document.documentElement.dataset.hydrated === 'true', null, {
      timeout: 15_000,
    });
  }

  /** Marks the current document; `expectSameDocument()` fails after any full page load. */
  async markDocument(): Promise<void> {
    if (!this.js) return;
    await this.page.evaluate(() => {
      window.__probe = 1;
    });
  }

  async expectSameDocument(): Promise<void> {
    if (!this.js) return;
    const probe = await this.page.evaluate(() => window.__probe);
    expect(probe, 'the page was reloaded: steps should change without a full page load').toBe(1);
  }

  /** Number of requests (documents, scripts, fetches…) the page has made so far. */
  get requests(): number {
    return this.requestCount;
  }

  /**
   * Clicks a submit button and waits for the outcome: the next document's load
   * event without JavaScript; with it, the server call and a short quiet spell
   * on the network (the app may refetch the step after an action), and, when the
   * outcome is another page, until that page has hydrated.
   */
  async submit(button: Locator): Promise<void> {
    if (!this.js) {
      await Promise.all([this.page.waitForEvent('load', { timeout: 15_000 }), button.click()]);
      return;
    }
    await Promise.all([
      this.page.waitForRequest(
        (r) => ['fetch', 'xhr', 'document'].includes(r.resourceType()),
        { timeout: SETTLE_TIMEOUT_MS },
      ),
      button.click(),
    ]);
    await this.networkQuiet();
    await this.waitForHydration();
  }

  private async networkQuiet(): Promise<void> {
    const deadline = Date.now() + SETTLE_TIMEOUT_MS;
    while (Date.now() < deadline) {
      if (this.inflight.size === 0 && Date.now() - this.lastActivity >= QUIET_MS) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(
      `network did not settle within ${SETTLE_TIMEOUT_MS} ms; pending: ${[...this.inflight]
        .map((r) => `${r.method()} ${r.url()}`)
        .join(', ')}`,
    );
  }

  // ---------------------------------------------------------------- wizard steps

  async expectStep(n: number, heading: string, total = TOTAL_STEPS): Promise<void> {
    await expect(this.heading(heading)).toBeVisible();
    await expect(this.stepText(n, total)).toBeVisible();
  }

  /** Forgets the current flow (its cookie) and opens /reset afresh. */
  async restart(): Promise<void> {
    await this.page.context().clearCookies();
    await this.open('/reset');
    await this.expectStep(1, HEADINGS.userId);
  }

  /** Step 1: submits the User ID. The caller checks where it leads. */
  async submitUserId(userId: string): Promise<void> {
    await this.field('User ID').fill(userId);
    await this.submit(this.button('Continue'));
  }

  /** Opens /reset and gets to step 2 for `userId`. */
  async startReset(userId: string): Promise<void> {
    await this.open('/reset');
    await this.expectStep(1, HEADINGS.userId);
    await this.submitUserId(userId);
    await this.expectStep(2, HEADINGS.code);
  }

  async submitCode(code: string): Promise<void> {
    await this.field('Authenticator code').fill(code);
    await this.submit(this.button('Continue'));
  }

  /** Step 2 with the current code computed from the secret. */
  async submitCurrentCode(totpSecret: string): Promise<string> {
    const code = totp(totpSecret);
    await this.submitCode(code);
    return code;
  }

  /** The reference shown on the page ("Reference: K7QP"). */
  async reference(): Promise<string> {
    const shown = this.page.getByText(/Reference:\s*[A-Z2-9]{4}\b/).first();
    await expect(shown).toBeVisible();
    return referenceFrom(await this.page.locator('body').innerText());
  }

  /** Waits until the page shows a reference other than `previous`, and returns it. */
  async newReference(previous: string): Promise<string> {
    await expect
      .poll(async () => referenceFrom(await this.page.locator('body').innerText()), {
        message: 'a new reference should replace the previous one',
        timeout: 10_000,
      })
      .not.toBe(previous);
    return this.reference();
  }

  async expectPinSentBySms(phone: string): Promise<void> {
    await expect(this.page.getByText(`We sent a PIN by SMS to ${maskedPhone(phone)}`)).toBeVisible();
  }

  async expectPinSentByEmail(email: string): Promise<void> {
    await expect(this.page.getByText(`We sent a PIN by email to ${maskedEmail(email)}`)).toBeVisible();
  }

  /**
   * Reads the reference on the page, finds the message to `address` that
   * carries it, and returns its PIN.
   */
  async pinFor(address: string, channel: 'sms' | 'email'): Promise<{ pin: string; reference: string }> {
    const reference = await this.reference();
    const message = await waitForMessage(
      address,
      (m) => m.channel === channel && m.text.includes(`Reference: ${reference}`),
    );
    if (channel === 'email') expect(message.subject ?? '').toContain('one-time PIN');
    const pin = pinFrom(message.text);
    expect(message.text).toContain(`PIN: ${pin}`);
    return { pin, reference };
  }

  async submitPin(pin: string): Promise<void> {
    await this.field('One-time PIN').fill(pin);
    await this.submit(this.button('Continue'));
  }

  async submitPassword(password: string, confirm = password): Promise<void> {
    await this.field('New password').fill(password);
    await this.field('Confirm password').fill(confirm);
    await this.submit(this.button('Change password'));
  }

  /** Step 5: the done page and the notification email. */
  async expectDone(email: string): Promise<void> {
    await expect(this.heading(HEADINGS.done)).toBeVisible();
    await expect(this.link('Sign in')).toBeVisible();
    const notice = await waitForMessage(
      email,
      (m) => m.channel === 'email' && (m.subject ?? '').includes('Your password was changed'),
    );
    expect(notice.to.toLowerCase()).toBe(email.toLowerCase());
  }

  // ---------------------------------------------------------------- sign-in and account

  tab(name: string): Locator {
    return this.page.getByRole('tab', { name, exact: true });
  }

  menuButton(row: string): Locator {
    return this.page.getByRole('button', { name: `Actions for ${row}`, exact: true });
  }

  menuItem(name: string): Locator {
    return this.page.getByRole('menuitem', { name, exact: true });
  }

  /** The sign-in page: User ID and password, "Sign in". The caller checks where it leads. */
  async submitSignIn(userId: string, password: string): Promise<void> {
    await this.open('/');
    await this.field('User ID').fill(userId);
    await this.field('Password').fill(password);
    await this.submit(this.button('Sign in'));
  }

  /** Signs in with the password and the authenticator's current code. */
  async signInWithCode(user: SignInUser): Promise<string> {
    if (!user.totpSecret) throw new Error('this user has no authenticator');
    await this.submitSignIn(user.userId, user.password);
    await expect(this.heading(SIGNIN.code)).toBeVisible();
    const code = await this.submitCurrentCode(user.totpSecret);
    return code;
  }

  /**
   * Signs in with the password and a PIN by SMS ("Alternative Authentication" first when the
   * account has an authenticator).
   */
  async signInWithSmsPin(user: SignInUser): Promise<void> {
    if (!user.phone) throw new Error('this user has no phone');
    await this.submitSignIn(user.userId, user.password);
    if (user.totpSecret) {
      await expect(this.heading(SIGNIN.code)).toBeVisible();
      await this.submit(this.link('Alternative Authentication'));
    }
    await expect(this.heading(SIGNIN.channels)).toBeVisible();
    await this.submit(this.button('Send PIN by SMS'));
    await expect(this.heading(SIGNIN.pin)).toBeVisible();
    const { pin } = await this.pinFor(user.phone, 'sms');
    await this.submitPin(pin);
  }

  async expectAccount(): Promise<void> {
    await expect(this.heading(SIGNIN.account)).toBeVisible();
    await expect(this.button('Sign out')).toBeVisible();
  }

  /** Opens a tab of the account page by its link. */
  async openTab(name: 'Profile' | 'Authenticators' | 'Activity'): Promise<void> {
    await this.submit(this.tab(name));
    await expect(this.tab(name)).toHaveAttribute('aria-selected', 'true');
  }

  /** Opens the "⋮" menu of a row (a page load without JavaScript) and picks an item. */
  async chooseFromMenu(row: string, item: string): Promise<void> {
    const button = this.menuButton(row);
    if (this.js) await button.click();
    else await this.submit(button);
    await expect(button).toHaveAttribute('aria-expanded', 'true');
    await expect(this.page.getByRole('menu')).toBeVisible();
    await this.submit(this.menuItem(item));
  }

  async signOut(): Promise<void> {
    await this.submit(this.button('Sign out'));
    await expect(this.heading(SIGNIN.signIn)).toBeVisible();
  }

  /** The password-rule list item whose text contains `rule`. */
  rule(rule: string): Locator {
    return this.page
      .getByRole('list', { name: 'Password rules' })
      .getByRole('listitem')
      .filter({ hasText: rule });
  }
}
