/** 价格临时补贴 routes (issue 23): the rule and the indices with their trigger, entering a month's indices, a district's run, its Excel ledger. */
import { Type } from 'typebox';
import type { AccessTables } from '../access/index.js';
import { actorOf, bearer } from '../http/auth.js';
import { ledgerActor, ledgerErrors, LedgerFile, ledgerRouteConfig, PurposeField, sendLedger, type LedgerDefinition } from '../http/ledger-export.js';
import type { AppInstance } from '../http/types.js';
import type { AssistanceDeps } from './deps.js';
import { programmeNames } from './model.js';
import { priceLedger, priceOverview, recordPriceIndex, runPriceSubsidy, type PriceLedgerRow } from './price-subsidy.js';
import { assistanceErrors, MonthString } from './schemas.js';

const tags = ['assistance'];
const DistrictCode = Type.String({ pattern: '^\\d{6}(\\d{6})?$', description: '区级区划代码（6 位或 12 位）' });
const Permille = Type.Integer({ description: '同比涨幅，千分比整数（35 即 3.5%）' });

const IndexSchema = Type.Object({ month: Type.String(), cpiYoyPermille: Type.Integer(), foodYoyPermille: Type.Integer(), source: Type.String(), enteredBy: Type.String(), triggered: Type.Boolean(), explanation: Type.String() });
const RunSchema = Type.Object({ districtCode: Type.String(), month: Type.String(), explanation: Type.String(), amountFenPerPerson: Type.Integer(), paidCount: Type.Integer(), persons: Type.Integer(), paidTotalFen: Type.Integer() });
export const PriceOverviewSchema = Type.Object({
  rule: Type.String(),
  cpiThresholdPermille: Type.Integer(),
  foodThresholdPermille: Type.Integer(),
  amountFenPerPersonMonth: Type.Integer(),
  verified: Type.Boolean(),
  indices: Type.Array(IndexSchema),
  runs: Type.Array(RunSchema),
});

export const PRICE_LEDGER: LedgerDefinition<PriceLedgerRow> = {
  list: 'assistance.price.subsidies',
  title: '价格临时补贴发放台账',
  columns: [
    { header: '案件编号', kind: 'integer', value: (r) => r.caseId },
    { header: '申请人', value: (r) => r.applicantName },
    { header: '救助项目', width: 24, value: (r) => programmeNames[r.programme] },
    { header: '街镇区划', width: 14, value: (r) => r.streetCode },
    { header: '计发人数', kind: 'integer', value: (r) => r.persons },
    { header: '补贴金额（元）', kind: 'fen', value: (r) => r.amountFen },
  ],
  personal: true,
};

export async function priceRoutes(app: AppInstance, deps: AssistanceDeps): Promise<void> {
  const audit = deps.db.kysely.withTables<AccessTables>();
  app.get(
    '/assistance/price-subsidies',
    {
      schema: {
        tags,
        summary: '价格临时补贴：启动条件与金额（配置项）、近两年各月价格指数及是否启动、本区发放批次',
        security: bearer,
        querystring: Type.Object({ districtCode: DistrictCode }),
        response: { 200: PriceOverviewSchema, ...assistanceErrors },
      },
    },
    async (request) => priceOverview(deps, actorOf(request), request.query.districtCode),
  );
  app.post(
    '/assistance/price-indices',
    {
      schema: {
        tags,
        summary: '登记某月价格指数（居民消费价格指数与食品价格同比涨幅，千分比；已发放的月份不能更改；重复登记相同数值无变化）',
        security: bearer,
        body: Type.Object({ month: MonthString, cpiYoyPermille: Permille, foodYoyPermille: Permille, source: Type.String({ minLength: 1, maxLength: 200 }) }),
        response: { 200: IndexSchema, ...assistanceErrors },
      },
    },
    async (request) => recordPriceIndex(deps, actorOf(request), request.body),
  );
  app.post(
    '/assistance/price-subsidies/runs',
    {
      schema: {
        tags,
        summary: '按区发放某月价格临时补贴（该月指数须启动；幂等：每个案件每月只发一次）',
        security: bearer,
        body: Type.Object({ districtCode: DistrictCode, month: MonthString }),
        response: { 200: Type.Object({ ...RunSchema.properties, writtenNow: Type.Integer() }), ...assistanceErrors },
      },
    },
    async (request) => runPriceSubsidy(deps, actorOf(request), request.body.districtCode, request.body.month),
  );
  app.get(
    '/assistance/price-subsidies/runs/:month/export',
    {
      config: ledgerRouteConfig,
      schema: {
        tags,
        summary: '导出本区某月价格临时补贴发放台账（Excel；须注明用途并近期验证身份）',
        security: bearer,
        params: Type.Object({ month: MonthString }),
        querystring: Type.Object({ districtCode: DistrictCode, purpose: PurposeField }),
        response: { 200: LedgerFile, ...ledgerErrors },
      },
    },
    async (request, reply) => {
      const actor = ledgerActor(request, PRICE_LEDGER);
      const { purpose, districtCode } = request.query;
      const { run, rows } = await priceLedger(deps, actor, districtCode, request.params.month, purpose);
      return sendLedger(reply, PRICE_LEDGER, {
        db: audit,
        actor,
        purpose,
        filters: [
          { label: '区', value: run.districtCode.slice(0, 6) },
          { label: '月份', value: run.month },
          { label: '启动依据', value: run.explanation },
        ],
        rows,
      });
    },
  );
}
