/** The Chinese names of this module's audit actions and objects, for the audit log (GET /labels). */
export const residentsAuditLabels = {
  auditAction: {
    'resident.login': '居民登录',
    'resident.entitlements.read': '居民查看可享受的待遇',
    'residents.file.download': '下载居民上传的材料',
    'residents.objection.answer': '答复居民异议',
    'residents.objection.read': '查看居民异议',
    'residents.objections.list': '查看居民异议台账',
  },
  entityType: { resident: '居民', resident_file: '居民上传的材料', resident_objection: '居民异议' },
};
