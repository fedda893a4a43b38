/** The Chinese names of this module's audit actions and objects, for the audit log (GET /labels). */
export const communityAuditLabels = {
  auditAction: {
    'community.worker.add': '登记社区工作者任职',
    'community.worker.end': '登记社区工作者离岗',
    'community.workers.read': '查看社区工作者名册',
    'community.division.order': '登记区划变更令',
    'community.division.import': '导入居村委会代码清单',
    'community.service_point.add': '登记社区事务受理点',
    'community.service_item.add': '受理事项目录新增事项',
    'community.service_cases.import': '导入一网通办办件批次',
    'community.service_case.record': '窗口登记办件',
    'community.service_case.finish': '办件办结',
  },
  entityType: { roster: '社区工作者名册', worker: '社区工作者', division: '区划', service_point: '受理点', service_item: '受理事项', service_batch: '办件批次', service_case: '办件' },
};
