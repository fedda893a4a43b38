/** HTTP routes of 康复辅具社区租赁 under /eldercare/rentals: renting and returning devices, the list, the catalogue, street coverage. */
import { Type } from 'typebox';
import type { AppInstance } from '../http/types.js';
import { actorOf, bearer } from '../http/auth.js';
import type { EldercareDeps } from './deps.js';
import { listRentals, rentalCoverage, rentDevice, returnDevice } from './rentals.js';
import { rentalCatalogue } from './rental-catalogue.js';
import { DateString, DivisionQuery, eldercareErrors, tags } from './schemas.js';
import { CatalogueSchema, CoverageSchema, RentalRecordedSchema, RentalSchema, RentBody } from './schemas-rentals.js';

export async function rentalRoutes(app: AppInstance, deps: EldercareDeps): Promise<void> {
  app.post(
    '/eldercare/rentals',
    {
      schema: {
        tags,
        summary: '登记康复辅具租赁（按租赁开始当日的目录租金和补贴比例核定；同一人同一辅具未归还前重复提交返回首次记录）',
        security: bearer,
        body: RentBody,
        response: { 200: RentalRecordedSchema, ...eldercareErrors },
      },
    },
    async (request) => rentDevice(deps, actorOf(request), request.body),
  );

  app.post(
    '/eldercare/rentals/:id/return',
    {
      schema: {
        tags,
        summary: '登记辅具归还',
        security: bearer,
        params: Type.Object({ id: Type.Integer({ minimum: 1 }) }),
        body: Type.Object({ returnedOn: DateString }, { additionalProperties: false }),
        response: { 200: RentalSchema, ...eldercareErrors },
      },
    },
    async (request) => returnDevice(deps, actorOf(request), request.params.id, request.body),
  );

  app.get(
    '/eldercare/rentals',
    {
      schema: {
        tags,
        summary: '辅具租赁台账（按租赁点所在地；个人信息，查询留痕）',
        security: bearer,
        querystring: Type.Object({
          divisionCode: DivisionQuery,
          pointId: Type.Optional(Type.Integer({ minimum: 1 })),
          open: Type.Optional(Type.Boolean({ description: 'true 在租；false 已归还' })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
          offset: Type.Optional(Type.Integer({ minimum: 0 })),
        }),
        response: { 200: Type.Object({ items: Type.Array(RentalSchema), total: Type.Integer(), limit: Type.Integer(), offset: Type.Integer() }), ...eldercareErrors },
      },
    },
    async (request) => listRentals(deps, actorOf(request), request.query),
  );

  app.get(
    '/eldercare/rentals/catalogue',
    {
      schema: {
        tags,
        summary: '某日的康复辅具租赁目录（月租金）与各类对象的补贴比例，含参数来源',
        security: bearer,
        querystring: Type.Object({ on: Type.Optional(DateString) }),
        response: { 200: CatalogueSchema, ...eldercareErrors },
      },
    },
    async (request) => rentalCatalogue(deps, actorOf(request), request.query.on),
  );

  app.get(
    '/eldercare/rentals/coverage',
    {
      schema: {
        tags,
        summary: '康复辅具社区租赁实体点街镇覆盖率（规划指标 8）：有开放租赁点的街镇数 / 街镇总数，按区分列，列出未覆盖街镇',
        security: bearer,
        querystring: Type.Object({ divisionCode: DivisionQuery, on: Type.Optional(DateString) }),
        response: { 200: CoverageSchema, ...eldercareErrors },
      },
    },
    async (request) => rentalCoverage(deps, actorOf(request), request.query),
  );
}
