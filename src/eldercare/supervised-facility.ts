/** What every supervision operation starts from: the facility (its division decides who may act) and the scope of a list. */
import type { AccessRequest, Actor } from '../access/index.js';
import { notFound } from '../kernel/index.js';
import type { FacilityKind } from './model.js';
import { permissionFor } from './operator.js';
import type { SupervisionDb } from './supervision-model.js';

export interface SupervisedFacility {
  id: number;
  name: string;
  kind: FacilityKind;
  division_code: string;
  district_code: string;
  organisation_id: number | null;
}

/**
 * The facility, or 404 — but only after the permission check, so a caller without the permission learns
 * nothing about which facilities exist (and the refusal is audited).
 */
export async function facilityOrNotFound(db: SupervisionDb, id: number, allow: (request: AccessRequest) => Promise<void>, request: AccessRequest, operator?: Actor): Promise<SupervisedFacility> {
  const facility = await db.selectFrom('eldercare.facilities').select(['id', 'name', 'kind', 'division_code', 'district_code', 'organisation_id']).where('id', '=', id).executeTakeFirst();
  if (!facility) {
    await allow(request);
    throw notFound('ELDERCARE_FACILITY_NOT_FOUND', `养老服务机构 ${id} 不存在`);
  }
  // `operator`: the facility's own staff may do this with eldercare.operate (e.g. report their prepaid fees).
  const permission = operator ? permissionFor(operator, facility.organisation_id, request.permission) : request.permission;
  await allow({ ...request, permission, divisionCodes: [facility.division_code] });
  return facility;
}

/** The division a list covers: the requested one narrowed to the jurisdiction (403 outside it). */
export { scopeOf as listScope } from './facilities.js';

export const pageLimit = (limit: number | undefined): number => Math.min(Math.max(limit ?? 50, 1), 200);
