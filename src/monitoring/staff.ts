/**
 * Who a warning or lead goes to: the community assistance advisor (社区救助顾问) of the committee where the
 * household lives, else one of its street; escalations go to the street's caseworkers. Read through the
 * access module's public `listActiveStaff` (account management itself is the security admin's alone).
 */
import type { Kysely } from 'kysely';
import { listActiveStaff, type AccessTables, type Role } from '../access/index.js';

export interface StaffMember {
  userId: number;
  username: string;
  role: Role;
  jurisdiction: string;
}

export const streetOf = (divisionCode: string): string => `${divisionCode.slice(0, 9)}000`;

export async function loadStaff(db: Kysely<AccessTables>): Promise<StaffMember[]> {
  const users = await listActiveStaff(db, ['community_advisor', 'street_caseworker']);
  return users.map((u) => ({ userId: u.id, username: u.username, role: u.role, jurisdiction: u.jurisdiction }));
}

/** The committee's own advisor first, then a street-level one; the lowest id when several (a stable choice). */
export function advisorFor(staff: readonly StaffMember[], divisionCode: string): StaffMember | null {
  const advisors = staff.filter((s) => s.role === 'community_advisor');
  return advisors.find((s) => s.jurisdiction === divisionCode) ?? advisors.find((s) => s.jurisdiction === streetOf(divisionCode)) ?? null;
}

export function streetWorkerFor(staff: readonly StaffMember[], divisionCode: string): StaffMember | null {
  return staff.find((s) => s.role === 'street_caseworker' && s.jurisdiction === streetOf(divisionCode)) ?? null;
}
