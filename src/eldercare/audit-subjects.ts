/** Eldercare's part in "who read this person's data": the person's waitlist applications (reads of assessments and meals name the person already). */
import type { AuditSubjectSource } from '../access/index.js';
import type { EldercareTables } from './model.js';

export const eldercareAuditSubjects: AuditSubjectSource = {
  async objectsOf(ctx, personId) {
    const rows = await ctx.db.kysely.withTables<EldercareTables>().selectFrom('eldercare.applications').select('id').where('person_id', '=', personId).execute();
    return [{ entityType: 'application', ids: rows.map((r) => String(r.id)) }];
  },
};
