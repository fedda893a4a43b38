/** HTTP routes of 为老助餐 under /eldercare/meals: recording meals, personal lists, the subsidy decision, figures. */
import { Type } from 'typebox';
import type { AppInstance } from '../http/types.js';
import { actorOf, bearer } from '../http/auth.js';
import type { EldercareDeps } from './deps.js';
import { dailyMealCounts, mealSettlement } from './meal-reports.js';
import { explainMealSubsidy, listMeals, recordMeal } from './meals.js';
import { DateString, DivisionQuery, eldercareErrors, MonthString, tags } from './schemas.js';
import { DailySchema, ListQuery, MealRecordedSchema, MealSchema, RecordBody, SettlementSchema, SubsidySchema } from './schemas-meals.js';

export async function mealRoutes(app: AppInstance, deps: EldercareDeps): Promise<void> {
  app.post(
    '/eldercare/meals',
    {
      schema: {
        tags,
        summary: '登记助餐用餐（按政策包核定当日补贴，补贴由户籍区承担；同一人同日同餐次重复提交返回首次记录）',
        security: bearer,
        body: RecordBody,
        response: { 200: MealRecordedSchema, ...eldercareErrors },
      },
    },
    async (request) => recordMeal(deps, actorOf(request), request.body),
  );

  app.get(
    '/eldercare/meals',
    {
      schema: {
        tags,
        summary: '用餐记录（按助餐点所在地或补贴承担区；个人信息，查询留痕）',
        security: bearer,
        querystring: ListQuery,
        response: { 200: Type.Object({ items: Type.Array(MealSchema), limit: Type.Integer(), offset: Type.Integer() }), ...eldercareErrors },
      },
    },
    async (request) => listMeals(deps, actorOf(request), request.query),
  );

  app.get(
    '/eldercare/meals/subsidy',
    {
      schema: {
        tags,
        summary: '某老人某月的助餐补贴资格、类别、每日标准及理由',
        security: bearer,
        querystring: Type.Object({ personId: Type.Integer({ minimum: 1 }), month: MonthString }),
        response: { 200: SubsidySchema, ...eldercareErrors },
      },
    },
    async (request) => explainMealSubsidy(deps, actorOf(request), request.query.personId, request.query.month),
  );

  app.get(
    '/eldercare/meals/settlement',
    {
      schema: {
        tags,
        summary: '助餐补贴月度跨区结算：助餐点所在区 × 补贴承担区（户籍区），各区应收应付及区间划转',
        security: bearer,
        querystring: Type.Object({ month: MonthString, divisionCode: DivisionQuery }),
        response: { 200: SettlementSchema, ...eldercareErrors },
      },
    },
    async (request) => mealSettlement(deps, actorOf(request), request.query),
  );

  app.get(
    '/eldercare/meals/daily',
    {
      schema: {
        tags,
        summary: '各助餐点每日供餐人次（午餐、晚餐、享受补贴人次及金额）',
        security: bearer,
        querystring: Type.Object({ from: DateString, to: DateString, divisionCode: DivisionQuery, mealPointId: Type.Optional(Type.Integer({ minimum: 1 })) }),
        response: { 200: DailySchema, ...eldercareErrors },
      },
    },
    async (request) => dailyMealCounts(deps, actorOf(request), request.query),
  );
}
