import { sql, type Kysely } from 'kysely';
import { appendAudit, type AccessTables, type Actor } from '../access/index.js';
import { forbidden, invalid, todayInShanghai } from '../kernel/index.js';

/**
 * Why a full ID number may be seen (PIPL 28, 34: a specific purpose within the statutory duty). A code from
 * this list, not free text, so the auditor can count and sample by purpose; the case or reference number
 * that backs it goes beside it.
 */
export const UNMASK_PURPOSES = {
  case_handling: '案件办理',
  eligibility_check: '家庭经济状况核对',
  home_visit: '入户调查核实',
  payment_check: '待遇发放核对',
  petition: '信访事项办理',
  audit_check: '审计核查',
} as const;
export type UnmaskPurpose = keyof typeof UNMASK_PURPOSES;
export const UNMASK_PURPOSE_CODES = Object.keys(UNMASK_PURPOSES) as UnmaskPurpose[];

export const UNMASK_ACTION = 'registry.person.reveal_id_number';
export const DEFAULT_UNMASK_DAILY_CAP = 50;

/** The purpose as the audit log records it: the Chinese label, and the reference when one is given. */
export function unmaskPurposeText(code: string | undefined, reference: string | undefined): string {
  const trimmed = code?.trim();
  if (!trimmed) throw invalid('REGISTRY_PURPOSE_REQUIRED', '查看完整身份证号码须选择查询目的');
  if (!(trimmed in UNMASK_PURPOSES)) throw invalid('REGISTRY_PURPOSE_UNKNOWN', `未知的查询目的：须为 ${Object.values(UNMASK_PURPOSES).join('、')} 之一`);
  const label = UNMASK_PURPOSES[trimmed as UnmaskPurpose];
  const ref = reference?.trim();
  return ref ? `${label}：${ref}` : label;
}

/**
 * Refuses (403, audited) once the user has seen `cap` full numbers today (Asia/Shanghai). Counted from the
 * audit log itself, so the cap holds across processes and restarts. The caller holds no lock: two requests
 * racing at the cap may both pass, which overshoots by at most the number of concurrent requests.
 */
export async function checkUnmaskCap(db: Kysely<AccessTables>, actor: Actor, cap: number, personId: number, purpose: string): Promise<void> {
  const dayStart = new Date(`${todayInShanghai()}T00:00:00+08:00`);
  const row = await db
    .selectFrom('access.audit_log')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('actor_id', '=', actor.userId)
    .where('action', '=', UNMASK_ACTION)
    .where('result', '=', 'ok')
    .where('at', '>=', dayStart)
    .executeTakeFirstOrThrow();
  if (row.n < cap) return;
  await appendAudit(db, { actor, action: UNMASK_ACTION, entityType: 'person', entityId: personId, purpose, result: 'denied', detail: { reason: 'daily_cap', cap } });
  throw forbidden('REGISTRY_UNMASK_DAILY_CAP', `今日查看完整身份证号码已达上限（${cap} 次），如确需继续请联系审计员`);
}
