/** HTTP routes of 康复辅具社区租赁 under /eldercare/rentals: renting and returning devices, the list, the catalogue, street coverage. */
import { Type } from 'typebox';
import type { AppInstance } from '../http/types.js';
import { actorOf, bearer } from '../http/auth.js';
import type { EldercareDeps } from './deps.js';
import { listRentals, rentalCoverage, rentDevice, returnDevice } from './rentals.js';
import { rentalCatalogue } from './rental-catalogue.js';
import { DateString, DivisionQuery, eldercareErrors, tags } from './schemas.js';
import type { AccessTables } from '../access/index.js';
import { ledgerActor, ledgerErrors, LedgerFile, ledgerRouteConfig, pagesOf, PurposeField, sendLedger, type LedgerDefinition } from '../http/ledger-export.js';
import type { RentalView } from './rentals.js';
import { scopeFilter } from './routes-ledgers.js';

const RENTALS: LedgerDefinition<RentalView> = {
  list: 'eldercare.rentals',
  title: '康复辅具租赁台账',
  personal: true,
  columns: [
    { header: '租赁编号', kind: 'integer', value: (r) => r.id },
    { header: '姓名', value: (r) => r.personName },
    { header: '租赁点', width: 28, value: (r) => r.pointName },
    { header: '辅具', width: 18, value: (r) => r.deviceName },
    { header: '开始日期', kind: 'date', value: (r) => r.startedOn },
    { header: '归还日期', kind: 'date', value: (r) => r.returnedOn },
    { header: '月租金（元）', kind: 'fen', value: (r) => r.monthlyRentFen },
    { header: '补贴比例（%）', kind: 'integer', value: (r) => r.subsidyPercent },
    { header: '月补贴（元）', kind: 'fen', value: (r) => r.monthlySubsidyFen },
    { header: '本人月付（元）', kind: 'fen', value: (r) => r.monthlyPaidFen },
    { header: '补贴类别', width: 22, value: (r) => r.subsidyGroupName ?? '不补贴' },
  ],
};
import { CatalogueSchema, CoverageSchema, RentalRecordedSchema, RentalSchema, RentBody } from './schemas-rentals.js';

export async function rentalRoutes(app: AppInstance, deps: EldercareDeps): Promise<void> {
  app.post(
    '/eldercare/rentals',
    {
      schema: {
        tags,
        summary: '登记康复辅具租赁（按租赁开始当日的目录租金和补贴比例核定；同一人同一辅具未归还前重复提交返回首次记录）',
        security: bearer,
        body: RentBody,
        response: { 200: RentalRecordedSchema, ...eldercareErrors },
      },
    },
    async (request) => rentDevice(deps, actorOf(request), request.body),
  );

  app.post(
    '/eldercare/rentals/:id/return',
    {
      schema: {
        tags,
        summary: '登记辅具归还',
        security: bearer,
        params: Type.Object({ id: Type.Integer({ minimum: 1 }) }),
        body: Type.Object({ returnedOn: DateString }, { additionalProperties: false }),
        response: { 200: RentalSchema, ...eldercareErrors },
      },
    },
    async (request) => returnDevice(deps, actorOf(request), request.params.id, request.body),
  );

  app.get(
    '/eldercare/rentals',
    {
      schema: {
        tags,
        summary: '辅具租赁台账（按租赁点所在地；个人信息，查询留痕）',
        security: bearer,
        querystring: Type.Object({
          divisionCode: DivisionQuery,
          pointId: Type.Optional(Type.Integer({ minimum: 1 })),
          open: Type.Optional(Type.Boolean({ description: 'true 在租；false 已归还' })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
          offset: Type.Optional(Type.Integer({ minimum: 0 })),
        }),
        response: { 200: Type.Object({ items: Type.Array(RentalSchema), total: Type.Integer(), limit: Type.Integer(), offset: Type.Integer() }), ...eldercareErrors },
      },
    },
    async (request) => listRentals(deps, actorOf(request), request.query),
  );

  app.get(
    '/eldercare/rentals/export',
    {
      config: ledgerRouteConfig,
      schema: {
        tags,
        summary: `导出${RENTALS.title}（Excel；筛选与辖区同列表；含个人信息，须注明用途并近期验证身份，导出记入审计、按人限次）`,
        security: bearer,
        querystring: Type.Object({ divisionCode: DivisionQuery, open: Type.Optional(Type.Boolean()), purpose: PurposeField }),
        response: { 200: LedgerFile, ...ledgerErrors },
      },
    },
    async (request, reply) => {
      const actor = ledgerActor(request, RENTALS);
      const { purpose, divisionCode, open } = request.query;
      const query = { divisionCode, open, limit: 500 };
      const first = await listRentals(deps, actor, { ...query, offset: 0 });
      const rows = pagesOf<RentalView, number>(undefined, async (offset) => {
        const page = offset === undefined ? first : await listRentals(deps, actor, { ...query, offset });
        const reached = (offset ?? 0) + page.items.length;
        return { items: page.items, next: reached < page.total ? reached : null };
      });
      const filters = [...(await scopeFilter(deps, divisionCode)), { label: '状态', value: open === true ? '在租' : open === false ? '已归还' : '全部' }];
      return sendLedger(reply, RENTALS, { db: deps.db.kysely.withTables<AccessTables>(), actor, purpose, filters, rows });
    },
  );

  app.get(
    '/eldercare/rentals/catalogue',
    {
      schema: {
        tags,
        summary: '某日的康复辅具租赁目录（月租金）与各类对象的补贴比例，含参数来源',
        security: bearer,
        querystring: Type.Object({ on: Type.Optional(DateString) }),
        response: { 200: CatalogueSchema, ...eldercareErrors },
      },
    },
    async (request) => rentalCatalogue(deps, actorOf(request), request.query.on),
  );

  app.get(
    '/eldercare/rentals/coverage',
    {
      schema: {
        tags,
        summary: '康复辅具社区租赁实体点街镇覆盖率（规划指标 8）：有开放租赁点的街镇数 / 街镇总数，按区分列，列出未覆盖街镇',
        security: bearer,
        querystring: Type.Object({ divisionCode: DivisionQuery, on: Type.Optional(DateString) }),
        response: { 200: CoverageSchema, ...eldercareErrors },
      },
    },
    async (request) => rentalCoverage(deps, actorOf(request), request.query),
  );
}
