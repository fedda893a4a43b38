import { createHmac } from 'node:crypto';
import { deriveKey, openBytes, purposeKeys, sealBytes, stableSecret } from '../kernel/keyring.js';

const ENCRYPTION = 'minzheng id-number encryption';

/**
 * ID numbers at rest: AES-256-GCM ciphertext (iv ‖ tag ‖ data) for reading back, and an HMAC-SHA256 for
 * exact look-ups. Both keys are derived from the configured secret, so the hash can't be reversed by hashing
 * all possible numbers without the key. During a key rotation the ciphertext opens with the current or a
 * previous key, and the hash key comes from the look-up key, which the rotation leaves alone (see keyring.ts).
 */
export class IdVault {
  private readonly encryptionKeys: Buffer[];
  private readonly hashKey: Buffer;

  constructor(secret: Buffer) {
    this.encryptionKeys = purposeKeys(secret, ENCRYPTION);
    this.hashKey = deriveKey(stableSecret(secret), 'minzheng id-number lookup');
  }

  hash(idNumber: string): Buffer {
    return createHmac('sha256', this.hashKey).update(idNumber).digest();
  }

  encrypt(idNumber: string): Buffer {
    return sealBytes(this.encryptionKeys[0] as Buffer, idNumber);
  }

  decrypt(sealed: Buffer | Uint8Array): string {
    return openBytes(this.encryptionKeys, sealed).plaintext;
  }

  /** The number, and whether it was sealed under a previous key (the rotation's question). */
  open(sealed: Buffer | Uint8Array): { idNumber: string; stale: boolean } {
    const { plaintext, keyIndex } = openBytes(this.encryptionKeys, sealed);
    return { idNumber: plaintext, stale: keyIndex > 0 };
  }
}
