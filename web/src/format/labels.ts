/** Chinese labels for the codes the API sends. Unknown codes are shown as they are, never hidden. */

export const sexLabels: Record<string, string> = { M: '男', F: '女' };

export const laborCapacityLabels: Record<string, string> = { full: '完全劳动能力', partial: '部分劳动能力', none: '无劳动能力' };

export const relationLabels: Record<string, string> = {
  head: '户主',
  spouse: '配偶',
  child: '子女',
  parent: '父母',
  grandchild: '孙子女',
  grandparent: '祖父母',
  sibling: '兄弟姐妹',
  other: '其他',
};

export const factKindLabels: Record<string, string> = {
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
};

export const programmeLabels: Record<string, string> = {
  dibao: '最低生活保障（低保）',
  low_income: '低收入家庭',
  expense_poverty: '支出型贫困家庭',
  destitute: '特困人员供养',
  elderly_allowance: '老年综合津贴',
  orphan_allowance: '孤儿基本生活费',
};

export const auditResultLabels: Record<string, string> = { ok: '成功', denied: '拒绝', error: '出错' };

export const roleLabels: Record<string, string> = {
  city_admin: '市局管理员',
  district_staff: '区民政局工作人员',
  street_caseworker: '街镇经办人员',
  community_advisor: '社区救助顾问',
  auditor: '审计员',
  leader: '领导（只读）',
};

export const label = (labels: Record<string, string>, code: string | null | undefined): string => (code ? (labels[code] ?? code) : '—');

export const auditActionLabels: Record<string, string> = {
  'auth.login': '登录',
  'auth.logout': '注销',
  'access.user.create': '新建用户',
  'access.user.unlock': '解除账户锁定',
  'audit.read': '查看审计日志',
  'audit.verify': '校验审计日志',
  'registry.person.create': '登记人员',
  'registry.person.read': '查看人员',
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
};

/** Why the server refused: the `reason` the access guard writes into the entry's detail. */
export const denialReasonLabels: Record<string, string> = {
  jurisdiction: '超出辖区',
  permission: '角色无此权限',
  unknown_user: '用户名不存在',
  bad_password: '密码错误',
  locked: '账户已锁定',
};

export const entityTypeLabels: Record<string, string> = {
  person: '人员',
  household: '家庭',
  user: '用户',
  fact: '事实',
  fact_batch: '数据批次',
  organisation: '组织',
  division: '区划',
  case: '救助案件',
};
