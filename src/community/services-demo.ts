/**
 * Demo 社区事务受理: a catalogue of example items (names of real 社区事务 kinds, limits and flags made up for the
 * demo — marked so in their source), a 受理中心 in every street of the city, and in 潍坊 and 陆家嘴 also a branch,
 * a self-service terminal and a remote virtual window; then 办件 of last month and this month imported as one
 * 一网通办 batch (with two bad rows, so the receipt shows row errors), and one case keyed at the window.
 */
import type { Actor } from '../access/index.js';
import { addDays, currentMonthInShanghai, addMonths, firstDayOfMonth, isWorkingDay, todayInShanghai } from '../kernel/index.js';
import { rng } from '../policy/index.js';
import { SHANGHAI_STREETS } from '../registry/index.js';
import type { Channel } from './model.js';
import type { CommunityDeps } from './roster.js';
import { addServiceItem, addServicePoint, CASE_FIELDS, importServiceCases } from './services.js';

const CITY: Actor = { userId: 0, username: 'system:community', displayName: '基层治理（系统）', role: 'city_admin', jurisdiction: '310000000000' };
const SOURCE = '演示目录（示例事项，时限与标记为演示值，非官方目录）';
const ITEMS: { code: string; name: string; department: string; channels: Channel[]; citywide: boolean; exempt: boolean; limit: number }[] = [
  { code: '0101001', name: '老年综合津贴申请', department: '市民政局', channels: ['window', 'online', 'terminal', 'virtual'], citywide: true, exempt: true, limit: 5 },
  { code: '0101002', name: '最低生活保障申请', department: '市民政局', channels: ['window', 'online'], citywide: true, exempt: true, limit: 20 },
  { code: '0101003', name: '残疾人两项补贴申请', department: '市民政局', channels: ['window', 'online'], citywide: true, exempt: true, limit: 10 },
  { code: '0101004', name: '长期护理保险需求评估申请', department: '市医保局', channels: ['window', 'online', 'virtual'], citywide: true, exempt: false, limit: 10 },
  { code: '0201001', name: '城乡居民基本医疗保险参保登记', department: '市医保局', channels: ['window', 'online', 'terminal'], citywide: true, exempt: true, limit: 3 },
  { code: '0301001', name: '灵活就业人员就业登记', department: '市人力资源社会保障局', channels: ['window', 'online', 'terminal'], citywide: true, exempt: false, limit: 5 },
  { code: '0401001', name: '居住证积分申请受理', department: '市人力资源社会保障局', channels: ['window'], citywide: false, exempt: false, limit: 15 },
  { code: '0501001', name: '生育医疗费用报销', department: '市医保局', channels: ['window', 'online'], citywide: true, exempt: true, limit: 10 },
];
const RATINGS = ['非常满意', '非常满意', '非常满意', '满意', '满意', '基本满意', '不满意', '', '', ''];
const CHANNEL_TEXT: Record<Channel, string> = { window: '窗口', online: '网上', terminal: '自助终端', virtual: '远程虚拟窗口' };

export async function loadServicesDemo(deps: CommunityDeps, seed = 1): Promise<{ points: number; cases: number }> {
  const random = rng(seed + 2101);
  const today = todayInShanghai(deps.now());
  for (const i of ITEMS)
    await addServiceItem(deps, CITY, { code: i.code, name: i.name, department: i.department, channels: i.channels, citywide: i.citywide, exemptSubmission: i.exempt, limitDays: i.limit, validFrom: '2021-01-01', source: SOURCE });
  const points: string[] = [];
  for (const s of SHANGHAI_STREETS) {
    const name = s.name.replace(/(街道|镇|乡)$/, '');
    await addServicePoint(deps, CITY, { code: `${s.code}01`, name: `${name}社区事务受理服务中心`, kind: 'centre', openedOn: '2021-01-01' });
    points.push(`${s.code}01`);
  }
  for (const [street, name] of [
    ['310115004000', '潍坊'],
    ['310115005000', '陆家嘴'],
  ]) {
    await addServicePoint(deps, CITY, { code: `${street}02`, name: `${name}社区事务受理服务分中心`, kind: 'branch', openedOn: '2022-06-01' });
    await addServicePoint(deps, CITY, { code: `${street}03`, name: `${name}自助服务终端（商务楼宇）`, kind: 'terminal', openedOn: '2023-03-01' });
    await addServicePoint(deps, CITY, { code: `${street}04`, name: `${name}远程虚拟窗口（园区延伸点）`, kind: 'virtual', openedOn: '2024-01-01' });
    points.push(`${street}02`, `${street}03`, `${street}04`);
  }
  const from = firstDayOfMonth(addMonths(currentMonthInShanghai(deps.now()), -1));
  const lines = [Object.values(CASE_FIELDS).join(',')];
  let n = 0;
  for (let day = from; day <= today; day = addDays(day, 1)) {
    if (!isWorkingDay(day)) continue;
    // Pudong's demo streets get more cases, so a street caseworker's page is not empty.
    for (let k = 0; k < 60; k++) {
      const point = k < 20 ? points[points.length - 1 - Math.floor(random() * 8)] : points[Math.floor(random() * points.length)];
      const item = ITEMS[Math.floor(random() * ITEMS.length)];
      const kind = point.slice(12);
      const channel: Channel = kind === '03' ? 'terminal' : kind === '04' ? 'virtual' : 'window';
      if (!item.channels.includes(channel)) continue;
      // Most finish within the limit; about one in eight runs over.
      const span = random() < 0.12 ? item.limit + 1 + Math.floor(random() * 5) : Math.floor(random() * (item.limit + 1));
      let finished = day;
      for (let left = span; left > 0; ) {
        finished = addDays(finished, 1);
        if (isWorkingDay(finished)) left--;
      }
      const done = finished <= today;
      n++;
      lines.push(`${day.replaceAll('-', '')}${String(n).padStart(6, '0')},${item.code},${point},${CHANNEL_TEXT[channel]},${day},${done ? finished : ''},${done ? RATINGS[Math.floor(random() * RATINGS.length)] : ''}`);
    }
  }
  lines.push(`${today.replaceAll('-', '')}999998,0999999,${points[0]},窗口,${today},,`); // not in the catalogue
  lines.push(`${today.replaceAll('-', '')}999999,0101001,${points[0]},窗口,${today},${addDays(today, -3)},`); // finished before received
  const receipt = await importServiceCases(deps, null, { batchId: `${from.slice(0, 7).replace('-', '')}-1`, format: 'csv', content: lines.join('\n') });
  return { points: points.length, cases: receipt.accepted };
}
