/** The Chinese names of this module's audit actions and objects, for the audit log (GET /labels). */
export const communityAuditLabels = {
  auditAction: {
    'community.worker.add': '登记社区工作者任职',
    'community.worker.end': '登记社区工作者离岗',
    'community.workers.read': '查看社区工作者名册',
    'community.division.order': '登记区划变更令',
    'community.division.import': '导入居村委会代码清单',
  },
  entityType: { roster: '社区工作者名册', worker: '社区工作者', division: '区划' },
};
