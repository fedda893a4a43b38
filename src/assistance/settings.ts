/**
 * The workflow's configurable rules (assistance.settings). Values not confirmed from an official text are
 * flagged `verified: false` and shown as such, so an administrator corrects them without a code change.
 */
import { appendAudit, requirePermission, type Actor } from '../access/index.js';
import { auditable } from './guard.js';
import { invalid } from '../kernel/index.js';
import type { AssistanceDb, AssistanceProgramme } from './model.js';

export interface AssistanceSettings {
  /** 临时救助: the most a caseworker may propose for one case. */
  temporaryCeilingFen: number;
  /** 公示期 in days. */
  noticeDays: number;
  /** Days from application to decision before a case counts as overdue. */
  decisionDeadlineDays: number;
  /** 定期复核 interval by programme, months. */
  reviewIntervalMonths: Partial<Record<AssistanceProgramme, number>>;
  /** 每月系统抽查 share of cases in payment, per mille. */
  samplingRatePermille: number;
}

export interface SettingView {
  key: string;
  value: unknown;
  verified: boolean;
  note: string;
  updatedBy: string | null;
}

const isCount = (v: unknown, max: number) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 && v <= max;

const validators: Record<string, (v: unknown) => boolean> = {
  'temporary.ceilingFen': (v) => isCount(v, 100_000_000),
  'notice.days': (v) => isCount(v, 60) && (v as number) >= 1,
  'decision.deadlineDays': (v) => isCount(v, 365) && (v as number) >= 1,
  'review.intervalMonths': (v) => typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every((m) => isCount(m, 60) && (m as number) >= 1),
  'sampling.ratePermille': (v) => isCount(v, 1000),
};

export async function listSettings(db: AssistanceDb): Promise<SettingView[]> {
  const rows = await db.selectFrom('assistance.settings').selectAll().orderBy('key').execute();
  return rows.map((r) => ({ key: r.key, value: r.value, verified: r.verified, note: r.note, updatedBy: r.updated_by }));
}

export async function loadSettings(db: AssistanceDb): Promise<AssistanceSettings> {
  const byKey = new Map((await listSettings(db)).map((s) => [s.key, s.value]));
  const value = <T>(key: string): T => {
    if (!byKey.has(key)) throw new Error(`assistance setting ${key} missing`);
    return byKey.get(key) as T;
  };
  return {
    temporaryCeilingFen: value<number>('temporary.ceilingFen'),
    noticeDays: value<number>('notice.days'),
    decisionDeadlineDays: value<number>('decision.deadlineDays'),
    reviewIntervalMonths: value<Partial<Record<AssistanceProgramme, number>>>('review.intervalMonths'),
    samplingRatePermille: value<number>('sampling.ratePermille'),
  };
}

/** An administrator's change; it stays unverified unless they say it was checked, and is audited with the old value. */
export async function updateSetting(db: AssistanceDb, actor: Actor, key: string, value: unknown, verified: boolean, note?: string): Promise<SettingView> {
  requirePermission(actor, 'assistance.configure');
  const validate = validators[key];
  if (!validate) throw invalid('ASSISTANCE_UNKNOWN_SETTING', `未知配置项：${key}`);
  if (!validate(value)) throw invalid('ASSISTANCE_INVALID_SETTING', `配置项 ${key} 的取值不合法`);
  return db.transaction().execute(async (trx) => {
    const old = await trx.selectFrom('assistance.settings').selectAll().where('key', '=', key).forUpdate().executeTakeFirstOrThrow();
    const row = await trx
      .updateTable('assistance.settings')
      .set({ value: JSON.stringify(value), verified, note: note ?? old.note, updated_at: new Date(), updated_by: actor.username })
      .where('key', '=', key)
      .returningAll()
      .executeTakeFirstOrThrow();
    await appendAudit(auditable(trx), { actor, action: 'assistance.settings.update', entityType: 'assistance_setting', entityId: key, result: 'ok', detail: { from: old.value, to: value, verified } });
    return { key: row.key, value: row.value, verified: row.verified, note: row.note, updatedBy: row.updated_by };
  });
}
