/**
 * Who a warning or lead goes to: the community assistance advisor (社区救助顾问) of the committee where the
 * household lives, else one of its street; escalations go to the street's caseworkers. Read through the
 * access module's public `listUsers`, as the system user (the list has no personal data of residents).
 */
import type { Kysely } from 'kysely';
import { listUsers, type AccessTables, type Role } from '../access/index.js';
import { MONITORING_SYSTEM_ACTOR } from './registry-port.js';

export interface StaffMember {
  userId: number;
  username: string;
  role: Role;
  jurisdiction: string;
}

export const streetOf = (divisionCode: string): string => `${divisionCode.slice(0, 9)}000`;

export async function loadStaff(db: Kysely<AccessTables>): Promise<StaffMember[]> {
  const users = await listUsers(db, MONITORING_SYSTEM_ACTOR);
  return users
    .filter((u) => u.active && (u.role === 'community_advisor' || u.role === 'street_caseworker'))
    .map((u) => ({ userId: u.id, username: u.username, role: u.role, jurisdiction: u.jurisdiction }));
}

/** The committee's own advisor first, then a street-level one; the lowest id when several (a stable choice). */
export function advisorFor(staff: readonly StaffMember[], divisionCode: string): StaffMember | null {
  const advisors = staff.filter((s) => s.role === 'community_advisor');
  return advisors.find((s) => s.jurisdiction === divisionCode) ?? advisors.find((s) => s.jurisdiction === streetOf(divisionCode)) ?? null;
}

export function streetWorkerFor(staff: readonly StaffMember[], divisionCode: string): StaffMember | null {
  return staff.find((s) => s.role === 'street_caseworker' && s.jurisdiction === streetOf(divisionCode)) ?? null;
}
