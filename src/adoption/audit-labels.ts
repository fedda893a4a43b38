/** The Chinese names of this module's audit actions and objects, for the audit log (GET /labels). */
export const adoptionAuditLabels = {
  auditAction: {
    'adoption.check': '收养条件核查',
    'adoption.case.open': '受理收养登记申请',
    'adoption.case.read': '查看收养登记档案',
    'adoption.cases.list': '查看收养登记案件清单',
    'adoption.assessment.visit': '记录收养评估走访',
    'adoption.assessment.finding': '记录收养评估发现',
    'adoption.assessment.conclude': '作出收养评估结论',
    'adoption.announce': '发布查找生父母公告',
    'adoption.adoption.register': '办理收养登记',
    'adoption.adoption.dissolve': '办理解除收养关系',
    'adoption.setting.set': '修改收养登记参数',
  },
  entityType: {
    adoption_case: '收养登记案件',
    adoption_office: '收养登记机关',
    adoption_setting: '收养登记参数',
  },
};
