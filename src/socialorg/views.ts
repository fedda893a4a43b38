import type { Selectable } from 'kysely';
import type { IsoDate } from '../kernel/index.js';
import { orgTypeNames, statusNames, type DirectCategory, type Level, type Mode, type OrgType, type SocialorgTables, type Status } from './model.js';

export type OrgRow = Selectable<SocialorgTables['socialorg.organisations']>;

export interface OrganisationView {
  id: number;
  orgType: OrgType;
  typeName: string;
  name: string;
  level: Level;
  registrarDivision: string;
  divisionCode: string;
  districtCode: string;
  mode: Mode;
  directCategory: DirectCategory | null;
  supervisorUnit: string | null;
  foundationKind: 'public' | 'non_public' | null;
  fundsFen: number;
  status: Status;
  statusName: string;
  version: number;
  pendingKind: string | null;
  pendingDue: IsoDate | null;
  preparationEnds: IsoDate | null;
  creditCode: string | null;
  registryId: number | null;
  registeredOn: IsoDate | null;
  endedOn: IsoDate | null;
  endReason: string | null;
  charitySince: IsoDate | null;
  fundraisingSince: IsoDate | null;
}

export const toView = (r: OrgRow): OrganisationView => ({
  id: Number(r.id),
  orgType: r.org_type,
  typeName: orgTypeNames[r.org_type],
  name: r.name,
  level: r.level,
  registrarDivision: r.registrar_division,
  divisionCode: r.division_code,
  districtCode: r.district_code,
  mode: r.mode,
  directCategory: r.direct_category,
  supervisorUnit: r.supervisor_unit,
  foundationKind: r.foundation_kind,
  fundsFen: Number(r.funds_fen),
  status: r.status,
  statusName: statusNames[r.status],
  version: r.version,
  pendingKind: r.pending_kind,
  pendingDue: r.pending_due,
  preparationEnds: r.preparation_ends,
  creditCode: r.credit_code,
  registryId: r.registry_id === null ? null : Number(r.registry_id),
  registeredOn: r.registered_on,
  endedOn: r.ended_on,
  endReason: r.end_reason,
  charitySince: r.charity_since,
  fundraisingSince: r.fundraising_since,
});
