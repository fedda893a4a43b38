import type { Role } from './model.js';

/**
 * What each role may do. 三权分立: the city admin (system admin) sets parameters and configuration; the
 * security admin alone manages accounts, roles, jurisdictions and sessions; the auditor alone reads the
 * audit log. One role per account, so nobody holds two of the three.
 */
export const PERMISSIONS = {
  /** Not the leader: a leader reads figures (stats.read), never the population register (minimum necessary). */
  'registry.read': ['city_admin', 'district_staff', 'street_caseworker', 'community_advisor'],
  'registry.write': ['city_admin', 'district_staff', 'street_caseworker'],
  'pii.reveal': ['district_staff', 'street_caseworker', 'community_advisor'],
  'audit.read': ['auditor'],
  'users.manage': ['security_admin'],
  /** One household's calculation reads its members' facts: person-level, so not the leader (who has 测算). */
  'policy.evaluate': ['city_admin', 'district_staff', 'street_caseworker', 'community_advisor'],
  'policy.screen': ['city_admin', 'district_staff'],
  'policy.simulate': ['city_admin', 'district_staff', 'leader'],
  'policy.params.write': ['city_admin'],
  'stats.read': ['city_admin', 'district_staff', 'street_caseworker', 'community_advisor', 'leader'],
  'assistance.read': ['district_staff', 'street_caseworker', 'community_advisor'],
  'assistance.handle': ['district_staff', 'street_caseworker'],
  'assistance.decide': ['district_staff'],
  'assistance.pay': ['district_staff'],
  'assistance.integrity': ['district_staff', 'auditor'],
  'assistance.configure': ['city_admin'],
  'monitoring.exchange': ['city_admin'],
  'monitoring.read': ['district_staff', 'street_caseworker', 'community_advisor'],
  'monitoring.handle': ['street_caseworker', 'community_advisor'],
  'monitoring.discover': ['city_admin', 'district_staff'],
  'monitoring.grants': ['district_staff'],
  'monitoring.configure': ['city_admin'],
  'eldercare.read': ['city_admin', 'district_staff', 'street_caseworker', 'community_advisor', 'leader', 'institution_staff'],
  'eldercare.persons.read': ['district_staff', 'street_caseworker', 'community_advisor'],
  'eldercare.facilities.manage': ['city_admin', 'district_staff'],
  'eldercare.stays.record': ['district_staff', 'street_caseworker'],
  'eldercare.assess': ['district_staff', 'street_caseworker'],
  'eldercare.waitlist.handle': ['district_staff', 'street_caseworker'],
  'eldercare.waitlist.allocate': ['city_admin', 'district_staff'],
  'eldercare.supervise': ['city_admin', 'district_staff'],
  'eldercare.meals.record': ['district_staff', 'street_caseworker'],
  'eldercare.configure': ['city_admin'],
  /** An institution's own staff, for the facilities of their organisation only (eldercare checks the operator). */
  'eldercare.operate': ['institution_staff'],
  // 殡葬 and 身故一件事 (src/funeral): staff read the deaths of their area; streets and districts record notices,
  // tick items and take subsidy applications; units and prices are kept by the city and districts.
  'funeral.read': ['city_admin', 'district_staff', 'street_caseworker', 'community_advisor'],
  'funeral.record': ['district_staff', 'street_caseworker'],
  'funeral.units.manage': ['city_admin', 'district_staff'],
  'funeral.pay': ['district_staff'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function hasPermission(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

export function permissionsOf(role: Role): Permission[] {
  return (Object.keys(PERMISSIONS) as Permission[]).filter((p) => hasPermission(role, p));
}
