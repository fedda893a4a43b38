/** The audit log for auditors: filters in their words (actions, object types, Shanghai dates), "who read this person", and its Excel ledger. */
import { sql, type Kysely } from 'kysely';
import { Type, type Static } from 'typebox';
import type { AppContext } from '../context.js';
import { actorOf, bearer } from '../http/auth.js';
import { ledgerActor, ledgerErrors, LedgerFile, ledgerRouteConfig, PurposeField, sendLedger, type LedgerDefinition, type LedgerFilter } from '../http/ledger-export.js';
import { auditNames } from '../http/labels.js';
import { errorResponses } from '../http/schemas.js';
import type { AppInstance } from '../http/types.js';
import { addDays, forbidden, invalid, isValidDate } from '../kernel/index.js';
import { appendAudit } from './audit.js';
import { describeObjects, findAuditSubjects, objectsOfPerson, type AuditObjects } from './audit-subjects.js';
import { accessLabels } from './labels.js';
import { roleNames, type AccessTables, type Actor, type Role } from './model.js';
import { hasPermission } from './permissions.js';
import { AuditPageSchema, AuditSubjectSchema } from './schemas.js';

/**
 * Modules act as `system:<module>` accounts that have no user row, so their entries would show a login name where
 * auditors read a person's name; unknown system accounts still read as 系统.
 */
const SYSTEM_MODULE_NAMES: Record<string, string> = {
  adoption: '收养登记',
  assistance: '社会救助',
  children: '儿童福利',
  community: '基层治理',
  demo: '演示数据',
  eldercare: '养老服务',
  funeral: '殡葬服务',
  indicators: '规划指标',
  marriage: '婚姻登记',
  monitoring: '动态监测',
  'open-data': '公开数据',
  registry: '人口库',
  residents: '居民端',
  socialorg: '社会组织',
};

function systemActorName(username: string | null): string | null {
  if (!username?.startsWith('system:')) return null;
  const name = SYSTEM_MODULE_NAMES[username.slice('system:'.length)];
  return name ? `${name}（系统）` : '系统';
}

const DateText = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: '日期 YYYY-MM-DD（北京时间）' });

const AuditFilterFields = {
  entityType: Type.Optional(Type.String({ maxLength: 100 })),
  entityId: Type.Optional(Type.String({ maxLength: 100 })),
  actor: Type.Optional(Type.String({ maxLength: 100 })),
  result: Type.Optional(Type.Union([Type.Literal('ok'), Type.Literal('denied'), Type.Literal('error')])),
  action: Type.Optional(Type.String({ maxLength: 100 })),
  from: Type.Optional(Type.String({ format: 'date-time', description: '起始时刻（含），ISO 8601' })),
  fromDate: Type.Optional(DateText),
  toDate: Type.Optional(Type.String({ ...DateText, description: '截止日期（含当日），北京时间' })),
  personId: Type.Optional(Type.Integer({ minimum: 1, description: '只看读取过此人信息的记录：直接读取此人，或读取其所在家庭、其案件' })),
};
const AuditQuery = Type.Object({ ...AuditFilterFields, beforeId: Type.Optional(Type.Integer({ minimum: 1 })), limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }) });
type AuditFilter = Omit<Static<typeof AuditQuery>, 'beforeId' | 'limit'>;

/** Midnight in Shanghai (UTC+8, no daylight saving) of a calendar date. */
const shanghaiMidnight = (date: string) => new Date(`${date}T00:00:00+08:00`);

/** Entries on any of the objects, or reads of many persons whose entry names the person (batch reads, lists). */
async function filtered(ctx: AppContext, db: Kysely<AccessTables>, q: AuditFilter) {
  for (const date of [q.fromDate, q.toDate]) if (date !== undefined && !isValidDate(date)) throw invalid('AUDIT_INVALID_DATE', `日期无效：${date}`);
  if (q.fromDate && q.toDate && q.fromDate > q.toDate) throw invalid('AUDIT_INVALID_RANGE', '起始日期不能晚于截止日期');
  let query = db.selectFrom('access.audit_log as a').leftJoin('access.users as u', 'u.id', 'a.actor_id').selectAll('a').select('u.display_name as actor_display_name');
  if (q.entityType) query = query.where('a.entity_type', '=', q.entityType);
  if (q.entityId) query = query.where('a.entity_id', '=', q.entityId);
  if (q.actor) query = query.where('a.actor_username', '=', q.actor);
  if (q.result) query = query.where('a.result', '=', q.result);
  if (q.action) query = query.where('a.action', '=', q.action);
  if (q.from) query = query.where('a.at', '>=', new Date(q.from));
  if (q.fromDate) query = query.where('a.at', '>=', shanghaiMidnight(q.fromDate));
  if (q.toDate) query = query.where('a.at', '<', shanghaiMidnight(addDays(q.toDate, 1)));
  let objects: AuditObjects[] = [];
  if (q.personId !== undefined) {
    const personId = q.personId;
    objects = await objectsOfPerson(ctx, personId);
    query = query.where((eb) =>
      eb.or([
        ...objects.map((o) => eb.and([eb('a.entity_type', '=', o.entityType), eb('a.entity_id', 'in', o.ids)])),
        eb.and([eb('a.entity_type', '=', 'person_batch'), sql<boolean>`a.detail -> 'ids' @> ${JSON.stringify([personId])}::jsonb`]),
        // Lists that name the persons they showed (an institution's residents, the assessments falling due).
        eb.and([eb('a.entity_type', 'in', ['facility', 'division']), sql<boolean>`a.detail -> 'persons' @> ${JSON.stringify([personId])}::jsonb`]),
      ]),
    );
  }
  return query;
}

type Row = Awaited<ReturnType<Awaited<ReturnType<typeof filtered>>['execute']>>[number];

async function toItems(ctx: AppContext, rows: Row[]) {
  const byType = new Map<string, Set<string>>();
  for (const r of rows) if (r.entity_type && r.entity_id) byType.set(r.entity_type, (byType.get(r.entity_type) ?? new Set()).add(r.entity_id));
  const names = await describeObjects(
    ctx,
    [...byType].map(([entityType, ids]) => ({ entityType, ids: [...ids] })),
  );
  return rows.map((r) => ({
    id: r.id,
    at: r.at.toISOString(),
    actorUsername: r.actor_username,
    actorDisplayName: r.actor_display_name ?? systemActorName(r.actor_username),
    actorRole: r.actor_role,
    action: r.action,
    entityType: r.entity_type,
    entityId: r.entity_id,
    entityLabel: (r.entity_type && r.entity_id && names.get(`${r.entity_type}:${r.entity_id}`)) || null,
    purpose: r.purpose,
    result: r.result,
    detail: r.detail,
    sourceIp: r.source_ip,
    requestId: r.request_id,
    userAgent: r.user_agent,
    hash: r.hash,
  }));
}

type Item = Awaited<ReturnType<typeof toItems>>[number];

const labelOf = (table: Record<string, string>, code: string | null) => (code === null ? null : (table[code] ?? code));

/** The audit log's ledger: every column in words, the object by name; the hash is kept so a printed line can be checked. */
export function auditLedger(actionNames: Record<string, string>, entityNames: Record<string, string>): LedgerDefinition<Item> {
  return {
    list: 'access.audit_log',
    title: '审计日志台账',
    personal: true,
    columns: [
      { header: '编号', kind: 'integer', value: (r) => r.id },
      { header: '时间（北京时间）', kind: 'datetime', width: 18, value: (r) => r.at },
      { header: '操作人', value: (r) => r.actorDisplayName ?? r.actorUsername },
      { header: '登录名', value: (r) => r.actorUsername },
      { header: '角色', value: (r) => labelOf(roleNames as Record<string, string>, r.actorRole) },
      { header: '操作', width: 20, value: (r) => labelOf(actionNames, r.action) },
      { header: '对象类型', value: (r) => labelOf(entityNames, r.entityType) },
      { header: '对象编号', value: (r) => r.entityId },
      { header: '对象', value: (r) => r.entityLabel },
      { header: '用途', width: 24, value: (r) => r.purpose },
      { header: '结果', value: (r) => labelOf(accessLabels.auditResult, r.result) },
      { header: '来源地址', value: (r) => r.sourceIp },
      { header: '哈希', width: 30, value: (r) => r.hash },
    ],
  };
}

export async function auditLogRoutes(app: AppInstance, ctx: AppContext): Promise<void> {
  const db = ctx.db.kysely.withTables<AccessTables>();

  app.get(
    '/audit',
    { schema: { tags: ['audit'], summary: '审计日志查询（仅审计员；可按操作、对象类型、日期、被查看人筛选）', security: bearer, querystring: AuditQuery, response: { 200: AuditPageSchema, ...errorResponses } } },
    async (request) => {
      const actor = actorOf(request);
      const { beforeId, limit, ...filter } = request.query;
      await requireAuditor(db, actor, 'audit.read', filter.personId === undefined ? undefined : { personId: filter.personId });
      let query = (await filtered(ctx, db, filter)).orderBy('a.id', 'desc').limit(limit);
      if (beforeId) query = query.where('a.id', '<', beforeId);
      const rows = await query.execute();
      return { items: await toItems(ctx, rows), nextBeforeId: rows.length === limit ? rows[rows.length - 1].id : null };
    },
  );

  app.get(
    '/audit/subjects',
    {
      schema: {
        tags: ['audit'],
        summary: '按姓名或身份证号查找被查看人（仅审计员；用于查询「谁查看过此人的信息」，证件号脱敏显示）',
        security: bearer,
        querystring: Type.Object({ q: Type.String({ minLength: 1, maxLength: 50 }) }),
        response: { 200: Type.Array(AuditSubjectSchema), ...errorResponses },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      await requireAuditor(db, actor, 'audit.subjects');
      return findAuditSubjects(ctx, request.query.q.trim());
    },
  );

  app.get(
    '/audit/export',
    {
      config: ledgerRouteConfig,
      schema: {
        tags: ['audit'],
        summary: '导出审计日志台账（Excel，仅审计员；筛选同查询；须注明用途并近期验证身份）',
        security: bearer,
        querystring: Type.Object({ ...AuditFilterFields, purpose: PurposeField }),
        response: { 200: LedgerFile, ...ledgerErrors },
      },
    },
    async (request, reply) => {
      const names = auditNames();
      const definition = auditLedger(names.auditAction, names.entityType);
      const actor = ledgerActor(request, definition);
      const { purpose, ...filter } = request.query;
      await requireAuditor(db, actor, 'audit.read', { export: true });
      const base = await filtered(ctx, db, filter);
      const MAX = 100_000;
      async function* rows() {
        let beforeId: number | undefined;
        for (let seen = 0; seen < MAX; ) {
          let page = base.orderBy('a.id', 'desc').limit(1000);
          if (beforeId !== undefined) page = page.where('a.id', '<', beforeId);
          const found = await page.execute();
          if (found.length === 0) return;
          yield await toItems(ctx, found);
          seen += found.length;
          beforeId = found[found.length - 1].id;
        }
      }
      return sendLedger(reply, definition, { db, actor, purpose, filters: await auditFilterWords(ctx, filter, names), rows: rows() });
    },
  );
}

async function auditFilterWords(ctx: AppContext, q: AuditFilter, names: { auditAction: Record<string, string>; entityType: Record<string, string> }): Promise<LedgerFilter[]> {
  const out: LedgerFilter[] = [];
  if (q.personId !== undefined) {
    const person = await describeObjects(ctx, [{ entityType: 'person', ids: [String(q.personId)] }]);
    out.push({ label: '被查看人', value: person.get(`person:${q.personId}`) ?? `编号 ${q.personId}` });
  }
  if (q.action) out.push({ label: '操作', value: names.auditAction[q.action] ?? q.action });
  if (q.entityType) out.push({ label: '对象类型', value: names.entityType[q.entityType] ?? q.entityType });
  if (q.entityId) out.push({ label: '对象编号', value: q.entityId });
  if (q.actor) out.push({ label: '操作人登录名', value: q.actor });
  if (q.result) out.push({ label: '结果', value: accessLabels.auditResult[q.result] });
  if (q.fromDate) out.push({ label: '起始日期', value: q.fromDate });
  if (q.toDate) out.push({ label: '截止日期', value: q.toDate });
  if (q.from) out.push({ label: '起始时刻', value: q.from });
  return out;
}

/** Reading the audit log is itself audited, and refusals too (a city admin trying is worth knowing about). */
export async function requireAuditor(db: Kysely<AccessTables>, actor: Actor, action: string, detail?: Record<string, unknown>) {
  if (!hasPermission(actor.role as Role, 'audit.read')) {
    await appendAudit(db, { actor, action, result: 'denied', detail: { ...detail, reason: 'permission' } });
    throw forbidden('ACCESS_PERMISSION_DENIED', '仅审计员可查看审计日志');
  }
  await appendAudit(db, { actor, action, result: 'ok', detail });
}
