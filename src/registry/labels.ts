/** Chinese names of the registry's codes, sent to the web app by GET /labels (src/http/labels.ts). */
import { Type, type Static } from 'typebox';
import { LabelTable } from '../http/schemas.js';
import { LABOR_CAPACITIES, RELATIONS } from './model.js';

export const RegistryLabelsSchema = Type.Object({
  sex: LabelTable(['M', 'F'] as const),
  laborCapacity: LabelTable(LABOR_CAPACITIES),
  relation: LabelTable(RELATIONS),
  /** Open: departments may send kinds the registry stores without knowing them. */
  factKind: LabelTable(),
  /** Open: a batch names its sender; the departments' own codes are named by the exchange (monitoring). */
  factSource: LabelTable(),
  /** A fact's attributes by key, and the coded values among them. */
  factAttribute: LabelTable(),
  factAttributeValue: LabelTable(),
  auditAction: LabelTable(),
  entityType: LabelTable(),
});

export const registryLabels = {
  sex: { M: '男', F: '女' },
  laborCapacity: { full: '完全劳动能力', partial: '部分劳动能力', none: '无劳动能力' },
  relation: { head: '户主', spouse: '配偶', child: '子女', parent: '父母', grandchild: '孙子女', grandparent: '祖父母', sibling: '兄弟姐妹', other: '其他' },
  factKind: {
    'income.wage': '工资收入',
    'income.pension': '养老金收入',
    'income.business': '经营收入',
    'income.property': '财产性收入',
    'income.other': '其他收入',
    'asset.monetary': '货币财产',
    'asset.property': '房产',
    vehicle: '机动车',
    'expense.medical': '自付医疗支出',
    'expense.education': '教育支出',
    employment: '就业',
    insurance: '社会保险',
    hospital_stay: '住院',
    death: '死亡',
    orphan: '孤儿认定',
    legal_supporter: '法定赡养（抚养、扶养）人',
    'disability.certificate': '残疾证',
    unemployment: '失业登记',
    property: '房产',
    'utility.water_idle': '用水异常（长时间未用水）',
    'income.unemployment_benefit': '失业保险金',
    'registration.moved_out': '户籍迁出',
    guardian_of: '监护关系',
  },
  factSource: { demo: '演示数据' },
  factAttribute: {
    able: '有赡养（抚养、扶养）能力',
    disabledMobility: '残疾人专用代步车',
    grade: '残疾等级',
    category: '残疾类别',
    orphan: '孤儿',
    status: '状态',
    to: '迁往',
    meterId: '水表编号',
    idleHours: '未用水时长（小时）',
    observedAt: '观测时间',
    wardPersonId: '被监护人',
  },
  factAttributeValue: { unemployed: '失业' },
  auditAction: {
    'registry.person.create': '登记人员',
    'registry.person.read': '查看人员',
    'registry.person.names': '查看人员姓名（列表中显示）',
    'registry.household.names': '查看家庭名称（列表中显示）',
    'registry.person.list': '查询人员列表',
    'registry.person.reveal_id_number': '查看完整身份证号',
    'registry.household.create': '登记家庭',
    'registry.household.read': '查看家庭',
    'registry.household.history': '查看家庭成员变动',
    'registry.household.add_member': '家庭增员',
    'registry.household.end_member': '家庭减员',
    'registry.household.policy_input': '读取政策计算数据',
    'registry.facts.read': '查看事实',
    'registry.facts.batch': '接收部门数据',
    'registry.fact.correct': '更正事实',
    'registry.organisation.create': '登记组织',
  },
  entityType: { person: '人员', household: '家庭', fact: '事实', fact_batch: '数据批次', household_batch: '批量家庭', organisation: '组织', division: '区划' },
} satisfies Static<typeof RegistryLabelsSchema>;
