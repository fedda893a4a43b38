/** The Chinese names of this module's audit actions and objects, for the audit log (GET /labels). */
export const funeralAuditLabels = {
  auditAction: {
    'funeral.cremation.record': '登记火化',
    'funeral.death.notice': '登记死亡通报',
    'funeral.death.read': '查看身故一件事',
    'funeral.deaths.list': '查看身故一件事清单',
    'funeral.figures.read': '查看殡葬统计',
    'funeral.item.tick': '勾选办理事项',
    'funeral.subsidies.bank_file': '生成殡葬补贴银行代发文件',
    'funeral.subsidies.list': '查看殡葬补贴台账',
    'funeral.subsidy.apply': '受理殡葬补贴申请',
    'funeral.unit.create': '登记殡葬服务单位',
    'funeral.units.list': '查看殡葬服务单位',
  },
  entityType: { death: '身故一件事', death_list: '身故一件事清单', figures: '统计', funeral_unit: '殡葬服务单位', funeral_unit_list: '殡葬服务单位名录', subsidy_batch: '殡葬补贴代发批次', subsidy_list: '殡葬补贴台账' },
};
