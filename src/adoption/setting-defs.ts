/**
 * The parameters of adoption registration with their defaults and the article each quotes. A value the statute fixes is
 * `verified: true`; the others are configured values (`verified: false`) with the reason for the default, which a city
 * admin corrects from a date on (settings.ts). The Civil Code is in force from 2021-01-01.
 */
import type { DatedValue } from '../kernel/index.js';

interface SettingDef {
  label: string;
  description: string;
  values: readonly DatedValue[];
}

const CODE = '2021-01-01';

export const SETTINGS = {
  'adoptee.minorUnder': {
    label: '被收养人须未满（周岁）',
    description: '登记当日被收养人须未满此周岁（未成年人）',
    values: [{ from: CODE, value: 18, verified: true, source: '《民法典》第1093条：下列未成年人，可以被收养；第17条：不满十八周岁的自然人为未成年人' }],
  },
  'adopter.minAge': {
    label: '收养人最低年龄（周岁）',
    description: '登记当日每一收养人须年满此周岁',
    values: [{ from: CODE, value: 30, verified: true, source: '《民法典》第1098条第（五）项：收养人应当年满三十周岁' }],
  },
  'adopter.maxChildren': {
    label: '收养人已有子女数上限',
    description: '收养人须无子女或者只有此数以内的子女（收养孤儿、残疾未成年人、儿童福利机构抚养的查找不到生父母的未成年人除外）',
    values: [{ from: CODE, value: 1, verified: true, source: '《民法典》第1098条第（一）项：无子女或者只有一名子女；第1100条第2款的例外' }],
  },
  'adoptions.withoutChildren': {
    label: '无子女的收养人可收养人数',
    description: '无子女的收养人最多可收养此数的子女（含本次）',
    values: [{ from: CODE, value: 2, verified: true, source: '《民法典》第1100条第1款：无子女的收养人可以收养两名子女' }],
  },
  'adoptions.withChildren': {
    label: '有子女的收养人可收养人数',
    description: '有子女的收养人最多可收养此数的子女（含本次）',
    values: [{ from: CODE, value: 1, verified: true, source: '《民法典》第1100条第1款：有子女的收养人只能收养一名子女' }],
  },
  'singleOppositeSex.minGap': {
    label: '无配偶者收养异性子女的最小年龄差（周岁）',
    description: '无配偶的收养人收养异性子女的，收养人与被收养人的年龄须相差此周岁以上',
    values: [{ from: CODE, value: 40, verified: true, source: '《民法典》第1102条：无配偶者收养异性子女的，收养人与被收养人的年龄应当相差四十周岁以上' }],
  },
  'consent.childAge': {
    label: '须征得被收养人同意的年龄（周岁）',
    description: '被收养人年满此周岁的，须征得其本人同意',
    values: [{ from: CODE, value: 8, verified: true, source: '《民法典》第1104条：收养八周岁以上未成年人的，应当征得被收养人的同意' }],
  },
  'announcement.days': {
    label: '查找生父母公告期（日）',
    description: '被收养人查找不到生父母的，登记前公告；自公告之日起满此日数未被认领，方可登记',
    values: [
      {
        from: '2019-03-02',
        value: 60,
        verified: true,
        source: '《民法典》第1105条第2款：收养查找不到生父母的未成年人的，办理登记的民政部门应当在登记前予以公告；《中国公民收养子女登记办法》（2019年修订）第七条：自公告之日起满60日，生父母或者其他监护人未认领的，视为查找不到生父母',
      },
    ],
  },
  'assessment.required': {
    label: '登记前须有收养评估结论',
    description: '是：须有“适合收养”的评估结论方可登记',
    values: [{ from: CODE, value: true, verified: true, source: '《民法典》第1105条第5款：县级以上人民政府民政部门应当依法进行收养评估；《收养评估办法（试行）》（民发〔2020〕144号）' }],
  },
  'certificate.format': {
    label: '收养证书字号格式',
    description: '类别字母（SY 收养登记证、JC 解除收养关系证明）+ 登记机关6位区划代码 + 年份 + 6位年度流水号',
    values: [{ from: CODE, value: '{kind}{code6}-{year}-{serial6}', verified: false, source: '配置值：未见公开的编号规则，沿用婚姻登记证书的格式' }],
  },
} satisfies Record<string, SettingDef>;

export type SettingName = keyof typeof SETTINGS;
export const SETTING_NAMES = Object.keys(SETTINGS) as SettingName[];
