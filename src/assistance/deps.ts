import type { AppContext } from '../context.js';
import type { Database } from '../db/index.js';
import { todayInShanghai, type IsoDate } from '../kernel/index.js';
import { openBytes, purposeKeys, sealBytes } from '../kernel/keyring.js';
import type { AssistanceDb, AssistanceTables } from './model.js';

/** Business dates come from a clock the caller owns, so a case can be walked through months in a test. */
export interface Clock {
  today(): IsoDate;
}

export const systemClock: Clock = { today: () => todayInShanghai() };

/** Bank account numbers at rest: AES-256-GCM (iv ‖ tag ‖ data) with a key derived for this purpose only; during a key rotation they open with a previous key too. */
export class AccountVault {
  private readonly keys: Buffer[];

  constructor(secret: Buffer) {
    this.keys = purposeKeys(secret, 'minzheng assistance bank-account encryption');
  }

  encrypt(accountNo: string): Buffer {
    return sealBytes(this.keys[0] as Buffer, accountNo);
  }

  decrypt(sealed: Buffer | Uint8Array): string {
    return openBytes(this.keys, sealed).plaintext;
  }

  /** The number, and whether it was sealed under a previous key (the rotation's question). */
  open(sealed: Buffer | Uint8Array): { accountNo: string; stale: boolean } {
    const { plaintext, keyIndex } = openBytes(this.keys, sealed);
    return { accountNo: plaintext, stale: keyIndex > 0 };
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
