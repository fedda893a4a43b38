/**
 * The resident API (`/api/v1/resident/…`): thin routes over the services. A resident session (cookie
 * `mz_resident`) is the only way in; staff sessions are ignored here, and a resident session opens no staff route.
 */
import multipart from '@fastify/multipart';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { AppContext } from '../context.js';
import { actorOf, bearer } from '../http/auth.js';
import { invalid } from '../kernel/index.js';
import { applicationDetail, apply, listApplications, withdraw } from './applications.js';
import { withAuditBatch } from '../access/index.js';
import { auditDb, residentDeps, type ResidentDeps } from './deps.js';
import { entitlementsOf } from './entitlements.js';
import { residentFile, staffFile, type StoredFileContent } from './file-downloads.js';
import { devLogin, devLoginAllowed, endResidentSession, oidcConfigured, requestDevCode } from './identity.js';
import { channelsOf, inboxOf, markRead, noticePdf, setChannels } from './inbox.js';
import { answerObjection, fileObjection, giveConsent, myConsents, myObjections, revokeConsent, staffObjections } from './objections.js';
import { finishOidc, startOidc } from './oidc.js';
import { residentLedgerRoutes } from './routes-ledgers.js';
import { residentMarriageRoutes } from './routes-marriage.js';
import { circleOf, householdSummary, personRef, recordAct } from './people.js';
import { clearResidentCookies, residentOf, residentTokenOf, setResidentCookies } from './session-http.js';
import { storeUpload, tooLarge } from './uploads.js';
import { today } from './deps.js';
import type { ResidentSession } from './identity.js';
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
  FileParams,
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

/** A page that only reads: the audit entries of its module reads are written in one go before it answers. */
const readPage = <T>(deps: ResidentDeps, work: () => Promise<T>): Promise<T> => withAuditBatch(auditDb(deps.db.kysely), work);

/** The resident, their household and the persons they may act for (the answer of login and `GET /resident/me`). */
async function meOf(deps: ResidentDeps, session: ResidentSession) {
  const circle = await circleOf(deps, session);
  const on = today(deps);
  return {
    resident: { residentId: session.residentId, person: personRef(circle.self, 'self', on), via: session.via },
    household: await householdSummary(deps, circle.household, circle),
    actFor: circle.actFor.map((a) => personRef(a.person, a.relation, on)),
  };
}

const binary = Type.Unsafe<Buffer>({ type: 'string', format: 'binary' });

/** A stored file as sent: its sniffed type (never the uploader's claim), its cleaned name. */
const sendFile = (reply: FastifyReply, file: StoredFileContent, disposition: 'inline' | 'attachment') =>
  reply
    .header('content-type', file.mediaType)
    .header('content-disposition', `${disposition}; filename*=UTF-8''${encodeURIComponent(file.fileName)}`)
    .send(file.content);

export async function residentRoutes(app: AppInstance, ctx: AppContext): Promise<void> {
  const deps = residentDeps(ctx);
  const resident = (request: FastifyRequest) => residentOf(request, deps);

  app.get('/resident/auth/config', { schema: { tags, summary: '居民端可用的登录方式', response: { 200: AuthConfigSchema } } }, async () => ({ devLogin: devLoginAllowed(), oidc: oidcConfigured() }));
  app.post('/resident/auth/dev/code', { schema: { tags, summary: '获取开发演示登录验证码（仅开发环境，验证码打印在服务日志中）', body: DevCodeBody, response: { 204: Type.Null(), ...errors } } }, async (request, reply) => {
    await requestDevCode(deps, request.body.idNumber);
    return reply.status(204).send(null);
  });
  app.post('/resident/auth/dev/login', { schema: { tags, summary: '开发演示登录（身份证号＋验证码）', body: DevLoginBody, response: { 200: MeSchema, ...errors } } }, async (request, reply) => {
    // The answer (the resident's page) is read as the new session, and its audit entries are written with the login's.
    const opened = await devLogin(deps, request.body.idNumber, request.body.code, { ip: request.ip }, (session) => meOf(deps, session));
    setResidentCookies(reply, deps, opened.token, opened.expiresAt);
    return opened.page;
  });
  app.get('/resident/auth/oidc/start', { schema: { tags, summary: '跳转全市统一身份认证登录', querystring: OidcStartQuery, response: { 302: Type.Null(), ...errors } } }, async (request, reply) =>
    reply.redirect(await startOidc(deps, request.query.returnTo), 302),
  );
  app.get('/resident/auth/oidc/callback', { schema: { tags, summary: '统一身份认证回调', querystring: OidcCallbackQuery, response: { 302: Type.Null(), ...errors } } }, async (request, reply) => {
    const url = new URL(request.url, `${request.protocol}://${request.host}`);
    const opened = await finishOidc(deps, url, { ip: request.ip });
    setResidentCookies(reply, deps, opened.token, opened.expiresAt);
    return reply.redirect(opened.returnTo, 302);
  });
  // Leaving needs no live session (an expired one must still be able to clear its cookies), so no CSRF check either.
  app.post('/resident/auth/logout', { schema: { tags, summary: '退出登录', response: { 204: Type.Null() } } }, async (request, reply) => {
    const token = residentTokenOf(request, deps);
    if (token) await endResidentSession(deps, token);
    clearResidentCookies(reply, deps);
    return reply.status(204).send(null);
  });

  const sec = { tags, security: residentSecurity };
  app.get('/resident/me', { schema: { ...sec, summary: '本人、家庭及可代办的人员', response: { 200: MeSchema, ...errors } } }, async (request) => {
    const session = await resident(request);
    return readPage(deps, async () => {
      const me = await meOf(deps, session);
      await recordAct(deps, session, session.personId, 'resident.me.read');
      return me;
    });
  });
  app.get('/resident/entitlements', { schema: { ...sec, summary: '我能享受的政策：符合条件的项目、已享受的免申即享、政策找人提示', querystring: ForQuery, response: { 200: EntitlementsSchema, ...errors } } }, async (request) => {
    const session = await resident(request);
    return readPage(deps, () => entitlementsOf(deps, session, request.query.for));
  });
  app.post('/resident/applications', { schema: { ...sec, summary: '在线申请（救助、养老床位轮候、照护评估）', body: ApplyBody, response: { 201: ApplicationDetailSchema, 409: ErrorBody, ...errors } } }, async (request, reply) =>
    reply.status(201).send(await apply(deps, await resident(request), request.body)),
  );
  app.get('/resident/applications', { schema: { ...sec, summary: '我的申请（含代办）', response: { 200: ApplicationListSchema, ...errors } } }, async (request) => listApplications(deps, await resident(request)));
  app.get('/resident/applications/:id', { schema: { ...sec, summary: '申请详情：办理步骤、补充材料要求、已上传材料', params: IdParams, response: { 200: ApplicationDetailSchema, ...errors } } }, async (request) =>
    applicationDetail(deps, await resident(request), request.params.id),
  );
  await app.register(async (plain) => {
    const scope = plain as AppInstance;
    // One file per request, capped at the configured size (plus the form's own bytes).
    await scope.register(multipart, { limits: { fileSize: deps.uploads.maxBytes, files: 1, fields: 2, fieldSize: 100 } });
    scope.post(
      '/resident/applications/:id/files',
      {
        schema: {
          ...sec,
          summary: '上传材料（multipart/form-data，字段 file；可带 requestSeq 回应补充材料要求；仅 PDF、JPG、PNG）',
          params: IdParams,
          consumes: ['multipart/form-data'],
          response: { 201: StoredFileSchema, 409: ErrorBody, ...errors },
        },
      },
      async (request, reply) => {
        const session = await resident(request);
        if (!request.isMultipart()) throw invalid('RESIDENT_UPLOAD_FORM', '请以表单方式（multipart/form-data）上传文件');
        const part = await request.file();
        if (!part) throw invalid('RESIDENT_FILE_MISSING', '请选择要上传的文件');
        let content: Buffer;
        try {
          content = await part.toBuffer();
        } catch (error) {
          if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge(deps.uploads.maxBytes);
          throw error;
        }
        const seqField = part.fields.requestSeq as { value?: unknown } | undefined;
        const requestSeq = seqField?.value === undefined || seqField.value === '' ? undefined : Number(seqField.value);
        if (requestSeq !== undefined && (!Number.isSafeInteger(requestSeq) || requestSeq < 1)) throw invalid('RESIDENT_UNKNOWN_REQUEST', '补充材料要求编号无效');
        return reply.status(201).send(await storeUpload(deps, session, request.params.id, { fileName: part.filename, content, requestSeq }));
      },
    );
  });
  app.get('/resident/applications/:id/files/:fileId', { schema: { ...sec, summary: '查看本人已上传的材料', params: FileParams, response: { 200: binary, ...errors } } }, async (request, reply) =>
    sendFile(reply, await residentFile(deps, await resident(request), request.params.id, request.params.fileId), 'inline'),
  );
  app.post('/resident/applications/:id/withdraw', { schema: { ...sec, summary: '撤回申请（作出决定前）', params: IdParams, body: WithdrawBody, response: { 200: ApplicationDetailSchema, 409: ErrorBody, ...errors } } }, async (request) =>
    withdraw(deps, await resident(request), request.params.id, request.body.reason),
  );
  app.get('/resident/consents', { schema: { ...sec, summary: '我的授权核对记录', response: { 200: ConsentListSchema, ...errors } } }, async (request) => myConsents(deps, await resident(request)));
  app.post('/resident/consents', { schema: { ...sec, summary: '授权核对家庭经济状况', body: ConsentBody, response: { 201: ConsentSchema, ...errors } } }, async (request, reply) =>
    reply.status(201).send(await giveConsent(deps, await resident(request), request.body)),
  );
  app.delete('/resident/consents/:id', { schema: { ...sec, summary: '撤回授权', params: IdParams, response: { 204: Type.Null(), 409: ErrorBody, ...errors } } }, async (request, reply) => {
    await revokeConsent(deps, await resident(request), request.params.id);
    return reply.status(204).send(null);
  });
  app.get('/resident/inbox', { schema: { ...sec, summary: '消息：决定通知书、发放到账、补充材料要求', response: { 200: InboxSchema, ...errors } } }, async (request) => inboxOf(deps, await resident(request)));
  app.post('/resident/inbox/:id/read', { schema: { ...sec, summary: '标为已读', params: IdParams, response: { 204: Type.Null(), ...errors } } }, async (request, reply) => {
    await markRead(deps, await resident(request), request.params.id);
    return reply.status(204).send(null);
  });
  app.get(
    '/resident/inbox/:id/notice.pdf',
    { schema: { ...sec, summary: '下载决定通知书（PDF）', params: IdParams, response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }), 423: ErrorBody, ...errors } } },
    async (request, reply) => {
      const { fileName, pdf } = await noticePdf(deps, await resident(request), request.params.id);
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`)
        .send(pdf);
    },
  );
  app.get('/resident/channels', { schema: { ...sec, summary: '消息提醒方式', response: { 200: ChannelsSchema, ...errors } } }, async (request) => channelsOf(deps, await resident(request)));
  app.put('/resident/channels', { schema: { ...sec, summary: '设置消息提醒方式', body: ChannelsBody, response: { 200: ChannelsSchema, ...errors } } }, async (request) => setChannels(deps, await resident(request), request.body));
  app.get('/resident/objections', { schema: { ...sec, summary: '我提出的异议', response: { 200: ObjectionListSchema, ...errors } } }, async (request) => myObjections(deps, await resident(request)));
  app.post('/resident/objections', { schema: { ...sec, summary: '对决定或公示提出异议（在期限内）', body: ObjectionBody, response: { 201: ObjectionSchema, 409: ErrorBody, ...errors } } }, async (request, reply) =>
    reply.status(201).send(await fileObjection(deps, await resident(request), request.body)),
  );

  await residentMarriageRoutes(app, deps);

  // Staff side: the caseworker's list of residents' objections, with the answer deadline, and its Excel ledger.
  await residentLedgerRoutes(app, deps);
  const staffTags = ['居民异议'];
  app.get(
    '/resident-objections',
    { schema: { tags: staffTags, security: bearer, summary: '居民提出的异议（本辖区），含答复期限', querystring: StaffObjectionQuery, response: { 200: StaffObjectionListSchema, ...errorResponses } } },
    async (request) => staffObjections(deps, actorOf(request), request.query),
  );
  app.get('/resident-files/:id', { schema: { tags: staffTags, security: bearer, summary: '下载居民在线上传的申请材料（本辖区，留痕）', params: IdParams, response: { 200: binary, ...errorResponses } } }, async (request, reply) =>
    sendFile(reply, await staffFile(deps, actorOf(request), request.params.id), 'attachment'),
  );
  app.post(
    '/resident-objections/:id/answer',
    { schema: { tags: staffTags, security: bearer, summary: '答复居民异议', params: IdParams, body: ObjectionAnswerBody, response: { 200: StaffObjectionSchema, 409: ErrorBody, ...errorResponses } } },
    async (request) => answerObjection(deps, actorOf(request), request.params.id, request.body),
  );
}
