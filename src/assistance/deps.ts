import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import type { AppContext } from '../context.js';
import type { Database } from '../db/index.js';
import { todayInShanghai, type IsoDate } from '../kernel/index.js';
import type { AssistanceDb, AssistanceTables } from './model.js';

/** Business dates come from a clock the caller owns, so a case can be walked through months in a test. */
export interface Clock {
  today(): IsoDate;
}

export const systemClock: Clock = { today: () => todayInShanghai() };

/** Bank account numbers at rest: AES-256-GCM (iv ‖ tag ‖ data) with a key derived for this purpose only. */
export class AccountVault {
  private readonly key: Buffer;

  constructor(secret: Buffer) {
    this.key = Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), 'minzheng assistance bank-account encryption', 32));
  }

  encrypt(accountNo: string): Buffer {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const data = Buffer.concat([cipher.update(accountNo, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), data]);
  }

  decrypt(sealed: Buffer | Uint8Array): string {
    const buffer = Buffer.from(sealed);
    const decipher = createDecipheriv('aes-256-gcm', this.key, buffer.subarray(0, 12));
    decipher.setAuthTag(buffer.subarray(12, 28));
    return Buffer.concat([decipher.update(buffer.subarray(28)), decipher.final()]).toString('utf8');
  }
}

export const maskAccount = (accountNo: string): string => `${'*'.repeat(Math.max(0, accountNo.length - 4))}${accountNo.slice(-4)}`;

/** What assistance services run on; given explicitly, nothing global. */
export interface AssistanceDeps {
  db: Database;
  clock: Clock;
  accounts: AccountVault;
}

export function assistanceDeps(ctx: AppContext, clock: Clock = systemClock): AssistanceDeps {
  return { db: ctx.db, clock, accounts: new AccountVault(ctx.config.secretKey) };
}

export const tables = (deps: { db: Database }): AssistanceDb => deps.db.kysely.withTables<AssistanceTables>();
