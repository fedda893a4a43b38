/**
 * HTTP routes of the funeral line. Thin: validate, take the actor, call one service. Deaths are scoped by the
 * deceased's hukou and residence divisions; units (public information) by their division for writes.
 */
import { requirePermission } from '../access/index.js';
import type { AppContext } from '../context.js';
import { actorOf, bearer } from '../http/auth.js';
import type { AppInstance, RoutesPlugin } from '../http/types.js';
import { cremationOf, recordCremation } from './cremations.js';
import { getDeath, listDeaths, reportDeath, tickItem } from './deaths.js';
import { funeralDeps, type Clock } from './deps.js';
import { funeralFigures } from './figures.js';
import { nextOfKinNotice, nextOfKinNoticePdf } from './notice.js';
import {
  BankFileBody,
  BankFileSchema,
  BurialBody,
  CremationBody,
  CremationSchema,
  DeathListSchema,
  DeathNoticeBody,
  DeathSchema,
  DeskQuery,
  FiguresQuery,
  FiguresSchema,
  funeralErrors as errors,
  IdParams,
  ItemParams,
  NoticeDocSchema,
  NoticeQuery,
  PlotsBody,
  PriceBody,
  SettingsSchema,
  SubsidyBody,
  SubsidyListSchema,
  SubsidyQuery,
  SubsidySchema,
  tags,
  TickBody,
  UnitBody,
  UnitListSchema,
  UnitQuery,
  UnitSchema,
} from './schemas.js';
import { settingList } from './setting-defs.js';
import { supervisionRoutes } from './routes-supervision.js';
import { applySubsidy, listSubsidies, subsidyBankFile } from './subsidies.js';
import { addPlots, addPrice, createUnit, getUnit, listUnits, recordBurial } from './units.js';
import { Type } from 'typebox';

export function createFuneralRoutes(clock?: Clock): RoutesPlugin {
  return async (app: AppInstance, ctx: AppContext) => {
    const deps = funeralDeps(ctx, clock);
    app.post(
      '/funeral/deaths/notices',
      { schema: { tags, summary: '死亡通报（医院、公安、街镇社工、殡仪馆）：首次通报登记死亡，其后附证明；日期不一致转核实', security: bearer, body: DeathNoticeBody, response: { 200: DeathSchema, ...errors } } },
      async (request) => reportDeath(deps, actorOf(request), request.body),
    );
    app.get('/funeral/deaths', { schema: { tags, summary: '身故一件事工作台（超期的在前）', security: bearer, querystring: DeskQuery, response: { 200: DeathListSchema, ...errors } } }, async (request) =>
      listDeaths(deps, actorOf(request), request.query),
    );
    app.get('/funeral/deaths/:id', { schema: { tags, summary: '逝者的通报与事项清单（各业务模块的办理结果和金额）', security: bearer, params: IdParams, response: { 200: DeathSchema, ...errors } } }, async (request) =>
      getDeath(deps, actorOf(request), request.params.id),
    );
    app.post(
      '/funeral/deaths/:id/items/:item',
      { schema: { tags, summary: '勾选手工事项（社保、医保、公积金、身份证等），须填写办理说明', security: bearer, params: ItemParams, body: TickBody, response: { 200: DeathSchema, ...errors } } },
      async (request) => tickItem(deps, actorOf(request), request.params.id, request.params.item, request.body),
    );
    app.get(
      '/funeral/deaths/:id/notice',
      {
        schema: {
          tags,
          summary: '丧事承办人告知书（待遇、金额、期限、应退款项），JSON、HTML 或 PDF',
          security: bearer,
          params: IdParams,
          querystring: NoticeQuery,
          response: { 200: Type.Union([NoticeDocSchema, Type.Unsafe<Buffer | string>({ type: 'string', description: '告知书 HTML 或 PDF 文件' })]), ...errors },
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        if (request.query.format === 'pdf') {
          const pdf = await nextOfKinNoticePdf(deps, actor, request.params.id);
          return reply
            .header('content-type', 'application/pdf')
            .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(`身故事项告知书-${request.params.id}.pdf`)}`)
            .send(pdf);
        }
        const notice = await nextOfKinNotice(deps, actor, request.params.id);
        if (request.query.format === 'html') return reply.header('content-type', 'text/html; charset=utf-8').send(notice.html);
        return notice;
      },
    );
    app.post(
      '/funeral/deaths/:id/cremation',
      { schema: { tags, summary: '登记遗体接运和火化（殡仪馆、炉型、火化证明、四项基本服务费用）', security: bearer, params: IdParams, body: CremationBody, response: { 200: DeathSchema, ...errors } } },
      async (request) => recordCremation(deps, actorOf(request), request.params.id, request.body),
    );
    app.get('/funeral/deaths/:id/cremation', { schema: { tags, summary: '逝者的接运火化记录', security: bearer, params: IdParams, response: { 200: CremationSchema, ...errors } } }, async (request) => {
      await getDeath(deps, actorOf(request), request.params.id);
      return cremationOf(deps, request.params.id);
    });
    app.post(
      '/funeral/subsidies',
      { schema: { tags, summary: '申请殡葬补贴（基本殡葬服务补贴最高 980 元、海葬及节地生态安葬补贴；每位逝者每类一次）', security: bearer, body: SubsidyBody, response: { 200: SubsidySchema, ...errors } } },
      async (request) => applySubsidy(deps, actorOf(request), request.body),
    );
    app.get('/funeral/subsidies', { schema: { tags, summary: '殡葬补贴台账（本辖区）', security: bearer, querystring: SubsidyQuery, response: { 200: SubsidyListSchema, ...errors } } }, async (request) =>
      listSubsidies(deps, actorOf(request), request.query),
    );
    app.post('/funeral/subsidies/bank-file', { schema: { tags, summary: '生成补贴打卡发放文件（到期的已批准补贴，标记为已发放）', security: bearer, body: BankFileBody, response: { 200: BankFileSchema, ...errors } } }, async (request) =>
      subsidyBankFile(deps, actorOf(request), request.body),
    );
    app.get(
      '/funeral/units',
      { schema: { tags, summary: '殡葬服务单位（殡仪馆、公墓、骨灰堂、服务站、海葬、代理机构）及明码标价', security: bearer, querystring: UnitQuery, response: { 200: UnitListSchema, ...errors } } },
      async (request) => listUnits(deps, actorOf(request), request.query),
    );
    app.post('/funeral/units', { schema: { tags, summary: '登记殡葬服务单位（证照、年检、容量）', security: bearer, body: UnitBody, response: { 200: UnitSchema, ...errors } } }, async (request) =>
      createUnit(deps, actorOf(request), request.body),
    );
    app.get('/funeral/units/:id', { schema: { tags, summary: '殡葬服务单位详情（现行价格、穴位）', security: bearer, params: IdParams, response: { 200: UnitSchema, ...errors } } }, async (request) =>
      getUnit(deps, actorOf(request), request.params.id),
    );
    app.post(
      '/funeral/units/:id/prices',
      { schema: { tags, summary: '登记服务项目价格（政府定价、政府指导价、市场调节价；按生效日期）', security: bearer, params: IdParams, body: PriceBody, response: { 200: UnitSchema, ...errors } } },
      async (request) => addPrice(deps, actorOf(request), request.params.id, request.body),
    );
    app.post('/funeral/units/:id/plots', { schema: { tags, summary: '登记穴位（安葬方式、单穴面积、是否新开墓区）', security: bearer, params: IdParams, body: PlotsBody, response: { 200: UnitSchema, ...errors } } }, async (request) =>
      addPlots(deps, actorOf(request), request.params.id, request.body),
    );
    app.post('/funeral/units/:id/burials', { schema: { tags, summary: '登记安葬（占用一个空余穴位）', security: bearer, params: IdParams, body: BurialBody, response: { 200: UnitSchema, ...errors } } }, async (request) =>
      recordBurial(deps, actorOf(request), request.params.id, request.body),
    );
    app.get(
      '/funeral/figures',
      { schema: { tags, summary: '殡葬统计（死亡、火化、节地生态安葬率、海葬、补贴、一件事办结天数）', security: bearer, querystring: FiguresQuery, response: { 200: FiguresSchema, ...errors } } },
      async (request) => funeralFigures(deps, actorOf(request), request.query),
    );
    app.get('/funeral/settings', { schema: { tags, summary: '殡葬参数（生效日期、来源、是否已核实）', security: bearer, response: { 200: SettingsSchema, ...errors } } }, async (request) => {
      requirePermission(actorOf(request), 'funeral.read');
      return settingList();
    });
    await supervisionRoutes(app, deps);
  };
}

export const funeralRoutes: RoutesPlugin = createFuneralRoutes();
