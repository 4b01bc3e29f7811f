import { z } from 'zod';
import { SecretBox, SecretBoxError } from '../secrets.ts';
import type { Store } from '../store/types.ts';

/**
 * Where installations (a workspace's or an Enterprise Grid org's tokens) are kept: Scout's own store,
 * so every replica sharing it sees every installation. The whole installation is sealed with
 * AES-256-GCM (src/secrets.ts) before it reaches the store; the store holds only which workspace it
 * is and when it was saved, in clear.
 */

/** A workspace (`team`) or an org-wide Enterprise Grid install (`org`). */
export interface InstallationRef {
  readonly kind: 'team' | 'org';
  readonly id: string;
}

export const installationKeys = {
  installation: (ref: InstallationRef) => `install:${ref.kind}:${ref.id}`,
  /** Held while one process refreshes an expiring token, so it is refreshed once. */
  refreshLease: (ref: InstallationRef) => `install:refresh:${ref.kind}:${ref.id}`,
  /** A sealed constant: proves at start-up that SCOUT_ENCRYPTION_KEY is the key tokens were sealed with. */
  keyCheck: 'install:key-check',
} as const;

const KEY_CHECK_TEXT = 'scout-key-check';

const record = z.object({ sealed: z.string(), savedAt: z.number() });

export class WrongEncryptionKeyError extends Error {
  override readonly name = 'WrongEncryptionKeyError';
  constructor() {
    super(
      'SCOUT_ENCRYPTION_KEY does not open the tokens already in the store: it is not the key they were saved with (restore that key, or empty the store)',
    );
  }
}

export class InstallationVault {
  readonly #store: Store;
  readonly #box: SecretBox;
  readonly #clock: () => number;

  constructor(options: { store: Store; encryptionKey: string; clock?: () => number }) {
    this.#store = options.store;
    this.#box = new SecretBox(options.encryptionKey);
    this.#clock = options.clock ?? Date.now;
  }

  /**
   * At start-up: the first run seals a check value; later runs must open it. Throws
   * WrongEncryptionKeyError (one clear line) when the key changed.
   */
  async verifyKey(): Promise<void> {
    const stored = await this.#store.kv.get(installationKeys.keyCheck);
    if (typeof stored === 'string') {
      try {
        if (this.#box.open(stored, installationKeys.keyCheck) === KEY_CHECK_TEXT) return;
      } catch (error) {
        if (!(error instanceof SecretBoxError)) throw error;
      }
      throw new WrongEncryptionKeyError();
    }
    await this.#store.kv.set(
      installationKeys.keyCheck,
      this.#box.seal(KEY_CHECK_TEXT, installationKeys.keyCheck),
    );
  }

  async save(ref: InstallationRef, installation: unknown): Promise<void> {
    const key = installationKeys.installation(ref);
    await this.#store.kv.set(key, {
      sealed: this.#box.seal(JSON.stringify(installation), key),
      savedAt: this.#clock(),
    });
  }

  /** The installation as it was saved, or undefined when there is none (or it cannot be opened). */
  async load(ref: InstallationRef): Promise<unknown> {
    const key = installationKeys.installation(ref);
    const parsed = record.safeParse(await this.#store.kv.get(key));
    if (!parsed.success) return undefined;
    try {
      return JSON.parse(this.#box.open(parsed.data.sealed, key)) as unknown;
    } catch (error) {
      if (error instanceof SecretBoxError || error instanceof SyntaxError) return undefined;
      throw error;
    }
  }

  async delete(ref: InstallationRef): Promise<boolean> {
    return this.#store.kv.delete(installationKeys.installation(ref));
  }

  /** Seal any other secret the same way (e.g. a workspace's own API key), bound to `purpose`. */
  get box(): SecretBox {
    return this.#box;
  }
}
