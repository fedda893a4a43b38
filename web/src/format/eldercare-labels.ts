/** Chinese labels for the elderly-care codes (src/eldercare/model.ts, supervision-model.ts). Unknown codes show as they are. */

export const facilityKindLabels: Record<string, string> = {
  institution: '养老机构',
  community_centre: '社区综合为老服务中心',
  day_care: '日间照护机构',
  meal_point: '社区长者食堂',
  family_bed_station: '家庭照护床位服务站',
};

export const ownershipLabels: Record<string, string> = { public: '公办', public_private: '公建民营', private: '民办' };

export const bedTypeLabels: Record<string, string> = { nursing: '护理型床位', cognitive: '认知障碍照护床位', ordinary: '普通床位' };

export const applicationStatusLabels: Record<string, string> = { waiting: '轮候中', offered: '已发出床位通知', admitted: '已入住', withdrawn: '已撤回', removed: '已移出轮候' };
export const applicationStatusColors: Record<string, string> = { waiting: 'blue', offered: 'gold', admitted: 'green', withdrawn: 'default', removed: 'red' };

export const priorityGroupLabels: Record<string, string> = {
  destitute: '特困人员',
  dibao_low_income: '低保、低收入家庭老年人',
  disabled: '残疾老年人',
  age80: '80 周岁及以上高龄老年人',
  family_planning: '计划生育特殊家庭老年人',
  entitled: '优抚对象等重点保障对象',
};

/** The groups the registry cannot know: declared by the applicant, with evidence a caseworker checks. */
export const declarableGroupLabels: Record<string, string> = { family_planning: priorityGroupLabels.family_planning, entitled: priorityGroupLabels.entitled };

export const offerStatusColors: Record<string, string> = { open: 'gold', accepted: 'green', declined: 'default', expired: 'red', cancelled: 'default' };

export const applicationLogLabels: Record<string, string> = {
  applied: '受理轮候申请',
  offered: '发出床位通知',
  admitted: '接受床位并入住',
  declined: '放弃床位',
  expired: '床位通知逾期未答复',
  withdrawn: '撤回申请',
  removed: '移出轮候',
  groups_changed: '优先对象类别变化',
  assessment_changed: '评估结论变化',
};

export const assessmentStateLabels: Record<string, string> = { valid: '有效', expiring: '即将到期', expired: '已到期' };
export const assessmentStateColors: Record<string, string> = { valid: 'green', expiring: 'orange', expired: 'red' };

export const inspectionKindLabels: Record<string, string> = { routine: '日常检查', special: '专项检查', random: '双随机抽查', complaint: '投诉核查' };
export const findingCategoryLabels: Record<string, string> = { fire: '消防安全', food: '食品安全', building: '房屋安全', medical: '医疗活动', fraud: '防范诈骗', other: '服务与运营' };
export const severityLabels: Record<string, string> = { minor: '一般问题', major: '较大隐患', critical: '重大隐患' };
export const severityColors: Record<string, string> = { minor: 'default', major: 'orange', critical: 'red' };
export const findingStatusLabels: Record<string, string> = { open: '待整改', rectified: '已整改待复核', verified: '已复核销号', reopened: '复核未通过重新整改' };
export const findingStatusColors: Record<string, string> = { open: 'orange', rectified: 'blue', verified: 'green', reopened: 'volcano' };
export const creditRatingColors: Record<string, string> = { A: 'green', B: 'blue', C: 'orange', D: 'red' };

export const mealLabels: Record<string, string> = { lunch: '午餐', dinner: '晚餐' };

/** The audit log's names for elderly-care actions (the `action` of src/eldercare's access requests). */
export const eldercareAuditActionLabels: Record<string, string> = {
  'eldercare.facility.create': '登记养老服务设施',
  'eldercare.beds.add': '增加核定床位',
  'eldercare.prices.set': '设置床位收费标准',
  'eldercare.stay.admit': '办理入住',
  'eldercare.stay.discharge': '办理离院',
  'eldercare.residents.read': '查看在院老人',
  'eldercare.assessment.record': '录入评估结论',
  'eldercare.assessment.read': '查看评估记录',
  'eldercare.assessment.expiry_list': '查看评估到期清单',
  'eldercare.application.create': '受理轮候申请',
  'eldercare.application.read': '查看轮候申请',
  'eldercare.application.withdraw': '撤回轮候申请',
  'eldercare.queue.read': '查看轮候队列',
  'eldercare.queue.rerank': '轮候队列重新排序',
  'eldercare.allocation.run': '分配保基本床位',
  'eldercare.offer.accept': '接受床位通知',
  'eldercare.offer.decline': '放弃床位',
  'eldercare.offer.expire': '床位通知逾期',
  'eldercare.inspection.record': '登记监督检查',
  'eldercare.inspection.read': '查看检查记录',
  'eldercare.inspection.list': '查询检查记录',
  'eldercare.finding.read': '查看发现问题',
  'eldercare.finding.list': '查询发现问题',
  'eldercare.finding.rectify': '登记整改完成',
  'eldercare.finding.verify': '复核销号',
  'eldercare.finding.reopen': '复核未通过',
  'eldercare.finding.extend': '延长整改期限',
  'eldercare.finding.overdue': '逾期未整改升级',
  'eldercare.credit.read': '查看机构信用评价',
  'eldercare.credit.list': '查询机构信用评价',
  'eldercare.prepaid.record': '登记预收费月报',
  'eldercare.prepaid.risks': '查看预收费风险',
  'eldercare.meal.record': '登记助餐用餐',
  'eldercare.meal.list': '查询用餐记录',
  'eldercare.meal.subsidy_read': '查看助餐补贴资格',
  'eldercare.setting.set': '设置养老服务参数',
};

export const eldercareEntityTypeLabels: Record<string, string> = {
  application: '轮候申请',
  offer: '床位通知',
  bed: '床位',
  stay: '入住记录',
  facility: '养老服务设施',
  eldercare_facility: '养老服务设施',
  eldercare_inspection: '监督检查',
  eldercare_finding: '发现问题',
  eldercare_setting: '养老服务参数',
};
