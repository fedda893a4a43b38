import { sql, type Kysely } from 'kysely';
import { openSealedSecret, sealSecret } from '../access/index.js';
import { AccountVault } from '../assistance/index.js';
import type { Database } from '../db/index.js';
import { keyFingerprint } from '../kernel/keyring.js';
import { IdVault } from '../registry/index.js';

/** One encrypted column: how to tell a value sealed under a previous key, and how to re-seal it. */
interface Target {
  /** schema.table.column, also the progress row's name. */
  name: string;
  label: string;
  table: string;
  column: string;
  /** A sealed byte string, or the TOTP secret's dotted text. */
  kind: 'bytea' | 'text';
  /** null when the value is already under the current key. */
  reseal(value: unknown): Buffer | string | null;
}

function targets(secret: Buffer): Target[] {
  const ids = new IdVault(secret);
  const accounts = new AccountVault(secret);
  const idNumber = (value: unknown) => {
    const opened = ids.open(value as Buffer);
    return opened.stale ? ids.encrypt(opened.idNumber) : null;
  };
  return [
    { name: 'registry.persons.id_number_enc', label: '人员身份证号', table: 'registry.persons', column: 'id_number_enc', kind: 'bytea', reseal: idNumber },
    { name: 'marriage.marriages.husband_enc', label: '婚姻档案男方身份证号', table: 'marriage.marriages', column: 'husband_enc', kind: 'bytea', reseal: idNumber },
    { name: 'marriage.marriages.wife_enc', label: '婚姻档案女方身份证号', table: 'marriage.marriages', column: 'wife_enc', kind: 'bytea', reseal: idNumber },
    {
      name: 'assistance.payee_accounts.account_enc',
      label: '救助金收款账号',
      table: 'assistance.payee_accounts',
      column: 'account_enc',
      kind: 'bytea',
      reseal: (value) => {
        const opened = accounts.open(value as Buffer);
        return opened.stale ? accounts.encrypt(opened.accountNo) : null;
      },
    },
    {
      name: 'access.users.mfa_secret',
      label: '工作人员双因素密钥',
      table: 'access.users',
      column: 'mfa_secret',
      kind: 'text',
      reseal: (value) => {
        const opened = openSealedSecret(secret, value as string);
        // Re-sealed by the function enrolment uses, so the format cannot drift.
        return opened.stale ? sealSecret(secret, opened.secret) : null;
      },
    },
  ];
}

/** Primary key column of each table (all bigint). */
const KEY_COLUMN: Record<string, string> = {
  'registry.persons': 'id',
  'marriage.marriages': 'id',
  'assistance.payee_accounts': 'case_id',
  'access.users': 'id',
};

export interface TargetReport {
  name: string;
  label: string;
  total: number;
  examined: number;
  resealed: number;
  /** Values that open with none of the keys: left as they are, named, and the command fails. */
  unreadable: number[];
  resumedFrom: number;
}

export interface RotationOptions {
  batchSize?: number;
  /** Only count what is still under a previous key; write nothing (`keys check`). */
  dryRun?: boolean;
  /** Stops after this many batches (a test's way of cutting a rotation short). */
  maxBatches?: number;
  onProgress?: (target: TargetReport) => void;
}

type Row = { key: string | number; value: unknown };

/**
 * Re-seals every encrypted column under the current key, one batch per transaction, each batch recording in
 * core.key_rotation how far it got, so a rotation resumes where it stopped. A value is rewritten only while
 * it still holds the ciphertext read (`where … = old`): a concurrent edit by the running server wins, and it
 * is sealed under the current key anyway. Look-ups are untouched: the hashes come from the look-up key.
 */
export async function rotateKeys(db: Database, secret: Buffer, options: RotationOptions = {}): Promise<TargetReport[]> {
  const k = db.kysely as unknown as Kysely<Record<string, Record<string, unknown>>>;
  const batchSize = options.batchSize ?? 1000;
  const fingerprint = keyFingerprint(secret);
  const reports: TargetReport[] = [];
  let batches = 0;
  for (const target of targets(secret)) {
    const keyColumn = KEY_COLUMN[target.table] as string;
    const table = sql.table(target.table);
    const column = sql.ref(target.column);
    const keyRef = sql.ref(keyColumn);
    const progress = options.dryRun
      ? undefined
      : (
          await sql<{
            key_fingerprint: string;
            last_key: string;
            examined: string;
            resealed: string;
            finished_at: Date | string | null;
          }>`select key_fingerprint, last_key, examined, resealed, finished_at from core.key_rotation where target = ${target.name}`.execute(k)
        ).rows[0];
    // A finished pass is not resumed: running it again is a fresh pass (it catches a value an old server wrote).
    const same = progress?.key_fingerprint === fingerprint && !progress.finished_at;
    const total = Number((await sql<{ n: string }>`select count(*) as n from ${table} where ${column} is not null`.execute(k)).rows[0]?.n ?? 0);
    const report: TargetReport = {
      name: target.name,
      label: target.label,
      total,
      examined: same ? Number(progress?.examined) : 0,
      resealed: same ? Number(progress?.resealed) : 0,
      unreadable: [],
      resumedFrom: same ? Number(progress?.last_key) : 0,
    };
    reports.push(report);
    let lastKey = report.resumedFrom;
    if (!options.dryRun) {
      await sql`insert into core.key_rotation (target, key_fingerprint, last_key, examined, resealed)
        values (${target.name}, ${fingerprint}, ${lastKey}, ${report.examined}, ${report.resealed})
        on conflict (target) do update set key_fingerprint = excluded.key_fingerprint, last_key = excluded.last_key,
          examined = excluded.examined, resealed = excluded.resealed, updated_at = now(), finished_at = null,
          started_at = case when core.key_rotation.key_fingerprint = excluded.key_fingerprint then core.key_rotation.started_at else now() end`.execute(k);
    }
    for (;;) {
      if (options.maxBatches !== undefined && batches >= options.maxBatches) return reports;
      const rows = (await sql<Row>`select ${keyRef} as key, ${column} as value from ${table} where ${keyRef} > ${lastKey} and ${column} is not null order by ${keyRef} limit ${batchSize}`.execute(k)).rows;
      if (!rows.length) break;
      const changes: { key: number; old: unknown; value: Buffer | string }[] = [];
      for (const row of rows) {
        try {
          const value = target.reseal(row.value);
          if (value !== null) changes.push({ key: Number(row.key), old: row.value, value });
        } catch {
          report.unreadable.push(Number(row.key));
        }
      }
      lastKey = Number(rows[rows.length - 1]?.key);
      report.examined += rows.length;
      if (options.dryRun) {
        report.resealed += changes.length;
      } else {
        let written = 0;
        await k.transaction().execute(async (trx) => {
          if (changes.length) {
            // One statement per batch; bytea travels as hex so both drivers (pg, PGlite) pass the arrays alike.
            const text = target.kind === 'text';
            const encode = (v: unknown) => (text ? String(v) : Buffer.from(v as Uint8Array).toString('hex'));
            const value = (name: string) => (text ? sql.raw(`v.${name}`) : sql.raw(`decode(v.${name}, 'hex')`));
            const result = await sql`update ${table} as t set ${column} = ${value('val')}
              from unnest(${changes.map((c) => c.key)}::bigint[], ${changes.map((c) => encode(c.old))}::text[], ${changes.map((c) => encode(c.value))}::text[]) as v(key, old, val)
              where t.${keyRef} = v.key and t.${column} = ${value('old')}`.execute(trx);
            written = Number(result.numAffectedRows ?? 0);
          }
          await sql`update core.key_rotation set last_key = ${lastKey}, examined = ${report.examined}, resealed = resealed + ${written}, updated_at = now() where target = ${target.name}`.execute(trx);
        });
        report.resealed += written;
      }
      batches++;
      options.onProgress?.(report);
    }
    if (!options.dryRun && !report.unreadable.length) {
      await sql`update core.key_rotation set finished_at = now(), updated_at = now() where target = ${target.name}`.execute(k);
    }
    options.onProgress?.(report);
  }
  return reports;
}
