/** Monitoring's part in "who read this person's data": warnings and leads about the person or their households. */
import type { AuditSubjectSource } from '../access/index.js';
import type { MonitoringTables } from './model.js';

export const monitoringAuditSubjects: AuditSubjectSource = {
  async objectsOf(ctx, personId, found) {
    const households = found
      .filter((o) => o.entityType === 'household')
      .flatMap((o) => o.ids)
      .map(Number);
    const db = ctx.db.kysely.withTables<MonitoringTables>();
    const warnings = await db
      .selectFrom('monitoring.warnings')
      .select('id')
      .where((eb) => eb.or([eb('person_id', '=', personId), ...(households.length ? [eb('household_id', 'in', households)] : [])]))
      .execute();
    const leads = await db
      .selectFrom('monitoring.leads')
      .select('id')
      .where((eb) => eb.or([eb('person_id', '=', personId), ...(households.length ? [eb('household_id', 'in', households)] : [])]))
      .execute();
    return [
      { entityType: 'warning', ids: warnings.map((r) => String(r.id)) },
      { entityType: 'lead', ids: leads.map((r) => String(r.id)) },
    ];
  },
};
