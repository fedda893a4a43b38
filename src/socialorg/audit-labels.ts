/** The Chinese names of this module's audit actions and objects, for the audit log (GET /labels). */
export const socialorgAuditLabels = {
  auditAction: {
    'socialorg.credit.remove': '移出信用名录',
    'socialorg.credit.run': '列入活动异常名录（年度批量）',
    'socialorg.grade.expiry': '等级评估到期处理',
    'socialorg.grade.record': '登记评估等级',
    'socialorg.grading.eligibility': '查看评估申报条件',
    'socialorg.liquidate': '社会组织清算',
    'socialorg.name.approve': '社会组织名称核准',
    'socialorg.organisation.read': '查看社会组织档案',
    'socialorg.report.conclude': '年度检查结论',
    'socialorg.report.file': '报送年度工作报告',
    'socialorg.report.run': '年度检查批量处理',
    'socialorg.setting.set': '修改社会组织参数',
    'socialorg.spending.check': '慈善组织年度支出核查',
  },
  entityType: {
    socialorg: '社会组织',
    socialorg_annual_run: '年度检查批次',
    socialorg_grades: '评估等级',
    socialorg_list: '信用名录',
    socialorg_list_entry: '信用名录记录',
    socialorg_setting: '社会组织参数',
  },
};
