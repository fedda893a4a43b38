/** 公开数据 over HTTP: publication by the city admin (indicators.enter); reading with no login, cached and rate-limited. */
import { Type } from 'typebox';
import { actorOf, bearer } from '../http/auth.js';
import { ErrorBody, errorResponses } from '../http/schemas.js';
import type { AppInstance } from '../http/types.js';
import type { IndicatorDeps } from './deps.js';
import { openDataIndex, openDataTable, publishMonth } from './open-data.js';
import { openTableCsv } from './open-table.js';

const publicTags = ['公开数据'];
const PUBLIC_RATE = { rateLimit: { max: 300, timeWindow: 60_000 } };
const publicErrors = { 400: ErrorBody, 404: ErrorBody, 429: ErrorBody };
const Month = Type.String({ pattern: '^[0-9]{4}-[0-9]{2}$', description: '月份 YYYY-MM' });
const Cell = Type.Union([Type.Number(), Type.Literal('<5'), Type.Null()], { description: '数值；少于 5 人（户）或可由合计推算时为 "<5"' });
const TableSchema = Type.Object({
  dataset: Type.String(),
  title: Type.String(),
  month: Type.String(),
  note: Type.String(),
  columns: Type.Array(Type.Object({ key: Type.String(), name: Type.String(), kind: Type.String(), base: Type.Optional(Type.String()) })),
  rowTotal: Type.Optional(Type.String()),
  rows: Type.Array(Type.Object({ districtCode: Type.String(), districtName: Type.String(), cells: Type.Record(Type.String(), Cell) })),
  total: Type.Record(Type.String(), Cell),
  hiddenCells: Type.Integer(),
});
const IndexSchema = Type.Object({ months: Type.Array(Type.Object({ month: Type.String(), publishedAt: Type.String(), datasets: Type.Array(Type.Object({ dataset: Type.String(), title: Type.String() })) })) });

export function openDataRoutes(app: AppInstance, deps: IndicatorDeps): void {
  app.post(
    '/indicators/open-data/:month/publish',
    {
      schema: {
        tags: ['规划指标'],
        summary: '发布某月公开数据（已结束的月份；按区汇总，少于 5 的单元格及其补充隐藏后保存）',
        security: bearer,
        params: Type.Object({ month: Month }),
        response: { 200: Type.Object({ month: Type.String(), datasets: Type.Array(Type.Object({ dataset: Type.String(), title: Type.String(), hiddenCells: Type.Integer() })) }), ...errorResponses },
      },
    },
    async (request) => publishMonth(deps, actorOf(request), request.params.month),
  );
  app.get('/public/open-data', { config: PUBLIC_RATE, schema: { tags: publicTags, summary: '已公开的月份与数据集', response: { 200: IndexSchema, ...publicErrors } } }, async (_request, reply) => {
    reply.header('cache-control', 'public, max-age=60');
    return openDataIndex(deps);
  });
  app.get(
    '/public/open-data/:month/:dataset',
    {
      config: PUBLIC_RATE,
      schema: {
        tags: publicTags,
        summary: '某月某数据集（按区；format=csv 下载 CSV）',
        params: Type.Object({ month: Month, dataset: Type.String({ maxLength: 40 }) }),
        querystring: Type.Object({ format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')])) }),
        response: { 200: Type.Union([TableSchema, Type.String({ description: 'text/csv' })]), ...publicErrors },
      },
    },
    async (request, reply) => {
      const table = await openDataTable(deps, request.params.month, request.params.dataset);
      reply.header('cache-control', 'public, max-age=60');
      if (request.query.format !== 'csv') return table;
      reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="open-data-${table.dataset}-${table.month}.csv"`);
      return reply.send(openTableCsv(table));
    },
  );
}
