/** HTTP routes of 婚姻登记 under /marriage. Thin: validate (TypeBox), take the actor, call one service. */
import { Type } from 'typebox';
import { requirePermission } from '../access/index.js';
import type { AppContext } from '../context.js';
import { actorOf, bearer } from '../http/auth.js';
import type { AppInstance, RoutesPlugin } from '../http/types.js';
import { book, closeBooking, dayList, daySlots } from './booking.js';
import { certificateByNumber, eLicence, reissue, verifyELicence } from './certificates.js';
import { marriageDeps, systemClock, tables, today, allowRead, NOWHERE, type Clock } from './deps.js';
import { applyForDivorce, getDivorce, listDivorces, registerDivorce, withdrawDivorce } from './divorce.js';
import { marriageFigures } from './figures.js';
import { importBatch } from './imports.js';
import { importJudgements } from './judgement-import.js';
import { completeRecord, issueForRecord } from './backfill.js';
import { enterJudgement } from './judgements.js';
import { listOffices } from './offices.js';
import { getMarriage, listReviews, decideReview } from './records.js';
import { preCheck, registerMarriage } from './registration.js';
import * as S from './schemas.js';
import { listSettings, setSetting } from './settings.js';
import { marriageLedgerRoutes } from './routes-ledgers.js';

const { tags, marriageErrors: errors, IdParams, DateString } = S;
const NumberParams = Type.Object({ number: Type.String({ minLength: 5, maxLength: 40 }) });

export function createMarriageRoutes(clock: Clock = systemClock): RoutesPlugin {
  return async (app: AppInstance, ctx: AppContext) => {
    const deps = marriageDeps(ctx, clock);
    const schema = <T extends object>(summary: string, rest: T) => ({ schema: { tags, summary, security: bearer, ...rest } });

    app.get('/marriage/offices', schema('本市16个区婚姻登记机关（含涉外登记开办日期）', { response: { 200: Type.Array(S.OfficeSchema), ...errors } }), async (request) => {
      requirePermission(actorOf(request), 'marriage.figures');
      return listOffices(tables(deps));
    });
    app.get(
      '/marriage/offices/:id/slots',
      schema('某登记机关某日各时段、各业务的名额与余量（不含任何个人信息）', { params: IdParams, querystring: Type.Object({ day: DateString }), response: { 200: Type.Array(S.SlotSchema), ...errors } }),
      async (request) => {
        requirePermission(actorOf(request), 'marriage.figures');
        return daySlots(deps, request.params.id, request.query.day);
      },
    );
    app.get(
      '/marriage/bookings',
      schema('本登记机关某日预约名单（查询留痕，身份证号脱敏）', { querystring: Type.Object({ officeId: Type.Integer({ minimum: 1 }), day: DateString }), response: { 200: Type.Array(S.BookingSchema), ...errors } }),
      async (request) => dayList(deps, actorOf(request), request.query.officeId, request.query.day),
    );
    app.post('/marriage/bookings', schema('预约（网上至少提前1天；现场号当日；每人仅一个未办理预约；不满额才受理）', { body: S.BookingBody, response: { 200: S.BookingSchema, ...errors } }), async (request) =>
      book(deps, actorOf(request), request.body),
    );
    app.post('/marriage/bookings/:id/cancel', schema('取消预约', { params: IdParams, response: { 200: S.BookingSchema, ...errors } }), async (request) => closeBooking(deps, actorOf(request), request.params.id, 'cancelled'));
    app.post('/marriage/bookings/:id/no-show', schema('记为未到（预约日当天或之后）', { params: IdParams, response: { 200: S.BookingSchema, ...errors } }), async (request) =>
      closeBooking(deps, actorOf(request), request.params.id, 'no_show'),
    );

    app.post('/marriage/checks', schema('登记前核查（年龄、性别、重婚含历史档案、亲属关系、声明），不登记', { body: S.RegistrationBody, response: { 200: Type.Array(S.CheckSchema), ...errors } }), async (request) =>
      preCheck(deps, actorOf(request), request.body),
    );
    app.post('/marriage/marriages', schema('结婚登记（含补办、复婚）：全部核查通过后登记并发给结婚证；不予登记时说明条款', { body: S.RegistrationBody, response: { 200: S.RegistrationSchema, ...errors } }), async (request) =>
      registerMarriage(deps, actorOf(request), request.body),
    );
    app.get('/marriage/marriages/:id', schema('婚姻登记档案（本机关登记员、审计员可查，查询留痕）', { params: IdParams, response: { 200: S.MarriageSchema, ...errors } }), async (request) =>
      getMarriage(deps, actorOf(request), request.params.id),
    );

    app.post('/marriage/divorces', schema('受理协议离婚登记申请（出具回执；无协议、无民事行为能力、未在内地登记的不予受理）', { body: S.DivorceApplyBody, response: { 200: S.DivorceSchema, ...errors } }), async (request) =>
      applyForDivorce(deps, actorOf(request), request.body),
    );
    app.get(
      '/marriage/divorces',
      schema('本登记机关的离婚登记申请（含冷静期剩余天数）', { querystring: Type.Object({ officeId: Type.Integer({ minimum: 1 }), open: Type.Optional(Type.Boolean()) }), response: { 200: Type.Array(S.DivorceSchema), ...errors } }),
      async (request) => listDivorces(deps, actorOf(request), request.query),
    );
    app.get('/marriage/divorces/:id', schema('离婚登记申请及其时间线', { params: IdParams, response: { 200: S.DivorceSchema, ...errors } }), async (request) => getDivorce(deps, actorOf(request), request.params.id));
    app.post(
      '/marriage/divorces/:id/withdraw',
      schema('撤回离婚登记申请（一方即可，冷静期内）', { params: IdParams, body: Type.Object({ party: S.Enum(['husband', 'wife'] as const) }), response: { 200: S.DivorceSchema, ...errors } }),
      async (request) => withdrawDivorce(deps, actorOf(request), request.params.id, request.body),
    );
    app.post(
      '/marriage/divorces/:id/register',
      schema('离婚登记（冷静期届满后30日内，双方到受理机关；发给离婚证）', {
        params: IdParams,
        body: Type.Object({ bothPresent: Type.Boolean(), consentConfirmed: Type.Boolean(), requestKey: Type.Optional(Type.String({ minLength: 8, maxLength: 64 })) }),
        response: { 200: S.DivorceSchema, ...errors },
      }),
      async (request) => registerDivorce(deps, actorOf(request), request.params.id, request.body),
    );

    app.post('/marriage/judgements', schema('登记法院判决（离婚、婚姻无效、撤销婚姻），在档案上备注', { body: S.JudgementBody, response: { 200: S.JudgementSchema, ...errors } }), async (request) =>
      enterJudgement(deps, actorOf(request), request.body),
    );

    app.get('/marriage/certificates/:number', schema('按字号查询证书（状态：有效、作废、已补发替代）', { params: NumberParams, response: { 200: S.CertificateSchema, ...errors } }), async (request) => {
      const actor = actorOf(request);
      const db = tables(deps);
      const cert = await certificateByNumber(db, request.params.number).catch(() => null);
      const office = cert ? await db.selectFrom('marriage.marriages as m').leftJoin('marriage.offices as o', 'o.id', 'm.office_id').select('o.district_code').where('m.id', '=', cert.marriageId).executeTakeFirst() : undefined;
      await allowRead(db, actor, { permission: 'marriage.read', action: 'marriage.certificate.read', entityType: 'marriage_certificate', entityId: request.params.number, divisionCodes: [office?.district_code ?? NOWHERE] });
      return certificateByNumber(db, request.params.number);
    });
    app.post(
      '/marriage/certificates/:number/reissue',
      schema('补领（任一登记机关；核对档案当事人身份后补发，原字号作废替代；调取档案须说明事由）', {
        params: NumberParams,
        body: Type.Object({ idNumber: S.IdNumber, purpose: Type.String({ minLength: 1, maxLength: 200 }), requestKey: Type.Optional(Type.String({ minLength: 8, maxLength: 64 })) }),
        response: { 200: S.CertificateSchema, ...errors },
      }),
      async (request) => reissue(deps, actorOf(request), request.params.number, request.body),
    );
    app.get('/marriage/certificates/:number/elicence', schema('电子证照数据（签名 JSON，不含明文身份证号）', { params: NumberParams, response: { 200: S.ELicenceSchema, ...errors } }), async (request) => {
      const actor = actorOf(request);
      const db = tables(deps);
      const cert = await certificateByNumber(db, request.params.number).catch(() => null);
      const office = cert ? await db.selectFrom('marriage.certificates as c').innerJoin('marriage.offices as o', 'o.id', 'c.office_id').select('o.district_code').where('c.number', '=', cert.number).executeTakeFirst() : undefined;
      await allowRead(db, actor, { permission: 'marriage.register', action: 'marriage.elicence.issue', entityType: 'marriage_certificate', entityId: request.params.number, divisionCodes: [office?.district_code ?? NOWHERE] });
      return eLicence(deps, request.params.number);
    });
    app.post(
      '/marriage/elicences/verify',
      {
        schema: {
          tags,
          summary: '核验电子证照（长三角互认）：有效、作废、已替代或签名不符；不返回个人信息',
          body: S.ELicenceVerifyBody,
          response: { 200: Type.Object({ status: Type.String(), supersededBy: S.Nullable(Type.String()) }), ...errors },
        },
      },
      async (request) => verifyELicence(deps, request.body),
    );

    app.post(
      '/marriage/judgements/imports',
      schema('导入法院判决（离婚、无效、撤销；按证书字号或双方身份证号码找档案；同一批次重复提交不重复登记；逐行报告错误）', { body: S.JudgementImportBody, response: { 200: S.JudgementImportSchema, ...errors } }),
      async (request) => importJudgements(deps, actorOf(request), request.body),
    );
    app.post(
      '/marriage/marriages/:id/complete',
      schema('常态化补证：为缺少身份证号码的历史档案补正一方身份证号码（姓名、出生日期须与档案一致）', { params: IdParams, body: S.CompletionBody, response: { 200: S.CompletionSchema, ...errors } }),
      async (request) => completeRecord(deps, actorOf(request), request.params.id, request.body),
    );
    app.post(
      '/marriage/marriages/:id/certificate',
      schema('为没有本系统有效证书的完整档案补发结婚证（当事人本人申请，说明事由），之后可生成电子证照', { params: IdParams, body: S.RecordCertificateBody, response: { 200: S.RecordCertificateSchema, ...errors } }),
      async (request) => issueForRecord(deps, actorOf(request), request.params.id, request.body),
    );
    app.post('/marriage/imports', schema('导入历史婚姻登记记录（NDJSON/CSV；同一批次重复提交不重复导入；逐行报告错误）', { body: S.ImportBody, response: { 200: S.ImportSchema, ...errors } }), async (request) =>
      importBatch(deps, actorOf(request), request.body),
    );
    app.get('/marriage/reviews', schema('待人工核查事项（同名同出生日期的历史档案、推定亲属关系、数据质量）', { response: { 200: Type.Array(S.ReviewSchema), ...errors } }), async (request) => listReviews(deps, actorOf(request)));
    app.post(
      '/marriage/reviews/:id/decide',
      schema('核查结论：排除（cleared）或确认（confirmed）', { params: IdParams, body: Type.Object({ decision: S.Enum(['cleared', 'confirmed'] as const) }), response: { 200: S.ReviewSchema, ...errors } }),
      async (request) => decideReview(deps, actorOf(request), request.params.id, request.body.decision),
    );
    app.get(
      '/marriage/figures',
      schema('婚姻登记统计：按月、按机关的结婚与离婚数，全国通办占比，初婚平均年龄，冷静期结果；给出区划时为该区婚姻登记机关的数字', {
        querystring: Type.Object({ year: Type.Integer({ minimum: 1950, maximum: 2100 }), division: Type.Optional(Type.String({ pattern: '^(\\d{6}|\\d{9}|\\d{12})$' })) }),
        response: { 200: S.FiguresSchema, ...errors },
      }),
      async (request) => marriageFigures(deps, actorOf(request), request.query.year, request.query.division),
    );
    app.get('/marriage/settings', schema('婚姻登记参数（现行值与历史，含是否已核实及来源）', { response: { 200: Type.Array(S.SettingSchema), ...errors } }), async (request) => {
      requirePermission(actorOf(request), 'marriage.figures');
      return listSettings(tables(deps), today(deps));
    });
    app.put(
      '/marriage/settings/:name',
      schema('设置婚姻登记参数的新值（自生效日期起适用；仅市局管理员）', {
        params: Type.Object({ name: Type.String({ maxLength: 60 }) }),
        body: Type.Object({ from: DateString, value: Type.Unknown(), verified: Type.Boolean(), source: Type.String({ minLength: 1, maxLength: 500 }) }),
        response: { 200: S.SettingSchema, ...errors },
      }),
      async (request) => setSetting(tables(deps), actorOf(request), request.params.name, request.body, today(deps)),
    );
    await marriageLedgerRoutes(app, deps);
  };
}

export const marriageRoutes: RoutesPlugin = createMarriageRoutes();
