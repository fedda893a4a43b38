/** Routes of the daily bulk files (bulk.ts): public downloads with manifest, schema and changelog; the city's build. */
import { Readable } from 'node:stream';
import { Type } from 'typebox';
import { actorOf, bearer } from '../http/auth.js';
import type { AppInstance } from '../http/types.js';
import { BULK_CHANGELOG, BULK_CSV_HEADER, BULK_FILES, BULK_FORMAT_VERSION, bulkDays, bulkFile, bulkManifest, buildBulkFiles } from './bulk.js';
import type { SocialorgDeps } from './deps.js';
import { DateString, errors, PublicDetailSchema, publicErrors, publicTags, tags } from './schemas.js';

const FileSchema = Type.Object({ name: Type.String(), contentType: Type.String(), rows: Type.Integer(), bytes: Type.Integer(), sha256: Type.String(), url: Type.String() });
export const ManifestSchema = Type.Object({
  day: DateString,
  formatVersion: Type.String(),
  previousDay: Type.Union([DateString, Type.Null()]),
  builtAt: Type.String(),
  organisations: Type.Integer(),
  changed: Type.Integer({ description: '与上一次生成相比有变化（含新增）的组织数' }),
  durationMs: Type.Integer(),
  files: Type.Array(FileSchema),
  schemaUrl: Type.String(),
  changelogUrl: Type.String(),
});
const DayParams = Type.Object({ day: DateString });

/** The fields of the files: the JSON's as JSON Schema (each element = one organisation's page), the CSV's columns. */
const BULK_SCHEMA = {
  formatVersion: BULK_FORMAT_VERSION,
  encoding: '文件均为 gzip 压缩；CSV 为 UTF-8（带 BOM）、CRLF 换行，首行为列名；JSON 为数组，每个元素为一个社会组织的公开信息',
  files: {
    'organisations.csv.gz': '全部公开的社会组织（含已注销、撤销），每行一个组织',
    'organisations.json.gz': '同上，JSON',
    'changes.csv.gz': '与上一次生成相比公开信息有变化（含新增）的组织，全量字段',
    'changes.json.gz': '同上，JSON',
  },
  csvColumns: BULK_CSV_HEADER,
  csvNote: '登记事项、年度检查、财务概况、评估等级记录、信用名录记录、行政处罚各列为多条记录，以“；”分隔；金额单位为元',
  json: { type: 'array', items: PublicDetailSchema },
  jsonNote: '金额字段（*Fen）单位为分',
};

export async function socialorgBulkRoutes(app: AppInstance, deps: SocialorgDeps, rate: { rateLimit: { max: number; timeWindow: number } }): Promise<void> {
  app.post(
    '/socialorg/runs/bulk-files',
    {
      schema: {
        tags,
        summary: '生成当日公开批量文件（每日一次；同一日再次执行返回已生成的清单）',
        security: bearer,
        body: Type.Object({ onDate: Type.Optional(DateString) }),
        response: { 200: Type.Intersect([ManifestSchema, Type.Object({ built: Type.Boolean() })]), ...errors },
      },
    },
    async (request) => buildBulkFiles(deps, actorOf(request), request.body.onDate),
  );
  const config = rate;
  app.get(
    '/public/socialorg/bulk',
    {
      config,
      schema: { tags: publicTags, summary: '公开批量文件：已生成的日期', response: { 200: Type.Array(Type.Object({ day: DateString, organisations: Type.Integer(), changed: Type.Integer(), manifestUrl: Type.String() })), ...publicErrors } },
    },
    async () => bulkDays(deps),
  );
  app.get('/public/socialorg/bulk/schema.json', { config, schema: { tags: publicTags, summary: '公开批量文件：字段说明', response: { 200: Type.Unknown(), ...publicErrors } } }, async () => BULK_SCHEMA);
  app.get(
    '/public/socialorg/bulk/changelog.json',
    {
      config,
      schema: {
        tags: publicTags,
        summary: '公开批量文件：格式变更记录',
        response: { 200: Type.Array(Type.Object({ version: Type.String(), date: DateString, changes: Type.Array(Type.String()) })), ...publicErrors },
      },
    },
    async () => [...BULK_CHANGELOG],
  );
  app.get(
    '/public/socialorg/bulk/:day/manifest.json',
    { config, schema: { tags: publicTags, summary: '公开批量文件：某日清单（行数、字节数、SHA-256）', params: DayParams, response: { 200: ManifestSchema, ...publicErrors } } },
    async (request) => bulkManifest(deps, request.params.day),
  );
  app.get(
    '/public/socialorg/bulk/:day/:file',
    {
      config,
      schema: {
        tags: publicTags,
        summary: '公开批量文件下载（gzip）',
        params: Type.Object({ day: DateString, file: Type.Union(BULK_FILES.map((f) => Type.Literal(f))) }),
        response: { 200: Type.String({ description: 'application/gzip' }), ...publicErrors },
      },
    },
    async (request, reply) => {
      const { day, file } = request.params;
      const found = await bulkFile(deps, day, file);
      reply.header('content-type', 'application/gzip').header('content-length', String(found.bytes)).header('x-content-sha256', found.sha256).header('content-disposition', `attachment; filename="socialorg-${day}-${file}"`);
      return reply.send(Readable.from(found.chunks) as never);
    },
  );
}
