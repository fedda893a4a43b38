/**
 * The parameters of social-organisation registration and supervision with their defaults and sources
 * (shared/reference/SOCIALORG-CHARITY.md). A value a statute, order or seed fixes is `verified: true`; every
 * other one is a configured value (`verified: false`) with the reason it was chosen, corrected by a city admin
 * from a date on (settings.ts), never a literal in code.
 */
import type { IsoDate } from '../kernel/index.js';

export interface SettingValue<T = unknown> {
  from: IsoDate;
  value: T;
  verified: boolean;
  source: string;
}

export type Unit = 'days' | 'months' | 'count' | 'people' | 'percent' | 'fen' | 'month-day' | 'words' | 'form-words' | 'spending-bands' | 'switch';

interface SettingDef<T> {
  label: string;
  unit: Unit;
  description: string;
  values: readonly SettingValue<T>[];
}

const SINCE = '1998-10-25';
const v = <T>(value: T, verified: boolean, source: string, from: IsoDate = SINCE): SettingValue<T> => ({ from, value, verified, source });

export const SETTINGS = {
  'names.forbiddenWords': {
    label: '地方社会组织名称禁用字词',
    unit: 'words',
    description: '本市登记的（地方性）社会组织名称不得含有以下字词',
    values: [v(['中国', '全国', '中华'], true, '《社会组织名称管理办法》（民政部，2024）：地方性社会组织名称不得冠以“中国”“全国”“中华”等字词')],
  },
  'names.formWords': {
    label: '各类社会组织的组织形式用语',
    unit: 'form-words',
    description: '名称须以本类型的组织形式用语结尾，不得使用其他类型的用语',
    values: [
      v(
        { social_group: ['协会', '学会', '研究会', '促进会', '联合会', '商会', '联谊会', '基金会联合会'], social_service: ['中心', '院', '所', '社', '学校', '服务站'], foundation: ['基金会'] },
        false,
        '配置值：按常见用法（社团：协会、学会、研究会、促进会、联合会、商会；社服：中心、院、所、社；基金会），各类用语的正式清单未见文件',
      ),
    ],
  },
  'names.similarRadius': {
    label: '相似名称比对范围',
    unit: 'count',
    description: '1 = 同一登记管理机关辖区内比对；0 = 全市比对',
    values: [v(1, true, '《社会团体登记管理条例》第十三条：在同一行政区域内已有业务范围相同或者相似的社会团体，没有必要成立的，不予登记')],
  },
  'clock.preparationDecisionDays': { label: '社团筹备申请审查期限', unit: 'days', description: '自收到全部有效文件之日起', values: [v(60, true, '《社会团体登记管理条例》第十二条：60日内作出批准或者不批准筹备的决定')] },
  'clock.preparationMonths': { label: '社团筹备期限', unit: 'months', description: '自批准筹备之日起，逾期未申请成立登记的筹备失效', values: [v(6, false, '配置值：筹备期最长6个月（参考资料置信度“中”，条例原文第十四条）')] },
  'clock.groupEstablishDays': { label: '社团成立登记审查期限', unit: 'days', description: '自收到完成筹备工作的申请之日起', values: [v(30, false, '配置值：30日（《社会团体登记管理条例》第十五条，参考资料置信度“中”）')] },
  'clock.serviceEstablishDays': { label: '社会服务机构登记审查期限', unit: 'days', description: '自收到全部有效文件之日起', values: [v(60, true, '《民办非企业单位登记管理暂行条例》第十一条：60日内作出准予登记或者不予登记的决定')] },
  'clock.foundationEstablishDays': { label: '基金会登记审查期限', unit: 'days', description: '自收到全部有效文件之日起', values: [v(60, false, '配置值：60日（《基金会管理条例》第十一条，参考资料置信度“中”）')] },
  'establish.groupMinIndividualMembers': { label: '社团最少个人会员数', unit: 'count', description: '或单位会员数达到下一项', values: [v(50, true, '《社会团体登记管理条例》第十条第（一）项：50个以上的个人会员或者30个以上的单位会员')] },
  'establish.groupMinUnitMembers': { label: '社团最少单位会员数', unit: 'count', description: '', values: [v(30, true, '《社会团体登记管理条例》第十条第（一）项')] },
  'establish.groupMinFundsFen': {
    label: '地方性社团最低活动资金',
    unit: 'fen',
    description: '地方性和跨行政区域的社会团体',
    values: [v(3_000_000, true, '《社会团体登记管理条例》第十条第（五）项：地方性的社会团体和跨行政区域的社会团体有3万元以上活动资金')],
  },
  'establish.serviceCityMinFundsFen': { label: '市级社会服务机构最低开办资金', unit: 'fen', description: '市民政局登记', values: [v(10_000_000, true, '沪民规〔2025〕11号：市级登记的社会服务机构开办资金不少于10万元', '2025-05-01')] },
  'establish.serviceDistrictMinFundsFen': {
    label: '区级社会服务机构最低开办资金',
    unit: 'fen',
    description: '各区登记管理机关自定',
    values: [v(10_000_000, false, '配置值：取市级标准10万元；沪民规〔2025〕11号规定区级由各区自定，各区数额未见', '2025-05-01')],
  },
  'establish.foundationPublicMinFundsFen': { label: '地方性公募基金会最低原始基金', unit: 'fen', description: '到账货币资金', values: [v(400_000_000, true, '《基金会管理条例》第八条第（二）项：地方性公募基金会原始基金不低于400万元')] },
  'establish.foundationNonPublicMinFundsFen': { label: '非公募基金会最低原始基金', unit: 'fen', description: '到账货币资金', values: [v(200_000_000, true, '《基金会管理条例》第八条第（二）项：非公募基金会原始基金不低于200万元')] },
  'establish.servicePremisesMonths': {
    label: '社会服务机构住所使用权最短期限',
    unit: 'months',
    description: '产权证明或不少于此期限的使用权证明',
    values: [v(12, true, '沪民规〔2025〕11号：住所须有产权证明或1年以上使用权证明', '2025-05-01')],
  },
  'report.deadline.social_group': {
    label: '社会团体年度工作报告报送截止日',
    unit: 'month-day',
    description: '报登记管理机关（双重管理的先经业务主管单位初审，3月31日前）',
    values: [v('05-31', false, '本市时限未见文件，取全国规定：《社会团体登记管理条例》第三十一条，每年3月31日前报业务主管单位初审，5月31日前报登记管理机关')],
  },
  'report.deadline.social_service': {
    label: '社会服务机构年度工作报告报送截止日',
    unit: 'month-day',
    description: '报登记管理机关',
    values: [v('05-31', false, '本市时限未见文件，取全国规定：《民办非企业单位年度检查办法》（民政部令第27号），3月31日前报业务主管单位，5月31日前报登记管理机关')],
  },
  'report.deadline.foundation': {
    label: '基金会年度工作报告报送截止日',
    unit: 'month-day',
    description: '报登记管理机关',
    values: [v('03-31', false, '本市时限未见文件，取全国规定：《基金会年度检查办法》（民政部令第30号），每年3月31日前报送')],
  },
  'report.minMonths': {
    label: '须参加年检的最短登记时长（月）',
    unit: 'months',
    description: '当年12月31日前登记满此月数的才须报送上一年度报告',
    values: [v(6, true, '《民办非企业单位年度检查办法》（民政部令第27号）第三条：上一年度6月30日前（含）登记的')],
  },
  'charity.fundraisingAfterMonths': { label: '申请公开募捐资格的最短登记时长', unit: 'months', description: '自登记之日起', values: [v(12, true, '《中华人民共和国慈善法》第二十二条：依法登记满一年的慈善组织，可以申请公开募捐资格')] },
  'charity.decisionWorkingDays': {
    label: '慈善组织认定、公开募捐资格审查期限（工作日）',
    unit: 'days',
    description: '自收到申请之日起；按工作日计算，跳过节假日',
    values: [v(20, false, '《中华人民共和国慈善法》（2023修正）第十条、第二十二条：收到申请之日起二十日内作出决定；按《行政许可法》第八十二条以工作日计算为配置值')],
  },
  'charity.fundraisingRequires3A': {
    label: '申请公开募捐资格须评估等级3A以上',
    unit: 'switch',
    description: '开启后，无有效的3A以上评估等级不得取得公开募捐资格',
    values: [v(false, false, '民政部令第59号（2016）曾要求3A以上；2024年修订的民政部令第74号是否保留未核实，默认关闭')],
  },
  'charity.planDaysBefore': {
    label: '募捐方案提前备案天数',
    unit: 'days',
    description: '开展公开募捐活动前至少提前此天数备案',
    values: [v(10, false, '《慈善组织公开募捐管理办法》（民政部令第59号，2016）第十四条：开展公开募捐活动十日前备案；2024年修订文本未核对')],
  },
  'charity.platforms': {
    label: '民政部指定的互联网公开募捐信息平台',
    unit: 'words',
    description: '网络募捐只能在这些平台发布（名单随民政部公布而变化）',
    values: [
      v(
        ['腾讯公益', '淘宝公益', '支付宝公益', '新浪微公益', '京东公益', '公益宝', '轻松公益', '联劝网', '广益联募', '美团公益', '哔哩哔哩公益', '携程公益', '字节跳动公益', '小米公益'],
        false,
        '配置值：民政部三批指定平台中的部分名称，完整名单与变更日期未核对',
      ),
    ],
  },
  'charity.longFundraisingMonths': {
    label: '须定期公开的募捐期限（月）',
    unit: 'months',
    description: '募捐期超过此月数的，须在期间内定期公开',
    values: [v(6, true, '《慈善法》及《慈善组织信息公开办法》：公开募捐周期超过六个月的，至少每三个月公开一次')],
  },
  'charity.disclosureIntervalMonths': { label: '募捐期间公开间隔（月）', unit: 'months', description: '', values: [v(3, true, '《慈善组织信息公开办法》：至少每三个月公开一次募捐情况')] },
  'charity.finalDisclosureMonths': { label: '募捐结束后全面公开期限（月）', unit: 'months', description: '自募捐活动结束之日起', values: [v(3, true, '《慈善组织信息公开办法》：募捐活动结束后三个月内全面、详细公开')] },
  'trust.filingDays': { label: '慈善信托备案期限（日）', unit: 'days', description: '自信托文件签订之日起', values: [v(7, false, '配置值：《慈善法》、《慈善信托管理办法》（2017）：签订之日起七日内备案（参考资料置信度“中”）')] },
  'trust.publishWorkingDays': { label: '慈善信托备案信息公开期限（工作日）', unit: 'days', description: '自备案之日起', values: [v(20, false, '配置值：《慈善信托信息公开办法》：备案后二十日内公开（参考资料置信度“中”，按工作日计）')] },
  'credit.fundraisingIdleMonths': {
    label: '公开募捐资格闲置列入异常名录期限（月）',
    unit: 'months',
    description: '具有公开募捐资格的慈善组织连续此月数未开展公开募捐的，列入活动异常名录',
    values: [v(6, true, '《社会组织信用信息管理办法》（民政部令第60号）第十条第（四）项：连续6个月不开展公开募捐活动')],
  },
  'credit.abnormalToSeriousMonths': {
    label: '活动异常名录转严重违法失信名单期限',
    unit: 'months',
    description: '列入活动异常名录满此期限仍未移出的',
    values: [v(24, true, '《社会组织信用信息管理办法》（民政部令第60号）：被列入活动异常名录满2年的，列入严重违法失信名单')],
  },
  'credit.removalWorkingDays': { label: '申请移出名录的办理时限（工作日）', unit: 'days', description: '自核实之日起', values: [v(5, false, '配置值：5个工作日（民政部令第60号，参考资料置信度“中”）')] },
  'credit.autoRemovalMonths': { label: '无需整改事项的自动移出期限', unit: 'months', description: '自列入之日起', values: [v(6, false, '配置值：6个月（民政部令第60号，参考资料置信度“中”）')] },
  'credit.heavyFineFen': {
    label: '列入严重违法失信名单的罚款数额',
    unit: 'fen',
    description: '罚款达到此数额的列入严重违法失信名单；不满此数额的罚款和警告列入活动异常名录',
    values: [v(5_000_000, true, '《社会组织信用信息管理办法》（民政部令第60号）第十条第（五）项：受到警告或者不满5万元罚款处罚的，列入活动异常名录')],
  },
  'credit.repeatLightPenalties': {
    label: '轻微处罚累计次数',
    unit: 'count',
    description: '在下一项期限内受到警告或不满5万元罚款的次数达到此数的，列入严重违法失信名单',
    values: [v(2, false, '配置值：3年内2次以上（民政部令第60号，参考资料置信度“中”）')],
  },
  'credit.repeatWindowMonths': { label: '轻微处罚累计期间（月）', unit: 'months', description: '自本次处罚决定之日向前计算', values: [v(36, false, '配置值：3年（民政部令第60号，参考资料置信度“中”）')] },
  'charity.spendingBands': {
    label: '慈善组织年度支出与管理费用标准',
    unit: 'spending-bands',
    description: '按组织类型、是否具有公开募捐资格和上年末净资产分档（下限含本数）：慈善活动支出不低于基数的比例、管理费用不超过当年总支出的比例',
    values: [
      v(
        [
          { foundation: true, fundraising: true, minNetAssetsFen: 0, base: 'income', minSpendPercent: 70, maxManagementPercent: 10, minIncomePercent: 0 },
          { foundation: false, fundraising: true, minNetAssetsFen: 0, base: 'income', minSpendPercent: 70, maxManagementPercent: 13, minIncomePercent: 0 },
          { foundation: true, fundraising: false, minNetAssetsFen: 6_000_000_000, base: 'net_assets', minSpendPercent: 6, maxManagementPercent: 12, minIncomePercent: 0 },
          { foundation: true, fundraising: false, minNetAssetsFen: 800_000_000, base: 'net_assets', minSpendPercent: 6, maxManagementPercent: 13, minIncomePercent: 0 },
          { foundation: true, fundraising: false, minNetAssetsFen: 400_000_000, base: 'net_assets', minSpendPercent: 7, maxManagementPercent: 15, minIncomePercent: 0 },
          { foundation: true, fundraising: false, minNetAssetsFen: 0, base: 'net_assets', minSpendPercent: 8, maxManagementPercent: 20, minIncomePercent: 0 },
          { foundation: false, fundraising: false, minNetAssetsFen: 1_000_000_000, base: 'net_assets', minSpendPercent: 6, maxManagementPercent: 13, minIncomePercent: 0 },
          { foundation: false, fundraising: false, minNetAssetsFen: 500_000_000, base: 'net_assets', minSpendPercent: 7, maxManagementPercent: 14, minIncomePercent: 0 },
          { foundation: false, fundraising: false, minNetAssetsFen: 100_000_000, base: 'net_assets', minSpendPercent: 8, maxManagementPercent: 15, minIncomePercent: 0 },
          { foundation: false, fundraising: false, minNetAssetsFen: 0, base: 'net_assets', minSpendPercent: 8, maxManagementPercent: 20, minIncomePercent: 50 },
        ],
        false,
        '《关于慈善组织开展慈善活动年度支出和管理费用的规定》（民政部、财政部、国家税务总局，2016-10-20）第七至九条；分档边界（恰为界值时归入上一档）及“上年收入50%”是否适用于其他档未核对原文，为配置值',
        '2016-10-20',
      ),
    ],
  },
  'charity.managementExemptFen': {
    label: '管理费用比例豁免额',
    unit: 'fen',
    description: '当年管理费用低于此数的，不受管理费用比例限制',
    values: [v(20_000_000, true, '《关于慈善组织开展慈善活动年度支出和管理费用的规定》第十一条：管理费用低于20万元的，不受比例限制', '2016-10-20')],
  },
  'grading.minYearsRegistered': { label: '申请等级评估的最短登记年限', unit: 'count', description: '登记满此整年数方可申请评估', values: [v(2, true, '《社会组织评估管理办法》（民政部令第39号）第十三条：取得登记证书满两个年度')] },
  'grading.validYears': { label: '评估等级有效期（年）', unit: 'count', description: '自评估结论作出之日起', values: [v(5, true, '民政部令第39号第二十七条：评估等级有效期为5年')] },
  'grading.publicityDays': { label: '评估结果公示期（日）', unit: 'days', description: '评估结论公示的天数', values: [v(7, false, '配置值：7日，各地公示期长短不一，本市未见文件')] },
  'figures.evaluationRateTarget': {
    label: '社会组织评估率目标',
    unit: 'percent',
    description: '有效评估等级的组织占在册组织的百分比',
    values: [v(20, true, '2023年上海民政工作要点：社会组织总体评估率达到20%', '2023-01-01')],
  },
  'figures.socialWorkersTarget': {
    label: '持证社会工作者数目标',
    unit: 'people',
    description: '全市持社会工作者职业水平证书的人数',
    values: [v(45_000, true, '上海市民政事业发展“十四五”规划 指标14：持证社会工作者数≥4.5万人（2025年）', '2021-01-01')],
  },
  'grading.cutoff5A': { label: '5A 最低得分', unit: 'count', description: '满分1000分', values: [v(950, false, '配置值：各地分数线不同（有的950分，有的900分），本市未见文件')] },
  'grading.cutoff4A': { label: '4A 最低得分', unit: 'count', description: '满分1000分', values: [v(850, false, '配置值：本市分数线未见文件')] },
  'grading.cutoff3A': { label: '3A 最低得分', unit: 'count', description: '满分1000分', values: [v(750, false, '配置值：本市分数线未见文件')] },
  'grading.cutoff2A': { label: '2A 最低得分', unit: 'count', description: '满分1000分', values: [v(650, false, '配置值：本市分数线未见文件')] },
  'grading.cutoff1A': { label: '1A 最低得分', unit: 'count', description: '满分1000分；低于此分不评定等级', values: [v(550, false, '配置值：本市分数线未见文件')] },
} as const satisfies Record<string, SettingDef<unknown>>;

export type SettingName = keyof typeof SETTINGS;
export const SETTING_NAMES = Object.keys(SETTINGS) as SettingName[];
