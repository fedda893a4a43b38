import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

/**
 * ID numbers at rest: AES-256-GCM ciphertext (iv ‖ tag ‖ data) for reading back, and an HMAC-SHA256 for
 * exact look-ups. Both keys are derived from the one configured secret, so the hash can't be reversed
 * by hashing all 10^17 possible numbers without the key.
 */
export class IdVault {
  private readonly encryptionKey: Buffer;
  private readonly hashKey: Buffer;

  constructor(secret: Buffer) {
    this.encryptionKey = Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), 'minzheng id-number encryption', 32));
    this.hashKey = Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), 'minzheng id-number lookup', 32));
  }

  hash(idNumber: string): Buffer {
    return createHmac('sha256', this.hashKey).update(idNumber).digest();
  }

  encrypt(idNumber: string): Buffer {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.encryptionKey, iv);
    const data = Buffer.concat([cipher.update(idNumber, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), data]);
  }

  decrypt(sealed: Buffer | Uint8Array): string {
    const buffer = Buffer.from(sealed);
    const decipher = createDecipheriv('aes-256-gcm', this.encryptionKey, buffer.subarray(0, 12));
    decipher.setAuthTag(buffer.subarray(12, 28));
    return Buffer.concat([decipher.update(buffer.subarray(28)), decipher.final()]).toString('utf8');
  }
}
