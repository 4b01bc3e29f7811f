import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SecretBox, SecretBoxError } from '../../src/secrets.ts';

describe('SecretBox (AES-256-GCM)', () => {
  const box = new SecretBox(randomBytes(32).toString('base64'));

  it('round-trips, with a fresh IV each time, and never contains the plaintext', () => {
    const a = box.seal('xoxb-secret-token', 'install:team:T1');
    const b = box.seal('xoxb-secret-token', 'install:team:T1');
    expect(a).not.toBe(b);
    expect(a).not.toContain('xoxb');
    expect(box.open(a, 'install:team:T1')).toBe('xoxb-secret-token');
  });

  it('does not open with another key, another purpose, or after tampering', () => {
    const sealed = box.seal('xoxb-secret-token', 'install:team:T1');
    const other = new SecretBox(randomBytes(32).toString('base64'));
    expect(() => other.open(sealed, 'install:team:T1')).toThrow(SecretBoxError);
    expect(() => box.open(sealed, 'install:team:T2')).toThrow(SecretBoxError);
    const parts = sealed.split('.');
    parts[3] = `${parts[3]?.slice(0, -2)}AA`;
    expect(() => box.open(parts.join('.'), 'install:team:T1')).toThrow(SecretBoxError);
    expect(() => box.open('plain', 'install:team:T1')).toThrow(SecretBoxError);
  });

  it('refuses a key that is not 32 bytes', () => {
    expect(() => new SecretBox(randomBytes(16).toString('base64'))).toThrow(SecretBoxError);
  });
});
