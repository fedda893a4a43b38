/**
 * Demo 减负: the lists as examples (the official lists were not found — every entry says 示例 in its source and
 * carries the flag), two monitoring points in 潍坊, this month's requests made of 潍坊's committees (some refused)
 * and two reports: one referred and closed, one open for the district to refer.
 */
import type { Actor } from '../access/index.js';
import { addDays, todayInShanghai } from '../kernel/index.js';
import { addBurdenEntry, addBurdenPoint, closeBurdenReport, fileBurdenReport, recordBurdenRequest, referBurdenReport } from './burden.js';
import type { BurdenKind } from './model.js';
import type { CommunityDeps } from './roster.js';

const CITY: Actor = { userId: 0, username: 'system:community', displayName: '基层治理（系统）', role: 'city_admin', jurisdiction: '310000000000' };
const DISTRICT: Actor = { ...CITY, role: 'district_staff', jurisdiction: '310115000000' };
const STREET: Actor = { ...CITY, role: 'street_caseworker', jurisdiction: '310115004000' };
const SOURCE = '演示清单（示例事项，非官方清单内容；依据《关于规范村级组织工作事务、机制牌子和证明事项的意见》建立清单制度）';
const ENTRIES: [BurdenKind, string][] = [
  ['certificate_allowed', '居住情况证明（无其他证明途径时）'],
  ['certificate_allowed', '困难情况证明（用于申请救助）'],
  ['certificate_forbidden', '亲属关系证明'],
  ['certificate_forbidden', '无犯罪记录证明'],
  ['certificate_forbidden', '婚姻状况证明'],
  ['task_admitted', '人口普查入户协助'],
  ['task_admitted', '老年人状况调查协助'],
];
const W1 = '310115004001';
const W2 = '310115004002';

export async function loadBurdenDemo(deps: CommunityDeps): Promise<{ entries: number; requests: number; reports: number }> {
  const today = todayInShanghai(deps.now());
  const ids: number[] = [];
  for (const [kind, name] of ENTRIES) ids.push((await addBurdenEntry(deps, CITY, { kind, name, source: SOURCE, example: true, validFrom: '2023-01-01' })).id);
  await addBurdenPoint(deps, DISTRICT, { committeeCode: W1, since: '2023-06-01', source: '浦东新区居村减负监测点名单（演示）' });
  await addBurdenPoint(deps, DISTRICT, { committeeCode: W2, since: '2023-06-01', source: '浦东新区居村减负监测点名单（演示）' });
  const first = `${today.slice(0, 7)}-01`;
  const asks: { committee: string; kind: 'certificate' | 'task'; entry?: number; subject?: string; by: string }[] = [
    { committee: W1, kind: 'certificate', entry: ids[0], by: '某商业银行' },
    { committee: W1, kind: 'certificate', entry: ids[2], by: '某中学' },
    { committee: W1, kind: 'certificate', subject: '出行证明', by: '某物业公司' },
    { committee: W2, kind: 'certificate', entry: ids[1], by: '街道社区事务受理服务中心' },
    { committee: W2, kind: 'task', entry: ids[5], by: '区统计局' },
    { committee: W2, kind: 'task', subject: '代为推广某应用注册', by: '某委办局' },
  ];
  for (const a of asks) await recordBurdenRequest(deps, STREET, { committeeCode: a.committee, requestedOn: first, kind: a.kind, entryId: a.entry ?? null, subject: a.subject, requestedBy: a.by });
  const closed = await fileBurdenReport(deps, STREET, { committeeCode: W1, reportedOn: first, pushedBy: '某区级部门', content: '要求居委会每周报送与其职责无关的统计报表' });
  await referBurdenReport(deps, DISTRICT, closed.id, { referredTo: '区居村减负工作小组', referredOn: first });
  await closeBurdenReport(deps, DISTRICT, closed.id, { result: '经核实属清单外事项，已责令停止，报表取消', closedOn: today < addDays(first, 2) ? first : addDays(first, 2) });
  await fileBurdenReport(deps, STREET, { committeeCode: W2, reportedOn: today, pushedBy: '某街道科室', content: '要求在居委会办公场所悬挂工作牌子' });
  return { entries: ENTRIES.length, requests: asks.length, reports: 2 };
}
