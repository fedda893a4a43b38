/** 基层治理 over HTTP: the 社区工作者 roster (personal data: community.read, audited) and its figures (stats.read). */
import { Type } from 'typebox';
import type { AccessTables } from '../access/index.js';
import type { AppContext } from '../context.js';
import { actorOf, bearer } from '../http/auth.js';
import { ledgerActor, ledgerErrors, LedgerFile, ledgerRouteConfig, PurposeField, sendLedger, type LedgerDefinition } from '../http/ledger-export.js';
import { errorResponses } from '../http/schemas.js';
import type { AppInstance } from '../http/types.js';
import { IdVault } from '../registry/index.js';
import { CERTIFICATES, EDUCATIONS } from './model.js';
import { burdenRoutes } from './routes-burden.js';
import { divisionRoutes } from './routes-divisions.js';
import { serviceRoutes } from './routes-services.js';
import { addWorker, endWorker, listWorkers, rosterFigures, type CommunityDeps, type WorkerView } from './roster.js';

const tags = ['基层治理'];
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const DateText = Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' });
const Division = Type.Optional(Type.String({ pattern: '^[0-9]{12}$', description: '辖区内某区、街镇或居村委会的 12 位代码' }));
const OnQuery = Type.Optional(Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', description: '截至日期，默认今天' }));
const Education = Type.Unsafe<(typeof EDUCATIONS)[number]>({ type: 'string', enum: [...EDUCATIONS], description: 'secondary 高中/中专及以下、college 大专、bachelor 本科、postgraduate 研究生' });
const Certificate = Type.Unsafe<(typeof CERTIFICATES)[number]>({ type: 'string', enum: [...CERTIFICATES], description: '社会工作者职业水平证书：none 无、assistant 助理社会工作师、social_worker 社会工作师、senior 高级社会工作师' });

export const WorkerSchema = Type.Object(
  {
    id: Type.Integer(),
    personId: Type.Integer(),
    personName: Type.String(),
    streetCode: Type.String(),
    streetName: Type.String(),
    committeeCode: Nullable(Type.String()),
    committeeName: Nullable(Type.String()),
    post: Type.String(),
    startOn: DateText,
    endOn: Nullable(DateText),
    education: Education,
    educationName: Type.String(),
    certificate: Certificate,
    certificateName: Type.String(),
    age: Type.Integer(),
  },
  { $id: 'CommunityWorker' },
);
const Staffing = Type.Object({
  committeeCode: Type.String(),
  committeeName: Type.String(),
  households: Type.Integer(),
  workers: Type.Integer(),
  householdsPerWorker: Nullable(Type.Number()),
  required: Type.Integer({ description: '按额度应配人数 = ⌈户数 ÷ 额度⌉' }),
  understaffed: Type.Boolean(),
});
export const RosterFiguresSchema = Type.Object({
  on: DateText,
  scope: Type.String(),
  headcount: Type.Integer(),
  certified: Type.Integer(),
  certifiedPercent: Type.Number({ description: '持证率（%）＝持社会工作者职业水平证书人数 ÷ 在岗人数' }),
  averageAge: Nullable(Type.Number()),
  collegeOrAbovePercent: Type.Number(),
  byCertificate: Type.Record(Type.String(), Type.Integer()),
  quota: Type.Object({ householdsPerWorker: Type.Integer(), verified: Type.Boolean(), source: Type.String() }),
  committees: Type.Array(Staffing),
  understaffed: Type.Array(Staffing),
});
export const WorkerListSchema = Type.Object({ on: DateText, items: Type.Array(WorkerSchema), next: Nullable(Type.String({ description: '下一页的翻页位置（after），没有下一页时为 null' })) });
const NewWorkerSchema = Type.Object({
  personId: Type.Integer({ minimum: 1 }),
  divisionCode: Type.String({ maxLength: 20, description: '居（村）委会或街镇 12 位代码' }),
  post: Type.String({ maxLength: 50 }),
  startOn: Type.String({ maxLength: 10 }),
  endOn: Type.Optional(Nullable(Type.String({ maxLength: 10 }))),
  education: Education,
  certificate: Type.Optional(Certificate),
});

const ROSTER: LedgerDefinition<WorkerView> = {
  list: 'community.workers',
  title: '社区工作者名册',
  personal: true,
  columns: [
    { header: '姓名', value: (r) => r.personName },
    { header: '街镇', width: 18, value: (r) => r.streetName },
    { header: '居村委会', width: 20, value: (r) => r.committeeName ?? '（街镇）' },
    { header: '岗位', width: 16, value: (r) => r.post },
    { header: '到岗日期', kind: 'date', value: (r) => r.startOn },
    { header: '离岗日期', kind: 'date', value: (r) => r.endOn },
    { header: '学历', value: (r) => r.educationName },
    { header: '社会工作者职业水平证书', width: 24, value: (r) => r.certificateName },
    { header: '年龄', kind: 'integer', value: (r) => r.age },
  ],
};

export async function communityRoutes(app: AppInstance, ctx: AppContext): Promise<void> {
  const deps: CommunityDeps = { db: ctx.db, vault: new IdVault(ctx.config.secretKey), now: () => new Date() };
  divisionRoutes(app, ctx, deps);
  serviceRoutes(app, ctx, deps);
  burdenRoutes(app, deps);
  app.get(
    '/community/workers',
    {
      schema: {
        tags,
        summary: '社区工作者名册（辖区内，某日在岗；all=true 含全部任职记录）',
        security: bearer,
        querystring: Type.Object({
          division: Division,
          on: OnQuery,
          all: Type.Optional(Type.Boolean()),
          after: Type.Optional(Type.String({ maxLength: 40, description: '上一页返回的 next' })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, description: '每页条数；不填则返回全部' })),
        }),
        response: { 200: WorkerListSchema, ...errorResponses },
      },
    },
    async (request) => listWorkers(deps, actorOf(request), { divisionCode: request.query.division, on: request.query.on, all: request.query.all, after: request.query.after, limit: request.query.limit }),
  );
  app.post('/community/workers', { schema: { tags, summary: '登记社区工作者任职（同一人任职期间不得重叠）', security: bearer, body: NewWorkerSchema, response: { 201: WorkerSchema, ...errorResponses } } }, async (request, reply) =>
    reply.status(201).send(await addWorker(deps, actorOf(request), request.body)),
  );
  app.post(
    '/community/workers/:id/end',
    {
      schema: {
        tags,
        summary: '登记离岗（离岗日期为最后在岗日）',
        security: bearer,
        params: Type.Object({ id: Type.Integer({ minimum: 1 }) }),
        body: Type.Object({ endOn: Type.String({ maxLength: 10 }) }),
        response: { 200: WorkerSchema, ...errorResponses },
      },
    },
    async (request) => endWorker(deps, actorOf(request), request.params.id, request.body.endOn),
  );
  app.get(
    '/community/workers/figures',
    {
      schema: {
        tags,
        summary: '社区工作者统计：人数、持证率、年龄、学历，各居村户数与配备额度（缺员清单）',
        security: bearer,
        querystring: Type.Object({ division: Division, on: OnQuery }),
        response: { 200: RosterFiguresSchema, ...errorResponses },
      },
    },
    async (request) => rosterFigures(deps, actorOf(request), { divisionCode: request.query.division, on: request.query.on }),
  );
  app.get(
    '/community/workers/export',
    {
      config: ledgerRouteConfig,
      schema: {
        tags,
        summary: '导出社区工作者名册（Excel；含个人信息，须注明用途并近期验证身份）',
        security: bearer,
        querystring: Type.Object({ division: Division, on: OnQuery, purpose: PurposeField }),
        response: { 200: LedgerFile, ...ledgerErrors },
      },
    },
    async (request, reply) => {
      const actor = ledgerActor(request, ROSTER);
      const list = await listWorkers(deps, actor, { divisionCode: request.query.division, on: request.query.on });
      return sendLedger(reply, ROSTER, { db: ctx.db.kysely.withTables<AccessTables>(), actor, purpose: request.query.purpose, filters: [{ label: '在岗日期', value: list.on }], rows: list.items });
    },
  );
}
