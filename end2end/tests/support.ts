// Helpers shared by the browser tests: authenticator codes, test accounts made
// with the `keyturn` CLI, and access to the message sink (support/sink.mjs).

import { execFileSync } from 'node:child_process';
import { createHmac, randomBytes, randomInt } from 'node:crypto';

export const SINK_URL = (process.env.SINK_URL ?? 'http://127.0.0.1:2526').replace(/\/+$/, '');
export const KEYTURN_BIN = process.env.KEYTURN_BIN ?? 'keyturn';
export const SUPPORT_CONTACT =
  process.env.KEYTURN_SUPPORT_CONTACT ?? 'the IT help desk at +1 555 0100';

// ------------------------------------------------------------------ TOTP

const BASE32_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** Decodes RFC 4648 base32 (case-insensitive; spaces and padding ignored). */
export function base32Decode(input: string): Buffer {
  const clean = input.toUpperCase().replace(/[\s=-]/g, '');
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const ch of clean) {
    const index = BASE32_ALPHABET.indexOf(ch);
    if (index < 0) throw new Error(`not a base32 character: ${JSON.stringify(ch)}`);
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out.push((value >>> bits) & 0xff);
    }
  }
  return Buffer.from(out);
}

/** Encodes bytes as RFC 4648 base32 without padding. */
export function base32Encode(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += BASE32_ALPHABET[(value >>> bits) & 31];
    }
  }
  if (bits > 0) out += BASE32_ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

export const TOTP_PERIOD_SECONDS = 30;

/** The 30-second time step that contains `atMs`. */
export function totpStep(atMs: number = Date.now()): number {
  return Math.floor(atMs / 1000 / TOTP_PERIOD_SECONDS);
}

/** HOTP (RFC 4226) with HMAC-SHA-1. */
export function hotp(key: Buffer, counter: number, digits = 6): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac('sha1', key).update(message).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const binary =
    ((mac[offset] & 0x7f) << 24) |
    (mac[offset + 1] << 16) |
    (mac[offset + 2] << 8) |
    mac[offset + 3];
  return String(binary % 10 ** digits).padStart(digits, '0');
}

/** TOTP (RFC 6238): SHA-1, 30 s steps, 6 digits unless told otherwise. */
export function totp(secretBase32: string, atMs: number = Date.now(), digits = 6): string {
  return hotp(base32Decode(secretBase32), totpStep(atMs), digits);
}

/**
 * A 6-digit code that is wrong for `secretBase32` around now: it differs from
 * the codes of the two steps before and after the current one.
 */
export function wrongTotp(secretBase32: string, atMs: number = Date.now()): string {
  const key = base32Decode(secretBase32);
  const step = totpStep(atMs);
  const near = new Set<string>();
  for (let d = -2; d <= 2; d++) near.add(hotp(key, step + d));
  for (;;) {
    const candidate = String(randomInt(0, 1_000_000)).padStart(6, '0');
    if (!near.has(candidate)) return candidate;
  }
}

/** A fresh authenticator secret: 160 random bits as 32 base32 characters (A–Z, 2–7). */
export function newTotpSecret(): string {
  return base32Encode(randomBytes(20));
}

// ------------------------------------------------------------------ test data

const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';

function randomFrom(alphabet: string, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[randomInt(0, alphabet.length)];
  return out;
}

/**
 * A User ID no other test uses: the prefix (reduced to lower-case letters and
 * digits) followed by a random lower-case suffix.
 */
export function newUserId(prefix = 'e2e'): string {
  const head = prefix.toLowerCase().replace(/[^a-z0-9]/g, '').slice(0, 12) || 'e2e';
  return `${head}${randomFrom('abcdefghijklmnopqrstuvwxyz', 1)}${randomFrom(LOWER_ALNUM, 9)}`;
}

/** A random North American test number in E.164 form, such as +15550123456. */
export function newPhone(): string {
  return `+1555${randomFrom('0123456789', 7)}`;
}

/** The address tests give a user: `<userId>@example.com`. */
export function emailFor(userId: string): string {
  return `${userId}@example.com`;
}

const PASSWORD_GROUPS = [
  'abcdefghijkmnopqrstuvwxyz',
  'ABCDEFGHJKLMNPQRSTUVWXYZ',
  '23456789',
  '!#%*+-=?@^_~',
];

/**
 * A random strong password (no spaces, every character class present so that
 * optional composition rules are met too).
 */
export function strongPassword(length = 24): string {
  const all = PASSWORD_GROUPS.join('');
  const chars = PASSWORD_GROUPS.map((group) => randomFrom(group, 1));
  while (chars.length < length) chars.push(randomFrom(all, 1));
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(0, i + 1);
    [chars[i], chars[j]] = [chars[j], chars[i]];
  }
  return chars.join('');
}

/** The masked form the wizard shows for a phone number: "•••• 4567". */
export function maskedPhone(phone: string): string {
  return `•••• ${phone.replace(/\D/g, '').slice(-4)}`;
}

/** The masked form the wizard shows for an address: "j•••@example.com". */
export function maskedEmail(email: string): string {
  const at = email.lastIndexOf('@');
  return `${email[0]}•••${email.slice(at)}`;
}

// ------------------------------------------------------------------ the keyturn CLI

export interface NewUser {
  userId: string;
  email: string;
  phone?: string;
  password?: string;
  totpSecret?: string;
}

function keyturn(args: string[], input?: string): string {
  try {
    return execFileSync(KEYTURN_BIN, args, {
      input: input ?? '',
      env: process.env,
      encoding: 'utf8',
      stdio: ['pipe', 'pipe', 'pipe'],
      timeout: 30_000,
    });
  } catch (err) {
    const e = err as { status?: number | null; stdout?: string; stderr?: string; message: string };
    throw new Error(
      `\`${KEYTURN_BIN} ${args.join(' ')}\` failed (exit ${e.status ?? '?'}): ${e.message}\n` +
        `stdout: ${e.stdout ?? ''}\nstderr: ${e.stderr ?? ''}\n` +
        '(KEYTURN_BIN, KEYTURN_DATABASE_URL and KEYTURN_SECRET_KEY must match the running server)',
    );
  }
}

/** `keyturn user add USER_ID --email E [--phone P] [--password-stdin] [--totp-secret S]` */
export function addUser(user: NewUser): void {
  const args = ['user', 'add', user.userId, '--email', user.email];
  if (user.phone !== undefined) args.push('--phone', user.phone);
  if (user.password !== undefined) args.push('--password-stdin');
  if (user.totpSecret !== undefined) args.push('--totp-secret', user.totpSecret);
  // The password goes to stdin as typed, without a trailing newline.
  keyturn(args, user.password);
}

/**
 * `keyturn user add USER_ID --email E [--phone P] --temporary [--totp-secret S]`: the account
 * must change its password at first sign-in. Returns the temporary password the CLI prints.
 */
export function addUserWithTemporaryPassword(user: Omit<NewUser, 'password'>): string {
  const args = ['user', 'add', user.userId, '--email', user.email, '--temporary'];
  if (user.phone !== undefined) args.push('--phone', user.phone);
  if (user.totpSecret !== undefined) args.push('--totp-secret', user.totpSecret);
  const printed = keyturn(args);
  const match = /temporary password:\s*(\S+)/i.exec(printed);
  if (!match) throw new Error(`no temporary password in the CLI's output: ${JSON.stringify(printed)}`);
  return match[1];
}

/** `keyturn user unlock USER_ID` */
export function unlockUser(userId: string): void {
  keyturn(['user', 'unlock', userId]);
}

export interface TestUser {
  userId: string;
  email: string;
  phone: string;
  password: string;
  totpSecret: string;
}

/** Creates an account with phone, email, password and authenticator. */
export function createUser(prefix: string): TestUser {
  const userId = newUserId(prefix);
  const user: TestUser = {
    userId,
    email: emailFor(userId),
    phone: newPhone(),
    password: strongPassword(),
    totpSecret: newTotpSecret(),
  };
  addUser(user);
  return user;
}

/** An account with phone, email and password but no authenticator app. */
export function createUserWithoutAuthenticator(prefix: string): Omit<TestUser, 'totpSecret'> {
  const userId = newUserId(prefix);
  const user = { userId, email: emailFor(userId), phone: newPhone(), password: strongPassword() };
  addUser(user);
  return user;
}

/** An account whose password was set by the CLI with `--temporary` (it must be changed). */
export function createUserWithTemporaryPassword(prefix: string): TestUser {
  const userId = newUserId(prefix);
  const user = { userId, email: emailFor(userId), phone: newPhone(), totpSecret: newTotpSecret() };
  const password = addUserWithTemporaryPassword(user);
  return { ...user, password };
}

/**
 * Waits until the authenticator's 30-second step is later than the one containing `usedAtMs`:
 * a code accepted once is never accepted again, so the next sign-in needs the next step's.
 */
export async function waitForNextTotpStep(usedAtMs: number): Promise<void> {
  const step = totpStep(usedAtMs);
  while (totpStep() <= step) await new Promise((resolve) => setTimeout(resolve, 250));
}

// ------------------------------------------------------------------ the message sink

export interface SinkMessage {
  channel: 'email' | 'sms';
  to: string;
  subject: string | null;
  text: string;
  at: string;
  id?: string;
  from?: string | null;
}

function sameAddress(a: string, b: string): boolean {
  const norm = (s: string) => s.trim().toLowerCase().replace(/[\s()-]/g, '');
  return norm(a) === norm(b);
}

async function sink(path: string, init?: RequestInit): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(`${SINK_URL}${path}`, init);
  } catch (err) {
    throw new Error(
      `message sink not reachable at ${SINK_URL} (start it with \`node support/sink.mjs\`): ${String(err)}`,
    );
  }
  if (!res.ok) throw new Error(`sink ${init?.method ?? 'GET'} ${path}: HTTP ${res.status}`);
  return res;
}

/** Every message the sink holds for `address` (phone number or email), oldest first. */
export async function messagesTo(address: string): Promise<SinkMessage[]> {
  const res = await sink('/messages');
  const all = (await res.json()) as SinkMessage[];
  return all.filter((m) => sameAddress(m.to, address));
}

/** Polls the sink until a message to `address` satisfies `predicate`. */
export async function waitForMessage(
  address: string,
  predicate: (m: SinkMessage) => boolean = () => true,
  timeoutMs = 10_000,
): Promise<SinkMessage> {
  const deadline = Date.now() + timeoutMs;
  let seen: SinkMessage[] = [];
  for (;;) {
    seen = await messagesTo(address);
    const hit = seen.find(predicate);
    if (hit) return hit;
    if (Date.now() >= deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const summary = seen.map((m) => `  [${m.channel}] ${m.subject ?? ''} ${JSON.stringify(m.text)}`);
  throw new Error(
    `no matching message to ${address} within ${timeoutMs} ms; received:\n${summary.join('\n') || '  (none)'}`,
  );
}

/** The 6-digit PIN after "PIN" in a message ("PIN: 123456"). */
export function pinFrom(text: string): string {
  const match = /\bPIN\b\s*(?:[:=]|is)?\s*(\d{6})(?!\d)/.exec(text);
  if (!match) throw new Error(`no PIN in message: ${JSON.stringify(text)}`);
  return match[1];
}

/** The 4-character reference after "Reference:" (A–Z, 2–9). */
export function referenceFrom(text: string): string {
  const match = /\bReference:\s*([A-Z2-9]{4})\b/.exec(text);
  if (!match) throw new Error(`no reference in text: ${JSON.stringify(text)}`);
  return match[1];
}

export interface SinkSwitches {
  smsDown?: boolean;
  smtpDown?: boolean;
}

/**
 * Turns delivery failures on or off. Without `onlyFor` the switch applies to
 * every recipient; with it, only to those addresses, which keeps tests that run
 * at the same time (other worker, other project) unaffected.
 */
export async function setSink(switches: SinkSwitches, onlyFor?: string[]): Promise<void> {
  const body =
    onlyFor === undefined
      ? switches
      : { recipients: Object.fromEntries(onlyFor.map((address) => [address, switches])) };
  await sink('/control', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}
