/** Assistance's part in "who read this person's data": the cases of the person's households, or where the person applied or benefits. */
import type { AuditSubjectSource } from '../access/index.js';
import type { AssistanceTables } from './model.js';

export const assistanceAuditSubjects: AuditSubjectSource = {
  async objectsOf(ctx, personId, found) {
    const households = found
      .filter((o) => o.entityType === 'household')
      .flatMap((o) => o.ids)
      .map(Number);
    const db = ctx.db.kysely.withTables<AssistanceTables>();
    const cases = await db
      .selectFrom('assistance.cases')
      .select('id')
      .where((eb) => eb.or([eb('applicant_person_id', '=', personId), eb('beneficiary_person_id', '=', personId), ...(households.length ? [eb('household_id', 'in', households)] : [])]))
      .execute();
    return [{ entityType: 'assistance_case', ids: cases.map((c) => String(c.id)) }];
  },
  async describe(ctx, entityType, ids) {
    if (entityType !== 'assistance_case') return new Map();
    const numeric = ids.filter((id) => /^\d{1,15}$/.test(id)).map(Number);
    if (numeric.length === 0) return new Map();
    const rows = await ctx.db.kysely.withTables<AssistanceTables>().selectFrom('assistance.cases').select(['id', 'applicant_name']).where('id', 'in', numeric).execute();
    return new Map(rows.map((r) => [String(r.id), `${r.applicant_name} 的救助案件`]));
  },
};
