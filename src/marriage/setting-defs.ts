/**
 * The parameters of marriage registration with their defaults and sources (MARRIAGE-FUNERAL.md part A). A value the
 * statute or an official notice fixes is `verified: true`; the others are configured values (`verified: false`)
 * with the reason for the default, which a city admin corrects from a date on (settings.ts).
 */
import type { IsoDate } from '../kernel/index.js';

export interface SettingValue<T = unknown> {
  from: IsoDate;
  value: T;
  verified: boolean;
  source: string;
}

interface SettingDef {
  label: string;
  description: string;
  values: readonly SettingValue[];
}

const CODE = '2021-01-01';

export const SETTINGS = {
  'age.men': { label: '男方法定婚龄（周岁）', description: '结婚登记当日男方须年满此周岁', values: [{ from: CODE, value: 22, verified: true, source: '《民法典》第1047条：结婚年龄，男不得早于二十二周岁' }] },
  'age.women': { label: '女方法定婚龄（周岁）', description: '结婚登记当日女方须年满此周岁', values: [{ from: CODE, value: 20, verified: true, source: '《民法典》第1047条：女不得早于二十周岁' }] },
  'age.reachedDayAfterBirthday': {
    label: '周岁自生日次日起算',
    description: '否：生日当天即满周岁（平台统一口径）；是：按法释〔2006〕1号第2条自生日次日起算',
    values: [{ from: CODE, value: false, verified: false, source: '配置值：婚姻登记未见专门规定，默认生日当天满周岁' }],
  },
  'divorce.coolingOffDays': { label: '离婚冷静期（日）', description: '自婚姻登记机关收到申请之日起此日数内任何一方可撤回', values: [{ from: CODE, value: 30, verified: true, source: '《民法典》第1077条第1款' }] },
  'divorce.certificateDays': { label: '冷静期届满后申领离婚证期限（日）', description: '期满后此日数内双方应亲自到场申请发给离婚证，未申请视为撤回', values: [{ from: CODE, value: 30, verified: true, source: '《民法典》第1077条第2款' }] },
  'divorce.receiptDayCounts': { label: '受理当日计入期间', description: '否：期间自受理次日起算', values: [{ from: CODE, value: false, verified: true, source: '《民法典》第201条：开始的当日不计入' }] },
  'divorce.holidayExtends': { label: '期间最后一日为法定休假日的顺延', description: '是：以法定休假日结束的次日为期间最后一日', values: [{ from: CODE, value: true, verified: true, source: '《民法典》第203条' }] },
  'divorce.weekendsAreHolidays': {
    label: '普通周末视为法定休假日',
    description: '是：期间最后一日为周六、周日时同样顺延',
    values: [{ from: CODE, value: false, verified: false, source: '配置值：民事诉讼实务将周末视为休假日，婚姻登记未见规定' }],
  },
  'booking.minDaysAhead': { label: '网上预约至少提前天数', description: '网上预约须至少提前此天数', values: [{ from: '2023-01-01', value: 1, verified: true, source: '央视新闻 2023：网上预约至少提前一天（随申办、“民服务”、支付宝）' }] },
  'booking.horizonDays': { label: '可预约天数', description: '最远可预约此天数之后的日期', values: [{ from: '2023-01-01', value: 30, verified: false, source: '配置值：未见公开规定' }] },
  'booking.walkInPercent': { label: '现场号比例（%）', description: '每个时段保留此比例的名额给现场办理，网上预约不可占用', values: [{ from: '2023-01-01', value: 20, verified: false, source: '配置值：未见公开规定' }] },
  'certificate.format': {
    label: '证书字号格式',
    description: '类别字母 + 登记机关6位区划代码 + 年份 + 6位年度流水号',
    values: [{ from: '2015-01-01', value: '{kind}{code6}-{year}-{serial6}', verified: false, source: '民政部《婚姻登记工作规范》（2015）经二手资料描述，中等可信度' }],
  },
} satisfies Record<string, SettingDef>;

export type SettingName = keyof typeof SETTINGS;
export const SETTING_NAMES = Object.keys(SETTINGS) as SettingName[];
