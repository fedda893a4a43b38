/** TypeBox schemas of 为老助餐 (routes-meals.ts): validation, types and the OpenAPI document from one source. */
import { Type } from 'typebox';
import { MEAL_BANDS, MEALS } from './meals-model.js';
import { DateString, DivisionQuery, Enum, Fen, MonthString, Nullable } from './schemas.js';

export const MealSchema = Type.Object({
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

export const MealRecordedSchema = Type.Object({
  ...MealSchema.properties,
  replayed: Type.Boolean({ description: '此餐此前已登记：返回首次登记的记录，不重复计入' }),
  reasons: Type.Array(Type.String()),
});

// Types only: values are checked by the service, so a bad date or meal gets its specific Chinese message.
export const RecordBody = Type.Object({
  mealPointId: Type.Integer({ description: '助餐点（长者食堂）编号' }),
  personId: Type.Integer({ description: '人员编号' }),
  servedOn: Type.String({ description: '用餐日期 YYYY-MM-DD' }),
  meal: Type.String({ description: '餐次：lunch 午餐 / dinner 晚餐' }),
});

export const ListQuery = Type.Object({
  divisionCode: DivisionQuery,
  side: Type.Optional(Enum(['point', 'payer'] as const, 'point：按助餐点所在地（默认）；payer：按补贴承担区（户籍区）')),
  mealPointId: Type.Optional(Type.Integer({ minimum: 1 })),
  personId: Type.Optional(Type.Integer({ minimum: 1 })),
  from: Type.Optional(DateString),
  to: Type.Optional(DateString),
  limit: Type.Optional(Type.Integer()),
  offset: Type.Optional(Type.Integer()),
});

export const SubsidySchema = Type.Object({
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
export const SettlementSchema = Type.Object({
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

export const DailySchema = Type.Object({
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
