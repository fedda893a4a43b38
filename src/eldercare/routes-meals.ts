/** HTTP routes of 为老助餐 under /eldercare/meals: recording meals, personal lists, the subsidy decision, figures. */
import { Type } from 'typebox';
import type { AppInstance } from '../http/types.js';
import { actorOf, bearer } from '../http/auth.js';
import type { EldercareDeps } from './deps.js';
import { dailyMealCounts, mealSettlement } from './meal-reports.js';
import { explainMealSubsidy, listMeals, recordMeal } from './meals.js';
import { MEAL_BANDS, MEALS } from './meals-model.js';
import { DateString, DivisionQuery, eldercareErrors, Enum, Fen, MonthString, Nullable, tags } from './schemas.js';

const MealSchema = Type.Object({
  id: Type.Integer(),
  mealPointId: Type.Integer(),
  mealPointName: Type.String(),
  personId: Type.Integer(),
  servedOn: DateString,
  meal: Enum(MEALS),
  mealName: Type.String(),
  priceFen: Fen,
  subsidyFen: Fen,
  paidFen: Fen,
  band: Nullable(Enum(MEAL_BANDS)),
  bandName: Nullable(Type.String()),
  dailySubsidyFen: Fen,
  pointDivisionCode: Type.String(),
  pointDistrictCode: Type.String(),
  subsidyDistrictCode: Nullable(Type.String({ description: '承担补贴的户籍区' })),
  crossDistrict: Type.Boolean({ description: '在补贴承担区以外用餐（人户分离等），需跨区结算' }),
  ruleVersion: Type.String(),
  recordedAt: Type.String(),
});

const MealRecordedSchema = Type.Object({
  ...MealSchema.properties,
  replayed: Type.Boolean({ description: '此餐此前已登记：返回首次登记的记录，不重复计入' }),
  reasons: Type.Array(Type.String()),
});

// Types only: values are checked by the service, so a bad date or meal gets its specific Chinese message.
const RecordBody = Type.Object({
  mealPointId: Type.Integer({ description: '助餐点（长者食堂）编号' }),
  personId: Type.Integer({ description: '人员编号' }),
  servedOn: Type.String({ description: '用餐日期 YYYY-MM-DD' }),
  meal: Type.String({ description: '餐次：lunch 午餐 / dinner 晚餐' }),
});

const ListQuery = Type.Object({
  divisionCode: DivisionQuery,
  side: Type.Optional(Enum(['point', 'payer'] as const, 'point：按助餐点所在地（默认）；payer：按补贴承担区（户籍区）')),
  mealPointId: Type.Optional(Type.Integer({ minimum: 1 })),
  personId: Type.Optional(Type.Integer({ minimum: 1 })),
  from: Type.Optional(DateString),
  to: Type.Optional(DateString),
  limit: Type.Optional(Type.Integer()),
  offset: Type.Optional(Type.Integer()),
});

const SubsidySchema = Type.Object({
  personId: Type.Integer(),
  month: MonthString,
  eligible: Type.Boolean(),
  band: Nullable(Enum(MEAL_BANDS)),
  bandName: Nullable(Type.String()),
  perDayFen: Fen,
  subsidyDistrictCode: Nullable(Type.String()),
  reasons: Type.Array(Type.String()),
  ruleVersion: Type.String(),
  parameters: Type.Array(Type.Object({ name: Type.String(), label: Type.String(), value: Type.Union([Type.Integer(), Type.Array(Type.Integer())]), from: DateString, verified: Type.Boolean() })),
});

const district = { districtCode: Type.String(), districtName: Type.String() };
const SettlementSchema = Type.Object({
  month: MonthString,
  divisionCode: Type.String(),
  rows: Type.Array(
    Type.Object({
      pointDistrictCode: Type.String(),
      pointDistrictName: Type.String(),
      subsidyDistrictCode: Type.String(),
      subsidyDistrictName: Type.String(),
      subsidisedMeals: Type.Integer(),
      persons: Type.Integer(),
      subsidyFen: Fen,
      crossDistrict: Type.Boolean(),
    }),
  ),
  districts: Type.Array(Type.Object({ ...district, advancedFen: Fen, borneFen: Fen, receivableFen: Fen, payableFen: Fen, netFen: Fen })),
  transfers: Type.Array(Type.Object({ fromDistrictCode: Type.String(), fromDistrictName: Type.String(), toDistrictCode: Type.String(), toDistrictName: Type.String(), amountFen: Fen })),
  totals: Type.Object({ subsidisedMeals: Type.Integer(), subsidyFen: Fen, crossDistrictFen: Fen }),
});

const DailySchema = Type.Object({
  divisionCode: Type.String(),
  from: DateString,
  to: DateString,
  items: Type.Array(
    Type.Object({
      mealPointId: Type.Integer(),
      mealPointName: Type.String(),
      districtCode: Type.String(),
      servedOn: DateString,
      lunch: Type.Integer(),
      dinner: Type.Integer(),
      total: Type.Integer(),
      persons: Type.Integer(),
      subsidised: Type.Integer(),
      subsidyFen: Fen,
      paidFen: Fen,
    }),
  ),
});

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

  app.get('/eldercare/meals', { schema: { tags, summary: '用餐记录（按助餐点所在地或补贴承担区；个人信息，查询留痕）', security: bearer, querystring: ListQuery, response: { 200: Type.Object({ items: Type.Array(MealSchema), limit: Type.Integer(), offset: Type.Integer() }), ...eldercareErrors } } }, async (request) =>
    listMeals(deps, actorOf(request), request.query),
  );

  app.get(
    '/eldercare/meals/subsidy',
    { schema: { tags, summary: '某老人某月的助餐补贴资格、类别、每日标准及理由', security: bearer, querystring: Type.Object({ personId: Type.Integer({ minimum: 1 }), month: MonthString }), response: { 200: SubsidySchema, ...eldercareErrors } } },
    async (request) => explainMealSubsidy(deps, actorOf(request), request.query.personId, request.query.month),
  );

  app.get(
    '/eldercare/meals/settlement',
    { schema: { tags, summary: '助餐补贴月度跨区结算：助餐点所在区 × 补贴承担区（户籍区），各区应收应付及区间划转', security: bearer, querystring: Type.Object({ month: MonthString, divisionCode: DivisionQuery }), response: { 200: SettlementSchema, ...eldercareErrors } } },
    async (request) => mealSettlement(deps, actorOf(request), request.query),
  );

  app.get(
    '/eldercare/meals/daily',
    { schema: { tags, summary: '各助餐点每日供餐人次（午餐、晚餐、享受补贴人次及金额）', security: bearer, querystring: Type.Object({ from: DateString, to: DateString, divisionCode: DivisionQuery, mealPointId: Type.Optional(Type.Integer({ minimum: 1 })) }), response: { 200: DailySchema, ...eldercareErrors } } },
    async (request) => dailyMealCounts(deps, actorOf(request), request.query),
  );
}
