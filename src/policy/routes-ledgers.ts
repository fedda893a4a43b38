/** The screening households as an Excel ledger (筛查结果台账): the drill list's filters and jurisdiction, through the shared writer. */
import { Type } from 'typebox';
import type { AccessTables } from '../access/index.js';
import type { AppInstance } from '../http/types.js';
import { bearer } from '../http/auth.js';
import { ledgerActor, ledgerErrors, LedgerFile, ledgerRouteConfig, pagesOf, PurposeField, sendLedger, type LedgerDefinition, type LedgerFilter } from '../http/ledger-export.js';
import { policyLabels } from './labels.js';
import { screenHouseholds, type DrillHousehold } from './screen-drill.js';
import type { PolicyContext } from './store-model.js';

const programmeName = (code: string): string => (policyLabels.programme as Record<string, string>)[code] ?? code;

/** Household ids and eligibility are personal data even with the head's name masked: a purpose and a step-up are asked. */
export const SCREEN_HOUSEHOLDS_LEDGER: LedgerDefinition<DrillHousehold> = {
  list: 'policy.screen.households',
  title: '筛查结果台账',
  columns: [
    { header: '家庭户编号', kind: 'integer', value: (h) => h.householdId },
    { header: '户主（脱敏）', value: (h) => h.headName ?? '无在册成员' },
    { header: '居委会区划', width: 14, value: (h) => h.divisionCode },
    { header: '符合的项目', width: 40, value: (h) => h.programmes.map(programmeName).join('、') },
    { header: '测算月金额（元）', kind: 'fen', value: (h) => h.monthlyAmountFen },
  ],
  personal: true,
};

export async function screenLedgerRoutes(app: AppInstance, pctx: PolicyContext, params: ReturnType<typeof Type.Object>, runId: (raw: string) => number): Promise<void> {
  const audit = pctx.db.kysely.withTables<AccessTables>();
  app.get(
    '/policy/screen/:id/households/export',
    {
      config: ledgerRouteConfig,
      schema: {
        tags: ['政策引擎'],
        summary: '导出筛查结果台账（Excel；某区划内符合条件的家庭，户主姓名脱敏；筛选与辖区同下钻列表；须注明用途并近期验证身份）',
        security: bearer,
        params,
        querystring: Type.Object({ division: Type.Optional(Type.String({ maxLength: 12 })), programme: Type.Optional(Type.String({ maxLength: 40 })), purpose: PurposeField }),
        response: { 200: LedgerFile, ...ledgerErrors },
      },
    },
    async (request, reply) => {
      const actor = ledgerActor(request, SCREEN_HOUSEHOLDS_LEDGER);
      const { purpose, division, programme } = request.query as { purpose: string; division?: string; programme?: string };
      const id = runId((request.params as { id: string }).id);
      // The first page is read before the file starts: a refusal (unknown run, division outside) answers as the list does.
      const first = await screenHouseholds(pctx, actor, id, { division, programme, limit: 200 });
      const rows = pagesOf<DrillHousehold, number>(undefined, async (cursor) => {
        const page = cursor === undefined ? first : await screenHouseholds(pctx, actor, id, { division, programme, cursor, limit: 200 });
        return { items: page.items, next: page.nextCursor };
      });
      const filters: LedgerFilter[] = [{ label: '筛查任务', value: String(id) }];
      if (division) filters.push({ label: '区划', value: division });
      if (programme) filters.push({ label: '救助项目', value: programmeName(programme) });
      return sendLedger(reply, SCREEN_HOUSEHOLDS_LEDGER, { db: audit, actor, purpose, filters, rows });
    },
  );
}
