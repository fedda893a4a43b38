/**
 * 临时救助 routes (issue 23): what a caseworker sees before the click (the household's limits and its reliefs of
 * the last 12 months) and the street's one-step 急难型 relief (application and 先行救助 at once).
 */
import { Type } from 'typebox';
import type { AppInstance } from '../http/types.js';
import { actorOf, bearer } from '../http/auth.js';
import type { AssistanceDeps } from './deps.js';
import { ApplyBody, assistanceErrors, CaseDetailSchema, FenSchema } from './schemas.js';
import { HARDSHIP_TYPES, type HardshipType } from './settings.js';
import { emergencyRelief, RELIEF_FORMS, temporaryPreview, type ReliefForm } from './temporary.js';

const tags = ['assistance'];
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const HardshipSchema = Type.Unsafe<HardshipType>({ type: 'string', enum: [...HARDSHIP_TYPES], description: '困难类型：illness 重大疾病、accident 意外事故或突发事件、disaster 自然灾害、basic_living 基本生活暂时困难' });
export const ReliefFormSchema = Type.Unsafe<ReliefForm>({ type: 'string', enum: [...RELIEF_FORMS], description: '救助方式：cash 现金、in_kind 实物' });

export const EmergencyGrantBody = Type.Object({
  amountFen: FenSchema,
  hardshipType: HardshipSchema,
  form: ReliefFormSchema,
  items: Type.Optional(Type.String({ maxLength: 500 })),
  findings: Type.String({ minLength: 1, maxLength: 2000 }),
});

const ReliefRecordSchema = Type.Object({
  caseId: Type.Integer(),
  month: Nullable(Type.String()),
  amountFen: Type.Integer(),
  state: Type.Union([Type.Literal('paid'), Type.Literal('approved')]),
  channel: Nullable(Type.Union([Type.Literal('bank'), Type.Literal('cash'), Type.Literal('in_kind')])),
});

const PreviewSchema = Type.Object({
  householdId: Type.Integer(),
  householdName: Type.String(),
  householdSize: Type.Integer(),
  standardFen: Type.Integer(),
  hardshipType: Nullable(HardshipSchema),
  multiplierPermille: Nullable(Type.Integer()),
  ruleLimitFen: Nullable(Type.Integer()),
  ceilingFen: Type.Integer(),
  yearlyCapFen: Type.Integer(),
  usedFen: Type.Integer(),
  remainingFen: Type.Integer(),
  emergencyLimitFen: Type.Integer(),
  maxFen: Type.Integer(),
  maxEmergencyFen: Type.Integer(),
  paperworkDays: Type.Integer(),
  windowFrom: Type.String(),
  reliefs: Type.Array(ReliefRecordSchema),
  explanation: Type.Array(Type.String()),
});

export async function temporaryRoutes(app: AppInstance, deps: AssistanceDeps): Promise<void> {
  app.get(
    '/assistance/temporary/preview',
    {
      schema: {
        tags,
        summary: '临时救助：本户可救助金额（金额规则、单次上限、12个月累计上限、先行救助上限）与12个月内已获救助',
        security: bearer,
        querystring: Type.Object({ householdId: Type.Integer({ minimum: 1 }), hardshipType: Type.Optional(HardshipSchema) }),
        response: { 200: PreviewSchema, ...assistanceErrors },
      },
    },
    async (request) => temporaryPreview(deps, actorOf(request), request.query),
  );

  const { programme: _programme, urgent: _urgent, ...applyFields } = ApplyBody.properties;
  app.post(
    '/assistance/temporary/emergency',
    {
      schema: {
        tags,
        summary: '急难型临时救助：街镇受理并当场先行救助（现金或实物，不超过当场上限），随后限期补办手续',
        security: bearer,
        body: Type.Object({ ...applyFields, ...EmergencyGrantBody.properties }),
        response: { 201: CaseDetailSchema, ...assistanceErrors },
      },
    },
    async (request, reply) => reply.status(201).send(await emergencyRelief(deps, actorOf(request), request.body)),
  );
}
