import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';

/**
 * The data key and its companions during a key rotation (issue 22): the keys it replaces, still able to open
 * what they sealed until `minzheng keys rotate` has re-sealed it, and the look-up key, which is not rotated.
 *
 * Every module builds its vault from `config.secretKey`; the companions travel with that key object, so a
 * vault made anywhere — including code written after this file — opens old ciphertext during a rotation
 * without each call site having to pass a second argument.
 */
export interface Keyring {
  current: Buffer;
  previous: readonly Buffer[];
  /** Root of the look-up hashes (and other values that must survive a rotation); the current key when absent. */
  lookup?: Buffer;
}

const companions = new WeakMap<Buffer, Omit<Keyring, 'current'>>();

/** Records the previous keys and the look-up key of `current`; returns `current`. */
export function withKeyring(current: Buffer, previous: readonly Buffer[], lookup?: Buffer): Buffer {
  if (previous.length || lookup) companions.set(current, { previous, lookup });
  return current;
}

export function keyringOf(secret: Buffer): Keyring {
  const extra = companions.get(secret);
  return { current: secret, previous: extra?.previous ?? [], lookup: extra?.lookup };
}

/**
 * The root of everything a rotation must not change: ID-number look-up hashes (stored and compared as join
 * keys in many tables), the audit anchors' signatures and signed e-licences already handed out.
 */
export const stableSecret = (secret: Buffer): Buffer => keyringOf(secret).lookup ?? secret;

export const deriveKey = (secret: Buffer, purpose: string): Buffer => Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), purpose, 32));

/** A short public name of a key (never the key): which key a rotation is moving data to. */
export const keyFingerprint = (secret: Buffer): string => createHash('sha256').update(deriveKey(secret, 'minzheng key fingerprint')).digest('hex').slice(0, 16);

/** AES-256-GCM, laid out iv (12) ‖ tag (16) ‖ data. */
export function sealBytes(key: Buffer, plaintext: string): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), data]);
}

function openWithKey(key: Buffer, buffer: Buffer): string {
  const decipher = createDecipheriv('aes-256-gcm', key, buffer.subarray(0, 12));
  decipher.setAuthTag(buffer.subarray(12, 28));
  return Buffer.concat([decipher.update(buffer.subarray(28)), decipher.final()]).toString('utf8');
}

/**
 * Opens with the first key of `keys` whose tag matches (GCM's tag makes a wrong key fail, never misread).
 * `keyIndex` 0 is the current key: anything else still has to be re-sealed.
 */
export function openBytes(keys: readonly Buffer[], sealed: Buffer | Uint8Array): { plaintext: string; keyIndex: number } {
  const buffer = Buffer.from(sealed);
  for (let i = 0; i < keys.length; i++) {
    try {
      return { plaintext: openWithKey(keys[i] as Buffer, buffer), keyIndex: i };
    } catch {
      // not this key: try the next one
    }
  }
  throw new Error('sealed value opens with none of the configured keys (current and MINZHENG_SECRET_KEY_PREVIOUS)');
}

/** The derived keys of one purpose, current first, for `openBytes`. */
export const purposeKeys = (secret: Buffer, purpose: string): Buffer[] => {
  const ring = keyringOf(secret);
  return [ring.current, ...ring.previous].map((k) => deriveKey(k, purpose));
};
