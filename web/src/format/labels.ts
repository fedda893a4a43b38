/** Chinese labels for the codes the API sends. Unknown codes are shown as they are, never hidden. */
import { eldercareAuditActionLabels, eldercareEntityTypeLabels } from './eldercare-labels.js';

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
  'disability.certificate': '残疾证',
  unemployment: '失业登记',
  property: '房产',
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
  security_admin: '安全管理员',
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
  'assistance.case.apply': '提交救助申请',
  'assistance.case.read': '查看救助案件',
  'assistance.case.list': '查询救助案件',
  'assistance.case.accept': '受理救助申请',
  'assistance.case.verify': '经济状况核对',
  'assistance.case.approve': '审批批准',
  'assistance.case.reject': '不予批准',
  'assistance.case.stop': '终止救助',
  'assistance.payments.run': '运行月度发放',
  'assistance.reviews.due': '查看到期复核',
  'monitoring.warning.list': '查询预警',
  'monitoring.warning.read': '查看预警',
  'monitoring.warning.visit': '登记上门核实',
  'monitoring.warning.handle': '登记预警处置',
  'policy.simulate': '政策模拟测算',
  'policy.screen.start': '发起政策筛查',
  ...eldercareAuditActionLabels,
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
  assistance_case: '救助案件',
  warning: '预警',
  lead: '线索',
  payment_run: '发放批次',
  screen_run: '筛查任务',
  ...eldercareEntityTypeLabels,
};

/** Assistance programmes (src/assistance/model.ts); 临时救助 is not a policy-engine programme. */
export const assistanceProgrammeLabels: Record<string, string> = {
  dibao: '最低生活保障（低保）',
  low_income: '低收入困难家庭认定',
  expense_poverty: '支出型贫困家庭生活救助',
  destitute: '特困人员救助供养',
  temporary: '临时救助',
};

export const caseStatusLabels: Record<string, string> = {
  applied: '已申请',
  accepted: '已受理',
  verified: '已完成经济状况核对',
  visited: '已入户调查',
  in_notice: '公示中',
  in_payment: '救助中',
  suspended: '暂停发放',
  rejected: '不予批准',
  not_accepted: '不予受理',
  withdrawn: '已撤回',
  stopped: '已终止',
  completed: '已办结',
};

export const caseStatusColors: Record<string, string> = {
  applied: 'default',
  accepted: 'blue',
  verified: 'cyan',
  visited: 'geekblue',
  in_notice: 'purple',
  in_payment: 'green',
  suspended: 'orange',
  rejected: 'red',
  not_accepted: 'red',
  withdrawn: 'default',
  stopped: 'volcano',
  completed: 'default',
};

/** The names the case log uses (src/assistance/states.ts). */
export const caseActionLabels: Record<string, string> = {
  apply: '提交申请',
  accept: '受理',
  decline: '不予受理',
  withdraw: '撤回申请',
  verify: '经济状况核对',
  record_visit: '登记入户调查',
  start_notice: '开始公示',
  record_objection: '登记公示异议',
  resolve_objection: '处理公示异议',
  approve: '批准',
  reject: '不予批准',
  suspend: '暂停发放',
  resume: '恢复发放',
  record_review: '登记定期复核',
  stop: '终止救助',
  complete: '办结',
  note_change: '登记家庭变化',
};

export const warningLevelColors: Record<string, string> = { high: 'red', medium: 'orange', low: 'gold' };

export const warningActionLabels: Record<string, string> = {
  raise: '发出预警',
  assign: '推送（派单）',
  visit: '上门核实',
  handle: '处置',
  close: '办结',
  escalate: '逾期升级',
  retrigger: '再次触发',
};

export const leadActionLabels: Record<string, string> = { found: '发现线索', contact: '联系', outcome: '登记结果', approve: '已获批', close: '关闭' };

export const handleOutcomeLabels: Record<string, string> = { referred_case: '转介救助申请', referred_service: '转介服务', no_action: '无需处置' };

export const leadOutcomeLabels: Record<string, string> = { applied: '已申请', declined: '本人放弃', not_eligible: '核实后不符合' };

export const contactChannelLabels: Record<string, string> = { visit: '上门', phone: '电话', other: '其他' };

export const screenPhaseLabels: Record<string, string> = { queued: '排队中', reading: '读取人口数据', computing: '计算中', writing: '写入结果', done: '已完成', failed: '失败' };
