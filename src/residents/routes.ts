/**
 * The resident API (`/api/v1/resident/…`): thin routes over the services. A resident session (cookie
 * `mz_resident`) is the only way in; staff sessions are ignored here, and a resident session opens no staff route.
 */
import { Type } from 'typebox';
import type { AppContext } from '../context.js';
import { bearer } from '../http/auth.js';
import { ErrorBody, errorResponses } from '../http/schemas.js';
import type { AppInstance } from '../http/types.js';
import {
  ApplicationDetailSchema,
  ApplicationListSchema,
  ApplyBody,
  AuthConfigSchema,
  ChannelsBody,
  ChannelsSchema,
  ConsentBody,
  ConsentListSchema,
  ConsentSchema,
  DevCodeBody,
  DevLoginBody,
  EntitlementsSchema,
  ForQuery,
  IdParams,
  InboxSchema,
  MeSchema,
  ObjectionAnswerBody,
  ObjectionBody,
  ObjectionListSchema,
  ObjectionSchema,
  OidcCallbackQuery,
  OidcStartQuery,
  StaffObjectionListSchema,
  StaffObjectionQuery,
  StaffObjectionSchema,
  StoredFileSchema,
  WithdrawBody,
} from './schemas.js';

export const RESIDENT_TAG = 'resident';
const tags = [RESIDENT_TAG];
/** OpenAPI security requirement of the resident routes (scheme declared in http/app.ts). */
export const residentSecurity = [{ residentCookie: [] as string[] }];
const errors = { ...errorResponses, 429: ErrorBody };
const NotYet = { 501: ErrorBody };
const notYet = async (_request: unknown, reply: { status(code: number): { send(body: unknown): unknown } }) => reply.status(501).send({ code: 'NOT_IMPLEMENTED', message: '功能建设中' });

export async function residentRoutes(app: AppInstance, _ctx: AppContext): Promise<void> {
  app.get('/resident/auth/config', { schema: { tags, summary: '居民端可用的登录方式', response: { 200: AuthConfigSchema } } }, notYet as never);
  app.post('/resident/auth/dev/code', { schema: { tags, summary: '获取开发演示登录验证码（仅开发环境，验证码打印在服务日志中）', body: DevCodeBody, response: { 204: Type.Null(), ...errors, ...NotYet } } }, notYet as never);
  app.post('/resident/auth/dev/login', { schema: { tags, summary: '开发演示登录（身份证号＋验证码）', body: DevLoginBody, response: { 200: MeSchema, ...errors, ...NotYet } } }, notYet as never);
  app.get('/resident/auth/oidc/start', { schema: { tags, summary: '跳转全市统一身份认证登录', querystring: OidcStartQuery, response: { 302: Type.Null(), ...errors, ...NotYet } } }, notYet as never);
  app.get('/resident/auth/oidc/callback', { schema: { tags, summary: '统一身份认证回调', querystring: OidcCallbackQuery, response: { 302: Type.Null(), ...errors, ...NotYet } } }, notYet as never);
  app.post('/resident/auth/logout', { schema: { tags, summary: '退出登录', response: { 204: Type.Null() } } }, notYet as never);

  const sec = { tags, security: residentSecurity };
  app.get('/resident/me', { schema: { ...sec, summary: '本人、家庭及可代办的人员', response: { 200: MeSchema, ...errors, ...NotYet } } }, notYet as never);
  app.get('/resident/entitlements', { schema: { ...sec, summary: '我能享受的政策：符合条件的项目、已享受的免申即享、政策找人提示', querystring: ForQuery, response: { 200: EntitlementsSchema, ...errors, ...NotYet } } }, notYet as never);
  app.post('/resident/applications', { schema: { ...sec, summary: '在线申请（救助、养老床位轮候、照护评估）', body: ApplyBody, response: { 201: ApplicationDetailSchema, 409: ErrorBody, ...errors, ...NotYet } } }, notYet as never);
  app.get('/resident/applications', { schema: { ...sec, summary: '我的申请（含代办）', response: { 200: ApplicationListSchema, ...errors, ...NotYet } } }, notYet as never);
  app.get('/resident/applications/:id', { schema: { ...sec, summary: '申请详情：办理步骤、补充材料要求、已上传材料', params: IdParams, response: { 200: ApplicationDetailSchema, ...errors, ...NotYet } } }, notYet as never);
  app.post(
    '/resident/applications/:id/files',
    {
      schema: {
        ...sec,
        summary: '上传材料（multipart/form-data，字段 file；可带 requestSeq 回应补充材料要求；仅 PDF、JPG、PNG）',
        params: IdParams,
        consumes: ['multipart/form-data'],
        response: { 201: StoredFileSchema, 409: ErrorBody, 413: ErrorBody, ...errors, ...NotYet },
      },
    },
    notYet as never,
  );
  app.post(
    '/resident/applications/:id/withdraw',
    { schema: { ...sec, summary: '撤回申请（作出决定前）', params: IdParams, body: WithdrawBody, response: { 200: ApplicationDetailSchema, 409: ErrorBody, ...errors, ...NotYet } } },
    notYet as never,
  );
  app.get('/resident/consents', { schema: { ...sec, summary: '我的授权核对记录', response: { 200: ConsentListSchema, ...errors, ...NotYet } } }, notYet as never);
  app.post('/resident/consents', { schema: { ...sec, summary: '授权核对家庭经济状况', body: ConsentBody, response: { 201: ConsentSchema, ...errors, ...NotYet } } }, notYet as never);
  app.delete('/resident/consents/:id', { schema: { ...sec, summary: '撤回授权', params: IdParams, response: { 204: Type.Null(), 409: ErrorBody, ...errors, ...NotYet } } }, notYet as never);
  app.get('/resident/inbox', { schema: { ...sec, summary: '消息：决定通知书、发放到账、补充材料要求', response: { 200: InboxSchema, ...errors, ...NotYet } } }, notYet as never);
  app.post('/resident/inbox/:id/read', { schema: { ...sec, summary: '标为已读', params: IdParams, response: { 204: Type.Null(), ...errors, ...NotYet } } }, notYet as never);
  app.get('/resident/inbox/:id/notice.pdf', { schema: { ...sec, summary: '下载决定通知书（PDF）', params: IdParams, response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }), ...errors, ...NotYet } } }, notYet as never);
  app.get('/resident/channels', { schema: { ...sec, summary: '消息提醒方式', response: { 200: ChannelsSchema, ...errors, ...NotYet } } }, notYet as never);
  app.put('/resident/channels', { schema: { ...sec, summary: '设置消息提醒方式', body: ChannelsBody, response: { 200: ChannelsSchema, ...errors, ...NotYet } } }, notYet as never);
  app.get('/resident/objections', { schema: { ...sec, summary: '我提出的异议', response: { 200: ObjectionListSchema, ...errors, ...NotYet } } }, notYet as never);
  app.post('/resident/objections', { schema: { ...sec, summary: '对决定或公示提出异议（在期限内）', body: ObjectionBody, response: { 201: ObjectionSchema, 409: ErrorBody, ...errors, ...NotYet } } }, notYet as never);

  // Staff side: the caseworker's list of residents' objections, with the answer deadline.
  const staffTags = ['居民异议'];
  app.get(
    '/resident-objections',
    { schema: { tags: staffTags, security: bearer, summary: '居民提出的异议（本辖区），含答复期限', querystring: StaffObjectionQuery, response: { 200: StaffObjectionListSchema, ...errorResponses, ...NotYet } } },
    notYet as never,
  );
  app.post(
    '/resident-objections/:id/answer',
    { schema: { tags: staffTags, security: bearer, summary: '答复居民异议', params: IdParams, body: ObjectionAnswerBody, response: { 200: StaffObjectionSchema, 409: ErrorBody, ...errorResponses, ...NotYet } } },
    notYet as never,
  );
}
