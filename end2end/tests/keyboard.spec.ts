import { expect, test, type Page } from '@playwright/test';
import { HEADINGS, Portal, SIGNIN } from './portal';
import { createUser, strongPassword, totp, waitForMessage } from './support';

// Each flow walked as a person without a mouse does it: Tab and Shift+Tab to move, Enter or
// Space to act, arrow keys, Home, End and Escape in the account page's tabs and menus. Nothing
// on the walked page is clicked or filled: text is typed into the field that has focus. On
// every page the Tab order is checked from the top ("Skip to content" first) to the end: every
// control in reading order, nothing hidden, each with the focus ring of style/main.css
// (`:focus-visible`: a 3px solid outline in the focus colour, #ffb000, in both themes).

/** The focused element as "role: accessible name" ("textbox: User ID"), or null for none. */
async function focused(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    const element = document.activeElement as HTMLElement | null;
    if (!element || element === document.body || element === document.documentElement) return null;
    const text = (node: Element | null) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
    const implicitRole = () => {
      const tag = element.tagName.toLowerCase();
      if (tag === 'a' && element.hasAttribute('href')) return 'link';
      if (tag === 'button') return 'button';
      if (tag === 'input') {
        const type = (element as HTMLInputElement).type;
        return ['text', 'email', 'password', 'search', 'tel', 'url'].includes(type) ? 'textbox' : `input ${type}`;
      }
      return tag;
    };
    const role = element.getAttribute('role') ?? implicitRole();
    const labelledBy = element.getAttribute('aria-labelledby');
    const labels = (element as HTMLInputElement).labels;
    let name: string;
    if (labelledBy) name = labelledBy.split(/\s+/).map((id) => text(document.getElementById(id))).join(' ');
    else if (element.hasAttribute('aria-label')) name = element.getAttribute('aria-label') ?? '';
    else if (labels && labels.length > 0) name = text(labels[0]);
    else name = text(element);
    return `${role}: ${name}`;
  });
}

const FOCUS_RING = { style: 'solid', width: '3px', color: 'rgb(255, 176, 0)' };

interface Placed {
  what: string;
  top: number;
  bottom: number;
  left: number;
}

/**
 * Focus is on `what` (polled: the page may still be moving it), which a sighted keyboard user
 * can see: shown, on screen, not inside anything hidden from assistive technology, and drawn
 * with the focus ring. Returns where it is on the page, for the reading-order check.
 */
async function expectFocus(page: Page, what: string): Promise<Placed> {
  await expect.poll(() => focused(page), { message: `focus should be on ${what}` }).toBe(what);
  const [role, ...rest] = what.split(': ');
  const name = rest.join(': ');
  const element = page.locator(':focus');
  await expect(element).toBeVisible();
  await expect(element).toBeInViewport();
  // The same element by its role and accessible name as assistive technology computes them.
  await expect(page.getByRole(role as Parameters<Page['getByRole']>[0], { name, exact: true })).toBeFocused();
  const seen = await element.evaluate((el) => {
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    return {
      focusVisible: el.matches(':focus-visible'),
      hiddenInside: el.closest('[hidden], [aria-hidden="true"], [inert]') !== null,
      ring: { style: style.outlineStyle, width: style.outlineWidth, color: style.outlineColor },
      top: box.top + window.scrollY,
      bottom: box.bottom + window.scrollY,
      left: box.left + window.scrollX,
    };
  });
  expect(seen.hiddenInside, `${what} is inside something hidden`).toBe(false);
  expect(seen.focusVisible, `${what} should match :focus-visible`).toBe(true);
  expect(seen.ring, `the focus ring of ${what}`).toEqual(FOCUS_RING);
  return { what, top: seen.top, bottom: seen.bottom, left: seen.left };
}

/**
 * Each control comes after the one before in reading order: further right on its line, or
 * below. An open menu's items are left out: they pop up beside their button (to its left, over
 * the row's own cells) and follow it in the Tab order wherever they are drawn.
 */
function expectReadingOrder(all: Placed[]): void {
  const placed = all.filter((p) => !p.what.startsWith('menuitem: '));
  for (let i = 1; i < placed.length; i++) {
    const [a, b] = [placed[i - 1], placed[i]];
    const sameLine = b.top < a.bottom && a.top < b.bottom;
    const after = sameLine ? b.left > a.left : b.top >= a.bottom - 1;
    expect(after, `${b.what} should come after ${a.what} on the page`).toBe(true);
  }
}

const SKIP = 'link: Skip to content';
const BRAND = 'link: Keyturn';
/** The language switch at the foot of every page: the last controls of each Tab order. */
const FOOTER = ['button: English', 'button: Deutsch'];

/**
 * Walks the page with Tab from its top: "Skip to content" first, then exactly `order` (the
 * controls after it) and the footer's language switch, then round to the top again. With focus somewhere on the page already (the
 * app puts it on the main heading of a new step or page), Shift+Tab goes up to "Skip to
 * content" first.
 */
async function expectTabOrder(page: Page, order: string[]): Promise<void> {
  if ((await focused(page)) === null) {
    await page.keyboard.press('Tab');
  } else {
    for (let i = 0; i < 8 && (await focused(page)) !== SKIP; i++) await page.keyboard.press('Shift+Tab');
  }
  await expectFocus(page, SKIP);
  const placed: Placed[] = [];
  for (const what of [...order, ...FOOTER]) {
    await page.keyboard.press('Tab');
    placed.push(await expectFocus(page, what));
  }
  // The skip link pops up over the header when focused; reading order starts after it.
  expectReadingOrder(placed);
  // Nothing else on the page takes focus: the next Tab goes round to the top again.
  await pressRound(page, 'Tab');
  await expectFocus(page, SKIP);
}

/**
 * Tab from the page's last control, or Shift+Tab from its first, goes round to the other end,
 * sometimes by way of the browser's own controls (focus out of the page): then once more.
 */
async function pressRound(page: Page, key: 'Tab' | 'Shift+Tab'): Promise<void> {
  await page.keyboard.press(key);
  if ((await focused(page)) === null) await page.keyboard.press(key);
}

/**
 * After `expectTabOrder(page, order)` (focus on "Skip to content" again): Shift+Tab round to
 * the end of the page and up to `target`, each step the one before in `order`.
 */
async function backTo(page: Page, order: string[], target: string): Promise<void> {
  const all = [...order, ...FOOTER];
  const at = all.lastIndexOf(target);
  expect(at, `${target} is not in the Tab order`).toBeGreaterThanOrEqual(0);
  await pressRound(page, 'Shift+Tab');
  await expectFocus(page, all[all.length - 1]);
  for (let i = all.length - 2; i >= at; i--) {
    await page.keyboard.press('Shift+Tab');
    await expectFocus(page, all[i]);
  }
}

/** The Tab order of the page (see `expectTabOrder`), then Shift+Tab back up to `target`. */
async function walk(page: Page, target: string, order: string[]): Promise<void> {
  await expectTabOrder(page, order);
  await backTo(page, order, target);
}

/**
 * Presses `key` on the focused control and waits for the page it leads to: a page load
 * without JavaScript; hydrated, the new heading (drawn in place or after an in-app navigation),
 * which must take the focus: the control that had it is gone.
 */
async function press(page: Page, js: boolean, key: string, heading: string): Promise<void> {
  if (js) await page.keyboard.press(key);
  else await Promise.all([page.waitForEvent('load'), page.keyboard.press(key)]);
  const h1 = page.getByRole('heading', { level: 1, name: heading, exact: true });
  await expect(h1).toBeVisible();
  if (js) await expect(h1, `focus should move to "${heading}"`).toBeFocused();
}

test.describe('keyboard alone', () => {
  // Every page is walked through and back, key by key.
  test.describe.configure({ timeout: 90_000 });

  test('"Skip to content" moves past the header to the page\'s first control', async ({
    page,
    javaScriptEnabled,
  }) => {
    const portal = new Portal(page, javaScriptEnabled);
    for (const [path, first] of [
      ['/', 'textbox: User ID'],
      ['/reset', 'textbox: User ID'],
      ['/email-reset', 'textbox: User ID'],
    ] as const) {
      await portal.open(path);
      await page.keyboard.press('Tab');
      await expectFocus(page, SKIP);
      await page.keyboard.press('Enter');
      await page.keyboard.press('Tab');
      await expectFocus(page, first);
    }
  });

  test('flow A: from the sign-in page through the reset wizard to "Your password has been changed"', async ({
    page,
    javaScriptEnabled,
  }) => {
    const js = javaScriptEnabled;
    const user = createUser('kbd-reset');
    const portal = new Portal(page, js);
    await portal.open('/');
    await expect(portal.heading(SIGNIN.signIn)).toBeVisible();

    // The User ID typed on the sign-in page, then "Password locked or forgotten?": without
    // JavaScript the link cannot carry it, so the submit button beside it (only there then) does.
    const order = signInOrder(js);
    await expectTabOrder(page, order);
    await backTo(page, order, 'textbox: User ID');
    await page.keyboard.type(user.userId);
    const forgotten = js ? 'link: Password locked or forgotten?' : 'button: Password locked or forgotten?';
    for (const what of order.slice(order.indexOf('textbox: Password'), order.indexOf(forgotten) + 1)) {
      await page.keyboard.press('Tab');
      await expectFocus(page, what);
    }
    await press(page, js, 'Enter', HEADINGS.userId);
    await expect(portal.stepText(1)).toBeVisible();

    // Step 1: the User ID came along; Continue.
    await expect(portal.field('User ID')).toHaveValue(user.userId);
    await walk(page, 'button: Continue', [BRAND, 'textbox: User ID', 'button: Continue', 'link: Back to sign in']);
    await press(page, js, 'Enter', HEADINGS.code);
    await expect(portal.stepText(2)).toBeVisible();

    // Step 2: the authenticator code.
    await walk(page, 'textbox: Authenticator code', [
      BRAND,
      'textbox: Authenticator code',
      'button: Continue',
      'link: Use a recovery code',
      'button: Alternative Authentication',
      'button: Start over',
    ]);
    await page.keyboard.type(totp(user.totpSecret));
    await press(page, js, 'Enter', HEADINGS.pin);
    await expect(portal.stepText(3)).toBeVisible();

    // Step 3: the PIN sent by SMS. "Send a new PIN" is disabled (out of the Tab order) until
    // its countdown ends; the walk waits for it.
    await portal.expectPinSentBySms(user.phone);
    await expect(portal.button('Send a new PIN')).toBeEnabled();
    await walk(page, 'textbox: One-time PIN', [
      BRAND,
      'textbox: One-time PIN',
      'button: Continue',
      'button: Send a new PIN',
      'button: Alternative Authentication',
      'button: Start over',
    ]);
    const { pin } = await portal.pinFor(user.phone, 'sms');
    await page.keyboard.type(pin);
    await press(page, js, 'Enter', HEADINGS.password);
    await expect(portal.stepText(4)).toBeVisible();

    // Step 4: the new password, twice.
    await walk(page, 'textbox: New password', [
      BRAND,
      'textbox: New password',
      'textbox: Confirm password',
      'button: Change password',
      'button: Start over',
    ]);
    const password = strongPassword();
    await page.keyboard.type(password);
    if (js) await expect(portal.rule('At least 12 characters')).toHaveAttribute('data-state', 'met');
    await page.keyboard.press('Tab');
    await expectFocus(page, 'textbox: Confirm password');
    await page.keyboard.type(password);
    await press(page, js, 'Enter', HEADINGS.done);

    // Done.
    await expectTabOrder(page, [BRAND, 'link: Sign in', 'button: Reset another password']);
    await portal.expectDone(user.email);
  });

  test('flow B: sign-in, the second factor, the account tabs, a "⋮" menu and a password change', async ({
    page,
    javaScriptEnabled,
  }) => {
    const js = javaScriptEnabled;
    const user = createUser('kbd-signin');
    const portal = new Portal(page, js);
    await portal.open('/');
    await expect(portal.heading(SIGNIN.signIn)).toBeVisible();

    await walk(page, 'textbox: User ID', signInOrder(js));
    await page.keyboard.type(user.userId);
    await page.keyboard.press('Tab');
    await expectFocus(page, 'textbox: Password');
    await page.keyboard.type(user.password);
    if (js) {
      // "Show password" is a toggle button: Space shows the password and hides it again.
      await page.keyboard.press('Tab');
      await expectFocus(page, 'button: Show password');
      await page.keyboard.press('Space');
      await expect(portal.button('Show password')).toHaveAttribute('aria-pressed', 'true');
      await expect(portal.field('Password')).toHaveAttribute('type', 'text');
      await page.keyboard.press('Space');
      await expect(portal.button('Show password')).toHaveAttribute('aria-pressed', 'false');
      await expect(portal.field('Password')).toHaveAttribute('type', 'password');
      await page.keyboard.press('Shift+Tab');
      await expectFocus(page, 'textbox: Password');
    }
    await press(page, js, 'Enter', SIGNIN.code);

    // The second factor: "Alternative Authentication", a PIN by SMS, as in the modelled portal.
    await walk(page, 'link: Alternative Authentication', [
      BRAND,
      'textbox: Authenticator code',
      'button: Continue',
      'link: Alternative Authentication',
      'button: Back to sign in',
    ]);
    await press(page, js, 'Enter', SIGNIN.channels);

    await walk(page, 'button: Send PIN by SMS', [
      BRAND,
      'button: Send PIN by SMS',
      'button: Send PIN by email',
      'link: Use your authenticator app',
      'button: Back to sign in',
    ]);
    await press(page, js, 'Enter', SIGNIN.pin);

    await portal.expectPinSentBySms(user.phone);
    await expect(portal.button('Send a new PIN')).toBeEnabled();
    await walk(page, 'textbox: One-time PIN', [
      BRAND,
      'textbox: One-time PIN',
      'button: Continue',
      'button: Send a new PIN',
      'link: Use your authenticator app',
      'link: Alternative Authentication',
      'button: Back to sign in',
    ]);
    await page.keyboard.type((await portal.pinFor(user.phone, 'sms')).pin);
    await press(page, js, 'Enter', SIGNIN.account);

    // Profile. Hydrated, the tabs are one stop in the Tab order (the selected tab) and the
    // arrow keys move between them; without JavaScript each tab is a link of its own.
    let order = [BRAND, 'button: Sign out', ...tabStops(js, 'Profile'), 'tabpanel: Profile', 'link: Authenticators'];
    await expectTabOrder(page, order);
    if (js) {
      await backTo(page, order, 'tab: Profile');
      for (const [key, to] of [
        ['ArrowRight', 'Authenticators'],
        ['ArrowRight', 'Activity'],
        ['ArrowRight', 'Profile'],
        ['ArrowLeft', 'Activity'],
        ['Home', 'Profile'],
        ['End', 'Activity'],
      ]) {
        await page.keyboard.press(key);
        await expectFocus(page, `tab: ${to}`);
      }
      // Moving focus does not open a tab; Enter does, and focus stays on it.
      await expect(portal.tab('Profile')).toHaveAttribute('aria-selected', 'true');
      await expect(page).toHaveURL(/\/account$/);
      await page.keyboard.press('Enter');
    } else {
      await backTo(page, order, 'tab: Activity');
      await Promise.all([page.waitForEvent('load'), page.keyboard.press('Enter')]);
    }
    await expect(page).toHaveURL(/\/account\/activity$/);
    await expect(portal.tab('Activity')).toHaveAttribute('aria-selected', 'true');
    if (js) await expectFocus(page, 'tab: Activity');

    // Activity, then on to Authenticators.
    order = [BRAND, 'button: Sign out', ...tabStops(js, 'Activity'), 'tabpanel: Activity'];
    await expectTabOrder(page, order);
    if (js) {
      await backTo(page, order, 'tab: Activity');
      await page.keyboard.press('ArrowLeft');
      await expectFocus(page, 'tab: Authenticators');
      await page.keyboard.press('Enter');
    } else {
      await backTo(page, order, 'tab: Authenticators');
      await Promise.all([page.waitForEvent('load'), page.keyboard.press('Enter')]);
    }
    await expect(page).toHaveURL(/\/account\/authenticators$/);
    await expect(portal.tab('Authenticators')).toHaveAttribute('aria-selected', 'true');
    if (js) await expectFocus(page, 'tab: Authenticators');

    // Authenticators: every row's "⋮" menu button, in the rows' order.
    const rows = ['Password', 'Authenticator app', 'SMS', 'Email', 'Recovery codes'];
    const menuButtons = rows.map((row) => `button: Actions for ${row}`);
    order = [BRAND, 'button: Sign out', ...tabStops(js, 'Authenticators'), 'tabpanel: Authenticators', ...menuButtons];
    await expectTabOrder(page, order);

    if (js) {
      // Hydrated, the menu opens in place with its first item focused (every menu and every
      // key of it: the next test).
      await backTo(page, order, menuButtons[0]);
      await page.keyboard.press('Enter');
      await expect(portal.menuButton('Password')).toHaveAttribute('aria-expanded', 'true');
      await expectFocus(page, 'menuitem: Change Password');
    } else {
      // Without JavaScript a menu button is a link that opens its menu on a page of its own;
      // its items are plain links in the Tab order right after it.
      await backTo(page, order, menuButtons[0]);
      await Promise.all([page.waitForEvent('load'), page.keyboard.press('Enter')]);
      await expect(portal.menuButton('Password')).toHaveAttribute('aria-expanded', 'true');
      await expect(page.getByRole('menu')).toBeVisible();
      await walk(page, 'menuitem: Change Password', [
        BRAND,
        'button: Sign out',
        ...tabStops(js, 'Authenticators'),
        'tabpanel: Authenticators',
        menuButtons[0],
        'menuitem: Change Password',
        ...menuButtons.slice(1),
      ]);
    }
    await press(page, js, 'Enter', SIGNIN.changePassword);

    // Change Password.
    await walk(page, 'textbox: Current password', [
      BRAND,
      'button: Sign out',
      'textbox: Current password',
      'textbox: New password',
      'textbox: Confirm password',
      'button: Change password',
      'link: Back to your account',
    ]);
    const password = strongPassword();
    await page.keyboard.type(user.password);
    await page.keyboard.press('Tab');
    await expectFocus(page, 'textbox: New password');
    await page.keyboard.type(password);
    await page.keyboard.press('Tab');
    await expectFocus(page, 'textbox: Confirm password');
    await page.keyboard.type(password);
    await press(page, js, 'Enter', SIGNIN.changed);
    await expectTabOrder(page, [BRAND, 'button: Sign out', 'link: Back to your account']);
    await waitForMessage(user.email, (m) => (m.subject ?? '').includes('Your password was changed'));
  });

  test('flow B: every "⋮" menu opens, moves and closes by keyboard, focus back on its button', async ({
    page,
    javaScriptEnabled,
  }) => {
    test.skip(
      !javaScriptEnabled,
      'the arrow keys, Home, End and Escape need the hydrated page; without JavaScript a menu opens ' +
        'as a page of its own with its items as plain links in the Tab order (walked in the test above)',
    );
    const user = createUser('kbd-menus');
    const portal = new Portal(page, javaScriptEnabled);
    await portal.open('/');
    await expectTabOrder(page, signInOrder(true));
    await backTo(page, signInOrder(true), 'textbox: User ID');
    await page.keyboard.type(user.userId);
    await page.keyboard.press('Tab');
    await page.keyboard.type(user.password);
    await press(page, true, 'Enter', SIGNIN.code);
    await page.keyboard.press('Tab');
    await expectFocus(page, 'textbox: Authenticator code');
    await page.keyboard.type(totp(user.totpSecret));
    await press(page, true, 'Enter', SIGNIN.account);

    // From the heading to the tabs, over to Authenticators, into its table.
    await page.keyboard.press('Tab');
    await expectFocus(page, 'tab: Profile');
    await page.keyboard.press('ArrowRight');
    await expectFocus(page, 'tab: Authenticators');
    await page.keyboard.press('Enter');
    await expect(portal.tab('Authenticators')).toHaveAttribute('aria-selected', 'true');
    await expectFocus(page, 'tab: Authenticators');
    await page.keyboard.press('Tab');
    await expectFocus(page, 'tabpanel: Authenticators');
    await page.keyboard.press('Tab');
    await walkMenus(page, portal);
  });

  test('flow C: the forgotten password by email, from the sign-in page to the new password', async ({
    page,
    javaScriptEnabled,
  }) => {
    const js = javaScriptEnabled;
    const user = createUser('kbd-mail');
    const portal = new Portal(page, js);
    await portal.open('/');
    await walk(page, "link: I've forgotten my password", signInOrder(js));
    await press(page, js, 'Enter', 'Reset your password by email');

    await walk(page, 'textbox: User ID', [
      BRAND,
      'textbox: User ID',
      'textbox: Email address',
      'button: Continue',
      'link: Back to sign in',
    ]);
    await page.keyboard.type(user.userId);
    await page.keyboard.press('Tab');
    await expectFocus(page, 'textbox: Email address');
    await page.keyboard.type(user.email);
    await press(page, js, 'Enter', 'Check your email');
    await expect(
      page.getByText('If the User ID and email address match an account, we have sent two emails to that address.'),
    ).toBeVisible();
    await expectTabOrder(page, [BRAND, 'link: Back to sign in']);

    // The emailed link is opened from the mail, as a person does; the page it opens is walked.
    const mail = await waitForMessage(user.email, (m) => (m.subject ?? '').includes('Your password reset link'));
    const link = /https?:\/\/\S+/.exec(mail.text)?.[0];
    expect(link, 'the reset email holds a link').toBeDefined();
    await portal.open(link!);
    await expect(portal.heading('Get a temporary password')).toBeVisible();
    await walk(page, 'button: Continue', [BRAND, 'button: Continue', 'link: Back to sign in']);
    await press(page, js, 'Enter', 'Check your email');
    await walk(page, 'link: Sign in', [BRAND, 'link: Sign in']);
    await press(page, js, 'Enter', SIGNIN.signIn);

    // Signing in with the temporary password and the authenticator code leads to the forced change.
    const third = await waitForMessage(user.email, (m) => (m.subject ?? '').includes('Your temporary password'));
    const temporary = /Temporary password: (\S+)/.exec(third.text)?.[1];
    expect(temporary, 'the third email holds the temporary password').toBeDefined();
    await walk(page, 'textbox: User ID', signInOrder(js));
    await page.keyboard.type(user.userId);
    await page.keyboard.press('Tab');
    await expectFocus(page, 'textbox: Password');
    await page.keyboard.type(temporary!);
    await press(page, js, 'Enter', SIGNIN.code);
    await walk(page, 'textbox: Authenticator code', [
      BRAND,
      'textbox: Authenticator code',
      'button: Continue',
      'link: Alternative Authentication',
      'button: Back to sign in',
    ]);
    await page.keyboard.type(totp(user.totpSecret));
    await press(page, js, 'Enter', SIGNIN.forced);

    await walk(page, 'textbox: Current password', [
      BRAND,
      'button: Sign out',
      'textbox: Current password',
      'textbox: New password',
      'textbox: Confirm password',
      'button: Change password',
    ]);
    const password = strongPassword();
    await page.keyboard.type(temporary!);
    await page.keyboard.press('Tab');
    await expectFocus(page, 'textbox: New password');
    await page.keyboard.type(password);
    await page.keyboard.press('Tab');
    await expectFocus(page, 'textbox: Confirm password');
    await page.keyboard.type(password);
    await press(page, js, 'Enter', SIGNIN.changed);
  });
});

/**
 * The sign-in page after "Skip to content". Without JavaScript a second submit button carries
 * the typed User ID into the wizard (the link cannot follow the field then).
 */
function signInOrder(js: boolean): string[] {
  return [
    BRAND,
    'textbox: User ID',
    'textbox: Password',
    'button: Show password',
    'button: Sign in',
    ...(js ? [] : ['button: Password locked or forgotten?']),
    'link: Password locked or forgotten?',
    "link: I've forgotten my password",
  ];
}

/** The account page's tabs in the Tab order: hydrated only the selected one, otherwise all three. */
function tabStops(js: boolean, selected: 'Profile' | 'Authenticators' | 'Activity'): string[] {
  return js ? [`tab: ${selected}`] : ['tab: Profile', 'tab: Authenticators', 'tab: Activity'];
}

/** The items of each row's menu, in order. */
const MENU_ITEMS: [string, string[]][] = [
  ['Password', ['Change Password']],
  ['Authenticator app', ['Replace authenticator app', 'Remove authenticator app']],
  ['SMS', ['Change phone number']],
  ['Email', ['Change email address']],
  ['Recovery codes', ['Generate recovery codes']],
];

/**
 * From the first row's menu button, each menu in turn: opened with Enter, Space or ArrowDown
 * (the first item) or ArrowUp (the last), its items walked with ArrowDown, ArrowUp, Home and
 * End, closed with Escape, focus back on its button; then Tab to the next row's button.
 */
async function walkMenus(page: Page, portal: Portal): Promise<void> {
  const openWith = ['Enter', 'ArrowUp', 'Space', 'ArrowDown', 'Enter'];
  for (const [index, [row, items]] of MENU_ITEMS.entries()) {
    const button = portal.menuButton(row);
    const menu = page.getByRole('menu');
    await expectFocus(page, `button: Actions for ${row}`);
    await expect(button).toHaveAttribute('aria-expanded', 'false');
    await expect(menu).toHaveCount(0);

    const key = openWith[index];
    await page.keyboard.press(key);
    await expect(button).toHaveAttribute('aria-expanded', 'true');
    await expect(menu).toBeVisible();
    await expect(menu.getByRole('menuitem')).toHaveText(items);
    const last = items.length - 1;
    const first = key === 'ArrowUp' ? last : 0;
    await expectFocus(page, `menuitem: ${items[first]}`);

    // Down through every item and round to the first again, then up, then Home and End.
    let at = first;
    for (let i = 0; i <= items.length; i++) {
      await page.keyboard.press('ArrowDown');
      at = (at + 1) % items.length;
      await expectFocus(page, `menuitem: ${items[at]}`);
    }
    await page.keyboard.press('ArrowUp');
    at = (at + items.length - 1) % items.length;
    await expectFocus(page, `menuitem: ${items[at]}`);
    await page.keyboard.press('End');
    await expectFocus(page, `menuitem: ${items[last]}`);
    await page.keyboard.press('Home');
    await expectFocus(page, `menuitem: ${items[0]}`);

    await page.keyboard.press('Escape');
    await expect(menu).toHaveCount(0);
    await expect(button).toHaveAttribute('aria-expanded', 'false');
    await expectFocus(page, `button: Actions for ${row}`);
    // A second Escape on the closed menu's button changes nothing.
    await page.keyboard.press('Escape');
    await expect(menu).toHaveCount(0);
    await expectFocus(page, `button: Actions for ${row}`);

    if (index < MENU_ITEMS.length - 1) await page.keyboard.press('Tab');
  }
}
