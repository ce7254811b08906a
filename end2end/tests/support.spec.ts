// Checks of the test helpers themselves; they need neither the app nor a browser.
import { expect, test } from '@playwright/test';
import {
  base32Decode,
  base32Encode,
  maskedEmail,
  maskedPhone,
  newPhone,
  newTotpSecret,
  newUserId,
  pinFrom,
  referenceFrom,
  strongPassword,
  totp,
  wrongTotp,
} from './support';

test.describe('test helpers', () => {
  test('totp matches the RFC 6238 SHA-1 test vectors', () => {
    const secret = base32Encode(Buffer.from('12345678901234567890', 'ascii'));
    expect(secret).toBe('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
    // RFC 6238, Appendix B (SHA-1, 8 digits).
    const vectors: Array<[number, string]> = [
      [59, '94287082'],
      [1111111109, '07081804'],
      [1111111111, '14050471'],
      [1234567890, '89005924'],
      [2000000000, '69279037'],
      [20000000000, '65353130'],
    ];
    for (const [seconds, code] of vectors) {
      expect(totp(secret, seconds * 1000, 8), `T=${seconds}`).toBe(code);
    }
    // The app uses 6 digits: the last six of the same value.
    expect(totp(secret, 59_000)).toBe('287082');
    expect(totp(secret.toLowerCase(), 59_000)).toBe('287082');
  });

  test('wrongTotp never returns a code that is valid around now', () => {
    const secret = newTotpSecret();
    const now = Date.now();
    const valid = [-30_000, 0, 30_000].map((d) => totp(secret, now + d));
    for (let i = 0; i < 200; i++) expect(valid).not.toContain(wrongTotp(secret, now));
  });

  test('generated data has the expected shape', () => {
    const secret = newTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(base32Decode(secret)).toHaveLength(20);

    const a = newUserId('sms');
    const b = newUserId('sms');
    expect(a).toMatch(/^sms[a-z][a-z0-9]{9}$/);
    expect(a).not.toBe(b);
    expect(newUserId('Two-Channel!')).toMatch(/^twochannel[a-z0-9]{10}$/);

    expect(newPhone()).toMatch(/^\+1555\d{7}$/);

    const pw = strongPassword();
    expect(pw).toHaveLength(24);
    expect(pw).toMatch(/[a-z]/);
    expect(pw).toMatch(/[A-Z]/);
    expect(pw).toMatch(/[0-9]/);
    expect(pw).toMatch(/[^A-Za-z0-9]/);
    expect(pw).not.toMatch(/\s/);
    expect(strongPassword()).not.toBe(pw);

    expect(maskedPhone('+15551234567')).toBe('•••• 4567');
    expect(maskedEmail('jane@example.com')).toBe('j•••@example.com');
  });

  test('PIN and reference are read from messages', () => {
    const sms = 'Keyturn: your PIN: 482913. Reference: K7QP. It expires in 5 minutes.';
    expect(pinFrom(sms)).toBe('482913');
    expect(referenceFrom(sms)).toBe('K7QP');
    const mail = 'Hello,\n\nYour one-time PIN\n\nPIN: 004211\nReference: 2Z9A\n';
    expect(pinFrom(mail)).toBe('004211');
    expect(referenceFrom(mail)).toBe('2Z9A');
    expect(() => pinFrom('no code here 12345')).toThrow();
    expect(() => referenceFrom('Reference: ab1')).toThrow();
  });
});
