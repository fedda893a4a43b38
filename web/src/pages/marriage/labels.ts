export const bookingStatus: Record<string, string> = { open: '待办理', cancelled: '已取消', no_show: '未到', attended: '已办理' };
export const serviceNames: Record<string, string> = { marriage: '结婚登记', divorce: '离婚登记', foreign: '涉外婚姻登记' };
export const divorceStatus: Record<string, string> = {
  cooling_off: '冷静期内',
  awaiting_registration: '待申领离婚证',
  withdrawn: '已撤回',
  registered: '已登记离婚',
  refused: '不予登记',
  deemed_withdrawn: '视为撤回',
  ended: '婚姻已终止',
  lapsing: '申领期已过（待系统视为撤回）',
};
export const actionNames: Record<string, string> = { applied: '受理（出具回执）', withdrawn: '撤回申请', registered: '登记离婚，发给离婚证', refused: '不予登记', deemed_withdrawn: '逾期未申领，视为撤回', ended: '婚姻已终止，申请终结' };
export const partyNames: Record<string, string> = { husband: '男方', wife: '女方', both: '双方' };
export const checkNames: Record<string, string> = {
  presence: '本人到场',
  declaration: '签字声明',
  sex: '男女双方',
  age: '法定婚龄',
  alive: '人口库死亡登记',
  bigamy: '重婚核查',
  name_match: '无证号历史档案比对',
  kinship: '禁止结婚的亲属关系',
  declared_status: '声明的婚姻状况',
};
export const certificateStatus: Record<string, string> = { valid: '有效', void: '作废（法院判决）', superseded: '已补发替代' };
