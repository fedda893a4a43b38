import type { Kysely } from 'kysely';
import { createUser, type AccessTables, type Role } from '../access/index.js';

export interface DemoLogin {
  username: string;
  password: string;
  role: Role;
  displayName: string;
  jurisdiction: string;
  jurisdictionName: string;
  /** Institution staff: works for the demo's care-home operator (bound when the demo city is loaded). */
  operator?: true;
  /** Institution staff of the demo's social organisation (社会组织), which files its annual report. */
  socialorg?: true;
}

/** The demo logins printed at start and listed in the README. One password keeps the demo easy to try. */
export const DEMO_PASSWORD = 'Minzheng-2024';

export const DEMO_LOGINS: DemoLogin[] = [
  { username: 'admin', password: DEMO_PASSWORD, role: 'city_admin', displayName: '市局管理员', jurisdiction: '310000000000', jurisdictionName: '上海市' },
  { username: 'secadmin', password: DEMO_PASSWORD, role: 'security_admin', displayName: '市局安全管理员', jurisdiction: '310000000000', jurisdictionName: '上海市' },
  { username: 'pudong', password: DEMO_PASSWORD, role: 'district_staff', displayName: '浦东新区民政局 王科长', jurisdiction: '310115000000', jurisdictionName: '浦东新区' },
  { username: 'weifang', password: DEMO_PASSWORD, role: 'street_caseworker', displayName: '潍坊新村街道 李经办', jurisdiction: '310115004000', jurisdictionName: '浦东新区潍坊新村街道' },
  { username: 'lujiazui', password: DEMO_PASSWORD, role: 'street_caseworker', displayName: '陆家嘴街道 张经办', jurisdiction: '310115005000', jurisdictionName: '浦东新区陆家嘴街道' },
  { username: 'advisor', password: DEMO_PASSWORD, role: 'community_advisor', displayName: '潍坊新村街道 陈顾问', jurisdiction: '310115004000', jurisdictionName: '浦东新区潍坊新村街道' },
  { username: 'auditor', password: DEMO_PASSWORD, role: 'auditor', displayName: '市局审计员', jurisdiction: '310000000000', jurisdictionName: '上海市' },
  { username: 'leader', password: DEMO_PASSWORD, role: 'leader', displayName: '市局领导', jurisdiction: '310000000000', jurisdictionName: '上海市' },
  { username: 'yiyang', password: DEMO_PASSWORD, role: 'institution_staff', displayName: '潍坊颐康养老院 值班主任', jurisdiction: '310115004000', jurisdictionName: '浦东新区潍坊新村街道（潍坊颐康养老院）', operator: true },
  { username: 'mingde', password: DEMO_PASSWORD, role: 'institution_staff', displayName: '明德社会工作服务中心 秘书长', jurisdiction: '310115004000', jurisdictionName: '浦东新区潍坊新村街道（明德社会工作服务中心）', socialorg: true },
  { username: 'ertong', password: DEMO_PASSWORD, role: 'child_director', displayName: '潍坊新村街道 儿童主任 周老师', jurisdiction: '310115004001', jurisdictionName: '浦东新区潍坊新村街道下属居委会（310115004001）' },
  { username: 'dudao', password: DEMO_PASSWORD, role: 'child_supervisor', displayName: '潍坊新村街道 儿童督导员 吴老师', jurisdiction: '310115004000', jurisdictionName: '浦东新区潍坊新村街道' },
  { username: 'hunyin', password: DEMO_PASSWORD, role: 'marriage_registrar', displayName: '浦东新区婚姻登记处 赵登记员', jurisdiction: '310115000000', jurisdictionName: '浦东新区婚姻登记处' },
];

/** The demo logins; the institution login only when the demo city (and its operator) was loaded. */
export async function seedDemoUsers(db: Kysely<AccessTables>, bindings: { operatorOrganisationId?: number; socialorgOrganisationId?: number } = {}): Promise<void> {
  for (const login of DEMO_LOGINS) {
    if (login.operator && bindings.operatorOrganisationId === undefined) continue;
    if (login.socialorg && !bindings.socialorgOrganisationId) continue;
    const exists = await db.selectFrom('access.users').select('id').where('username', '=', login.username).executeTakeFirst();
    const organisationId = login.operator ? bindings.operatorOrganisationId : login.socialorg ? bindings.socialorgOrganisationId : null;
    if (!exists) await createUser(db, null, { username: login.username, displayName: login.displayName, role: login.role, jurisdiction: login.jurisdiction, password: login.password, organisationId });
  }
}
