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
  'eldercare.rentals.record': ['district_staff', 'street_caseworker'],
  'eldercare.configure': ['city_admin'],
  /** An institution's own staff, for the facilities of their organisation only (eldercare checks the operator). */
  'eldercare.operate': ['institution_staff'],
  // 社会组织与慈善 (src/socialorg): the city bureau and the district bureaus are the registrars; an organisation's own staff file its annual report.
  'socialorg.read': ['city_admin', 'district_staff', 'leader'],
  'socialorg.register': ['city_admin', 'district_staff'],
  'socialorg.supervise': ['city_admin', 'district_staff'],
  'socialorg.configure': ['city_admin'],
  'socialorg.report': ['institution_staff'],
  // children (儿童福利) and disability welfare (残疾人福利), issue 20
  'children.read': ['district_staff', 'street_caseworker', 'child_director', 'child_supervisor'],
  'children.report': ['district_staff', 'street_caseworker', 'child_director', 'child_supervisor'],
  'children.visit': ['street_caseworker', 'child_director', 'child_supervisor'],
  'children.review': ['child_supervisor'],
  'children.decide': ['district_staff'],
  'children.pay': ['district_staff'],
  /** A minor's ID number, with a purpose (PIPL art. 28). */
  'children.pii.reveal': ['district_staff', 'child_supervisor'],
  'children.figures': ['city_admin', 'district_staff', 'leader'],
  'children.configure': ['city_admin'],
  'disability.read': ['district_staff', 'street_caseworker'],
  'disability.handle': ['district_staff', 'street_caseworker'],
  'disability.decide': ['district_staff'],
  'disability.pay': ['district_staff'],
  /** 基层治理 (community): the 社区工作者 roster is personal data (names, education), so not the leader, who reads the figures. */
  'community.read': ['city_admin', 'district_staff', 'street_caseworker', 'community_advisor'],
  'community.roster.write': ['district_staff', 'street_caseworker'],
  /** Division change orders and the 12-digit list import: the city and the district civil-affairs bureaus. */
  'community.divisions.manage': ['city_admin', 'district_staff'],
  /** 社区事务受理: the city keeps the item catalogue; city and districts keep centres and import 一网通办 办件; windows key cases. */
  'community.services.catalogue': ['city_admin'],
  'community.services.manage': ['city_admin', 'district_staff'],
  'community.services.record': ['district_staff', 'street_caseworker'],
  /** 减负: the city keeps the lists; streets and districts record requests and reports; districts refer, close, set monitoring points. */
  'community.burden.lists': ['city_admin'],
  'community.burden.record': ['district_staff', 'street_caseworker'],
  'community.burden.manage': ['city_admin', 'district_staff'],
  /** The plan's indicators: any stats.read user reads them; the city admin enters manual values and freezes months. */
  'indicators.enter': ['city_admin'],
  // 婚姻登记 (src/marriage): the registrar works for the office of their district; auditors read, city admins configure.
  'marriage.read': ['marriage_registrar', 'auditor'],
  'marriage.register': ['marriage_registrar'],
  'marriage.import': ['marriage_registrar', 'city_admin'],
  'marriage.configure': ['city_admin'],
  'marriage.figures': ['city_admin', 'district_staff', 'street_caseworker', 'community_advisor', 'auditor', 'leader', 'marriage_registrar'],
  // 收养登记 (src/adoption): kept by the marriage registries; 收养秘密 (民法典第1110条): the office's registrars and
  // auditors alone read the records; the figures carry no person.
  'adoption.read': ['marriage_registrar', 'auditor'],
  'adoption.register': ['marriage_registrar'],
  'adoption.configure': ['city_admin'],
  'adoption.figures': ['city_admin', 'district_staff', 'auditor', 'leader', 'marriage_registrar'],
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
