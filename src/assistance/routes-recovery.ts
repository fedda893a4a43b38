/** 补发与追缴 routes (issue 23): the case's ledger with a preview before the click, its Excel export. The actions are in routes.ts. */
import { Type } from 'typebox';
import type { AccessTables } from '../access/index.js';
import { bearer, actorOf } from '../http/auth.js';
import { ledgerActor, ledgerErrors, LedgerFile, ledgerRouteConfig, PurposeField, sendLedger, type LedgerDefinition } from '../http/ledger-export.js';
import type { AppInstance } from '../http/types.js';
import type { AssistanceDeps } from './deps.js';
import { caseAdjustments } from './recovery.js';
import { assistanceErrors, IdParams, MonthString } from './schemas.js';

const tags = ['assistance'];
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Kind = Type.Union([Type.Literal('back_pay'), Type.Literal('overpayment')]);
const Line = Type.Object({ month: Type.String(), kind: Kind, amountFen: Type.Integer(), dueFen: Type.Integer(), paidFen: Type.Integer() });

export const AdjustmentLedgerSchema = Type.Object({
  caseId: Type.Integer(),
  applicantName: Type.String(),
  lines: Type.Array(Type.Object({ ...Line.properties, actionSeq: Type.Integer(), settledMonth: Nullable(Type.String()) })),
  recoveries: Type.Array(
    Type.Object({
      kind: Type.Union([Type.Literal('deduction'), Type.Literal('repayment'), Type.Literal('write_off')]),
      amountFen: Type.Integer(),
      month: Nullable(Type.String()),
      receiptNo: Nullable(Type.String()),
      onDate: Type.String(),
      actionSeq: Nullable(Type.Integer()),
    }),
  ),
  backPayFen: Type.Integer(),
  backPayPaidFen: Type.Integer(),
  overpaidFen: Type.Integer(),
  deductedFen: Type.Integer(),
  repaidFen: Type.Integer(),
  writtenOffFen: Type.Integer(),
  balanceFen: Type.Integer(),
  deductionPermille: Type.Integer(),
  rule: Type.String(),
  deductionRule: Type.String(),
  preview: Nullable(Type.Object({ fromMonth: Type.String(), lines: Type.Array(Line) })),
});

interface LedgerRow {
  month: string;
  kind: string;
  dueFen: number | null;
  paidFen: number | null;
  amountFen: number;
  state: string;
  onDate: string | null;
}

const RECOVERY_NAMES = { deduction: '从发放中抵扣', repayment: '本人退回', write_off: '审批核销' } as const;

export const ADJUSTMENTS_LEDGER: LedgerDefinition<LedgerRow> = {
  list: 'assistance.case.adjustments',
  title: '补发与追缴台账',
  columns: [
    { header: '所属月份', value: (r) => r.month },
    { header: '类别', value: (r) => r.kind },
    { header: '应发（元）', kind: 'fen', value: (r) => r.dueFen },
    { header: '已发（元）', kind: 'fen', value: (r) => r.paidFen },
    { header: '金额（元）', kind: 'fen', value: (r) => r.amountFen },
    { header: '处理情况', width: 30, value: (r) => r.state },
    { header: '日期', kind: 'date', value: (r) => r.onDate },
  ],
  personal: true,
};

export async function recoveryRoutes(app: AppInstance, deps: AssistanceDeps): Promise<void> {
  const audit = deps.db.kysely.withTables<AccessTables>();
  app.get(
    '/assistance/cases/:id/adjustments',
    {
      schema: {
        tags,
        summary: '案件的补发与追缴：逐月的补发、多发，抵扣、退回与核销，待追回余额；带 fromMonth 时预览自该月起追溯调整将产生的明细（不写入）',
        security: bearer,
        params: IdParams,
        querystring: Type.Object({ fromMonth: Type.Optional(MonthString) }),
        response: { 200: AdjustmentLedgerSchema, ...assistanceErrors },
      },
    },
    async (request) => caseAdjustments(deps, actorOf(request), request.params.id, request.query),
  );

  app.get(
    '/assistance/cases/:id/adjustments/export',
    {
      config: ledgerRouteConfig,
      schema: {
        tags,
        summary: '导出案件的补发与追缴台账（Excel；须注明用途并近期验证身份）',
        security: bearer,
        params: IdParams,
        querystring: Type.Object({ purpose: PurposeField }),
        response: { 200: LedgerFile, ...ledgerErrors },
      },
    },
    async (request, reply) => {
      const actor = ledgerActor(request, ADJUSTMENTS_LEDGER);
      const { purpose } = request.query;
      const ledger = await caseAdjustments(deps, actor, request.params.id, {}, 'assistance.case.adjustments.export');
      const rows: LedgerRow[] = [
        ...ledger.lines.map((l) => ({
          month: l.month,
          kind: l.kind === 'back_pay' ? '补发' : '多发（应追回）',
          dueFen: l.dueFen,
          paidFen: l.paidFen,
          amountFen: l.amountFen,
          state: l.kind === 'back_pay' ? (l.settledMonth ? `已随 ${l.settledMonth} 救助金发放` : '待随下月救助金发放') : '计入待追回余额',
          onDate: null,
        })),
        ...ledger.recoveries.map((r) => ({ month: r.month ?? '', kind: RECOVERY_NAMES[r.kind], dueFen: null, paidFen: null, amountFen: r.amountFen, state: r.receiptNo ? `收据 ${r.receiptNo}` : '', onDate: r.onDate })),
        { month: '合计', kind: '待追回余额', dueFen: null, paidFen: null, amountFen: ledger.balanceFen, state: `补发 ${ledger.backPayFen / 100} 元；多发 ${ledger.overpaidFen / 100} 元`, onDate: null },
      ];
      return sendLedger(reply, ADJUSTMENTS_LEDGER, { db: audit, actor, purpose, filters: [{ label: '案件', value: `${ledger.caseId}（${ledger.applicantName}）` }], rows });
    },
  );
}
