/**
 * The beds of one facility, one by one (label, type, basic guarantee, status): what the admission dialog picks
 * from. Beds are not personal data (who lies in them is the residents' list), so this reads as the facility does.
 */
import { outOfJurisdictionRecord, type Actor } from '../access/index.js';
import { isWithin, notFound } from '../kernel/index.js';
import { tables, type EldercareDeps } from './deps.js';
import { requireRead } from './facilities.js';
import { bedTypeNames, type BedStatus, type BedType } from './model.js';

export interface BedView {
  id: number;
  label: string;
  bedType: BedType;
  bedTypeName: string;
  basicGuarantee: boolean;
  status: BedStatus;
}

/** The facility's beds in label order; `free` keeps only the beds free now. */
export async function facilityBeds(deps: EldercareDeps, actor: Actor, facilityId: number, options: { free?: boolean } = {}): Promise<BedView[]> {
  requireRead(actor);
  const db = tables(deps);
  const facility = await db.selectFrom('eldercare.facilities').select('division_code').where('id', '=', facilityId).executeTakeFirst();
  if (!facility) throw notFound('ELDERCARE_FACILITY_NOT_FOUND', `养老服务设施 ${facilityId} 不存在`);
  if (!isWithin(facility.division_code, actor.jurisdiction)) throw outOfJurisdictionRecord();
  let q = db.selectFrom('eldercare.beds').select(['id', 'label', 'bed_type', 'basic_guarantee', 'status']).where('facility_id', '=', facilityId);
  if (options.free) q = q.where('status', '=', 'free');
  const rows = await q.orderBy('label').orderBy('id').limit(5000).execute();
  return rows.map((r) => ({ id: r.id, label: r.label, bedType: r.bed_type, bedTypeName: bedTypeNames[r.bed_type], basicGuarantee: r.basic_guarantee, status: r.status }));
}
