import { Writable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/log.ts';
import { maskEmails } from '../src/privacy.ts';

describe('maskEmails', () => {
  it('keeps the first letter and the domain', () => {
    expect(maskEmails('lookup of maya.moves+pr@mail.example.co.uk failed')).toBe(
      'lookup of m***@mail.example.co.uk failed',
    );
    expect(maskEmails('a@b.io and zed@x.dev')).toBe('a***@b.io and z***@x.dev');
    expect(maskEmails('no address here, @handle or user@localhost')).toBe(
      'no address here, @handle or user@localhost',
    );
  });

  it('never leaves a local part longer than one letter for any address', () => {
    fc.assert(
      fc.property(fc.emailAddress(), (email) => {
        const masked = maskEmails(`x ${email} y`);
        expect(masked).not.toContain((email.split('@')[0]?.length ?? 0 > 1) ? email : '\u0000');
        expect(masked).toMatch(/\*\*\*@/);
      }),
    );
  });
});

describe('the logger', () => {
  it('never writes an email address in full, wherever it sits in a line', () => {
    const lines: string[] = [];
    const log = createLogger({
      level: 'info',
      destination: new Writable({
        write(chunk, _encoding, done) {
          lines.push(String(chunk));
          done();
        },
      }),
    });
    log.warn(
      { email: 'maya@example.com', err: new Error('no data for maya@example.com') },
      'lookup of maya@example.com failed',
    );
    const written = lines.join('');
    expect(written).not.toContain('maya@example.com');
    expect(written).toContain('m***@example.com');
  });
});
