/** TypeBox schemas of 康复辅具社区租赁 (routes-rentals.ts): validation, types and the OpenAPI document from one source. */
import { Type } from 'typebox';
import { DEVICE_CODES, RENTAL_GROUPS } from './rental-model.js';
import { DateString, Enum, Fen, Nullable } from './schemas.js';

export const RentalSchema = Type.Object({
  id: Type.Integer(),
  personId: Type.Integer(),
  personName: Type.String(),
  pointId: Type.Integer(),
  pointName: Type.String(),
  pointDivisionCode: Type.String(),
  deviceCode: Enum(DEVICE_CODES),
  deviceName: Type.String(),
  startedOn: DateString,
  returnedOn: Nullable(DateString),
  monthlyRentFen: Fen,
  subsidyPercent: Type.Integer({ minimum: 0, maximum: 100 }),
  monthlySubsidyFen: Fen,
  monthlyPaidFen: Fen,
  subsidyGroup: Nullable(Enum(RENTAL_GROUPS)),
  subsidyGroupName: Nullable(Type.String()),
  reasons: Type.Array(Type.String()),
});

export const RentalRecordedSchema = Type.Object({
  ...RentalSchema.properties,
  replayed: Type.Boolean({ description: '此租赁此前已登记且未归还：返回首次登记的记录，不重复计入' }),
});

// Types only: values are checked by the service, so a bad date or device gets its specific Chinese message.
export const RentBody = Type.Object(
  {
    pointId: Type.Integer({ description: '租赁点编号' }),
    personId: Type.Integer({ description: '人员编号' }),
    deviceCode: Type.String({ description: '辅具：wheelchair 手动轮椅车；walker 助行器；nursingBed 手动护理床；commode 坐便椅；airMattress 防褥疮气垫床垫；bathChair 洗澡椅' }),
    startedOn: Type.String({ description: '租赁开始日期 YYYY-MM-DD' }),
  },
  { additionalProperties: false },
);

const SettingUsed = Type.Object({ from: DateString, verified: Type.Boolean(), source: Type.String() });

export const CatalogueSchema = Type.Object({
  on: DateString,
  devices: Type.Array(Type.Object({ code: Enum(DEVICE_CODES), name: Type.String(), monthlyRentFen: Fen, offered: Type.Boolean(), setting: SettingUsed })),
  subsidies: Type.Array(Type.Object({ group: Enum(RENTAL_GROUPS), name: Type.String(), percent: Type.Integer(), setting: SettingUsed })),
  rules: Type.Array(Type.String()),
});

const Share = { streets: Type.Integer(), covered: Type.Integer(), percent: Nullable(Type.Number()) };
export const CoverageSchema = Type.Object({
  on: DateString,
  divisionCode: Type.String(),
  ...Share,
  openRentals: Type.Integer(),
  byDistrict: Type.Array(Type.Object({ districtCode: Type.String(), districtName: Type.String(), ...Share })),
  uncovered: Type.Array(Type.Object({ code: Type.String(), name: Type.String() })),
});
