/** The rental catalogue and subsidy shares in force on a day, with their sources: shown before anyone rents. */
import { hasPermission, type Actor } from '../access/index.js';
import { forbidden, invalid, isValidDate, type Fen, type IsoDate } from '../kernel/index.js';
import { tables, today, type EldercareDeps } from './deps.js';
import { DEVICE_CODES, deviceNames, RENTAL_GROUPS, rentalGroupNames, type DeviceCode, type RentalGroup } from './rental-model.js';
import { loadSettings, type SettingName } from './settings.js';

export interface RentalCatalogue {
  on: IsoDate;
  devices: { code: DeviceCode; name: string; monthlyRentFen: Fen; offered: boolean; setting: { from: IsoDate; verified: boolean; source: string } }[];
  subsidies: { group: RentalGroup; name: string; percent: number; setting: { from: IsoDate; verified: boolean; source: string } }[];
  rules: string[];
}

const brief = (v: { from: IsoDate; verified: boolean; source: string }) => ({ from: v.from, verified: v.verified, source: v.source });

/** Parameters, not personal data: anyone who works with elderly care (or runs a rental point) may read them. */
export async function rentalCatalogue(deps: EldercareDeps, actor: Actor, onInput?: string): Promise<RentalCatalogue> {
  if (!hasPermission(actor.role, 'eldercare.read')) throw forbidden('ACCESS_PERMISSION_DENIED', '您的角色无权进行此操作');
  const on = onInput ?? today(deps);
  if (!isValidDate(on)) throw invalid('ELDERCARE_RENTAL_INVALID_DATE', `日期须为 YYYY-MM-DD 格式的有效日期：${on}`);
  const settings = await loadSettings(tables(deps), on);
  return {
    on,
    devices: DEVICE_CODES.map((code) => ({ code, name: deviceNames[code], monthlyRentFen: settings.rental.rents[code], offered: settings.rental.rents[code] > 0, setting: brief(settings.used[`rental.rent.${code}` as SettingName]) })),
    subsidies: RENTAL_GROUPS.map((group) => ({ group, name: rentalGroupNames[group], percent: settings.rental.subsidyPercent[group], setting: brief(settings.used[`rental.subsidyPercent.${group}` as SettingName]) })),
    rules: [
      '租金和补贴比例按租赁开始当日的目录和参数核定，租赁期间参数调整不改变已登记的租赁',
      `同时属于多类对象的，按补贴比例最高的一类补贴；高龄按年满 ${settings.age80} 周岁计`,
      '补贴额 = 月租金 × 补贴比例，不足 1 分的部分舍去；本人支付月租金减补贴额',
      '同一人同一辅具未归还前不能再租；目录月租金为 0 的辅具自该日起不能新租',
    ],
  };
}
