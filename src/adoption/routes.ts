/** HTTP routes of 收养登记 under /adoption. Thin: validate (TypeBox), take the actor, call one service. */
import { Type } from 'typebox';
import { requirePermission } from '../access/index.js';
import type { AppContext } from '../context.js';
import { actorOf, bearer } from '../http/auth.js';
import type { AppInstance, RoutesPlugin } from '../http/types.js';
import { systemClock, type Clock } from '../marriage/index.js';
import { announce, recordConclusion, recordFinding, recordVisit } from './assessment.js';
import { checkApplicants, getCase, listCases, openCase } from './cases.js';
import { adoptionDeps, tables, today } from './deps.js';
import { dissolveAdoption } from './dissolution.js';
import { adoptionFigures } from './figures.js';
import { registerAdoption } from './registration.js';
import * as S from './schemas.js';
import { listSettings, setSetting } from './settings.js';

const { tags, adoptionErrors: errors, IdParams } = S;

export function createAdoptionRoutes(clock: Clock = systemClock): RoutesPlugin {
  return async (app: AppInstance, ctx: AppContext) => {
    const deps = adoptionDeps(ctx, clock);
    const schema = <T extends object>(summary: string, rest: T) => ({ schema: { tags, summary, security: bearer, ...rest } });

    app.post('/adoption/checks', schema('收养条件核查（《民法典》第1093–1102条，按当日现行参数），不受理、不登记', { body: S.ApplicantsBody, response: { 200: Type.Array(S.RuleResultSchema), ...errors } }), async (request) =>
      checkApplicants(deps, actorOf(request), request.body),
    );
    app.post('/adoption/cases', schema('受理收养登记申请：不符合第1093–1102条的不予受理并说明条款', { body: S.ApplicantsBody, response: { 200: S.CaseSchema, ...errors } }), async (request) => openCase(deps, actorOf(request), request.body));
    app.get(
      '/adoption/cases',
      schema('本登记机关的收养登记案件（仅本机关登记员与审计员，查询留痕）', { querystring: Type.Object({ officeId: Type.Integer({ minimum: 1 }) }), response: { 200: Type.Array(S.CaseSchema), ...errors } }),
      async (request) => listCases(deps, actorOf(request), request.query),
    );
    app.get('/adoption/cases/:id', schema('收养登记案件及其操作记录（仅本机关登记员与审计员，查询留痕）', { params: IdParams, response: { 200: S.CaseSchema, ...errors } }), async (request) =>
      getCase(deps, actorOf(request), request.params.id),
    );
    app.post('/adoption/cases/:id/visits', schema('收养评估：记录一次走访', { params: IdParams, body: S.VisitBody, response: { 200: S.CaseSchema, ...errors } }), async (request) =>
      recordVisit(deps, actorOf(request), request.params.id, request.body),
    );
    app.post('/adoption/cases/:id/findings', schema('收养评估：记录一项发现', { params: IdParams, body: S.FindingBody, response: { 200: S.CaseSchema, ...errors } }), async (request) =>
      recordFinding(deps, actorOf(request), request.params.id, request.body),
    );
    app.post(
      '/adoption/cases/:id/conclusion',
      schema('收养评估结论（抚养能力、健康、无不良记录三项均符合为适合收养；须已有走访）', { params: IdParams, body: S.ConclusionBody, response: { 200: S.CaseSchema, ...errors } }),
      async (request) => recordConclusion(deps, actorOf(request), request.params.id, request.body),
    );
    app.post(
      '/adoption/cases/:id/announcement',
      schema('查找生父母公告（被收养人查找不到生父母的；自公告之日起满60日方可登记）', { params: IdParams, body: S.AnnouncementBody, response: { 200: S.CaseSchema, ...errors } }),
      async (request) => announce(deps, actorOf(request), request.params.id, request.body),
    );
    app.post(
      '/adoption/cases/:id/registration',
      schema('收养登记：收养人亲自到场、八周岁以上被收养人同意、送养人同意、评估适合、公告期满；发给收养登记证', { params: IdParams, body: S.RegistrationBody, response: { 200: S.CaseSchema, ...errors } }),
      async (request) => registerAdoption(deps, actorOf(request), request.params.id, request.body),
    );
    app.post(
      '/adoption/cases/:id/dissolution',
      schema('解除收养关系（协议解除发给解除收养关系证明；诉讼解除登记判决）；生父母关系按第1117条恢复', { params: IdParams, body: S.DissolutionBody, response: { 200: S.CaseSchema, ...errors } }),
      async (request) => dissolveAdoption(deps, actorOf(request), request.params.id, request.body),
    );
    app.get('/adoption/figures', schema('收养登记统计：按年度与被收养人类别的登记数、解除数（无个人信息）', { querystring: S.FiguresQuery, response: { 200: S.FiguresSchema, ...errors } }), async (request) =>
      adoptionFigures(deps, actorOf(request), request.query),
    );
    app.get('/adoption/settings', schema('收养登记参数（现行值与历史，含引用条款与是否已核实）', { response: { 200: Type.Array(S.SettingSchema), ...errors } }), async (request) => {
      requirePermission(actorOf(request), 'adoption.figures');
      return listSettings(tables(deps), today(deps));
    });
    app.put(
      '/adoption/settings/:name',
      schema('设置收养登记参数的新值（自生效日期起适用；仅市局管理员）', { params: Type.Object({ name: Type.String({ maxLength: 60 }) }), body: S.SettingBody, response: { 200: S.SettingSchema, ...errors } }),
      async (request) => setSetting(tables(deps), actorOf(request), request.params.name, request.body, today(deps)),
    );
  };
}

export const adoptionRoutes: RoutesPlugin = createAdoptionRoutes();
