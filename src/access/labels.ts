/** Chinese names of the access module's codes, sent to the web app by GET /labels (src/http/labels.ts). */
import { Type, type Static } from 'typebox';
import { LabelTable } from '../http/schemas.js';
import { roleNames, ROLES, type AuditResult } from './model.js';

const AUDIT_RESULTS = ['ok', 'denied', 'error'] as const satisfies readonly AuditResult[];
/** The `reason` that guard.ts and sessions.ts write into a refused entry's detail. */
const DENIAL_REASONS = ['jurisdiction', 'permission', 'daily_cap', 'unknown_user', 'bad_password', 'locked'] as const;

export const AccessLabelsSchema = Type.Object({
  role: LabelTable(ROLES),
  auditResult: LabelTable(AUDIT_RESULTS),
  denialReason: LabelTable(DENIAL_REASONS),
  auditAction: LabelTable(),
  entityType: LabelTable(),
});

export const accessLabels = {
  role: roleNames,
  auditResult: { ok: '成功', denied: '拒绝', error: '出错' },
  denialReason: { jurisdiction: '超出辖区', permission: '角色无此权限', daily_cap: '超过每日查看上限', unknown_user: '用户名不存在', bad_password: '密码错误', locked: '账户已锁定' },
  auditAction: {
    'auth.login': '登录',
    'auth.logout': '注销',
    'access.user.create': '新建用户',
    'access.user.unlock': '解除账户锁定',
    'access.user.grant': '修改用户角色与辖区',
    'access.user.disable': '停用账户',
    'access.user.enable': '启用账户',
    'access.user.sessions.end': '结束用户全部会话',
    'access.user.password.reset': '重置用户密码',
    'access.grant.request': '申请特权授权',
    'access.grant.approve': '批准特权授权',
    'access.grant.reject': '驳回特权授权',
    'audit.read': '查看审计日志',
    'audit.verify': '校验审计日志',
    'audit.anchor': '签发审计锚点',
    'audit.archive': '归档审计月分区',
    'keys.rotate': '密钥轮换（重新加密）',
    'audit.alerts': '查看异常访问告警',
    'security.alert': '异常访问告警',
    'http.validation_failed': '请求参数不合法',
    'audit.subjects': '查找被查看人',
    'ledger.export': '导出台账',
  },
  entityType: { user: '用户', role_grant: '特权授权', ledger: '台账', person_batch: '批量人员' },
} satisfies Static<typeof AccessLabelsSchema>;
