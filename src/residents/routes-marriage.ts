/**
 * 婚姻登记网上预约 in the resident API (`/api/v1/resident/marriage/…`): offices and free places (no personal data),
 * the couple's bookings (either partner, signed in, sees them), book and cancel. A resident session only.
 */
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { ErrorBody, errorResponses } from '../http/schemas.js';
import type { AppInstance } from '../http/types.js';
import { listOfficesWithAddress, ResidentBookingBody, ResidentBookingSchema, ResidentOfficeSchema, ResidentSlotsQuery, SlotSchema, slotsForResident } from '../marriage/index.js';
import type { ResidentDeps } from './deps.js';
import { bookMarriage, cancelMarriageBooking, myMarriageBookings } from './marriage-booking.js';
import { marriageDepsOf } from './ports.js';
import { residentOf } from './session-http.js';

const sec = { tags: ['resident'], security: [{ residentCookie: [] as string[] }] };
const errors = { ...errorResponses, 409: ErrorBody, 429: ErrorBody };
const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });

export async function residentMarriageRoutes(app: AppInstance, deps: ResidentDeps): Promise<void> {
  const resident = (request: FastifyRequest) => residentOf(request, deps);
  const marriage = marriageDepsOf(deps);
  app.get('/resident/marriage/offices', { schema: { ...sec, summary: '婚姻登记机关（地址、涉外登记）', response: { 200: Type.Array(ResidentOfficeSchema), ...errors } } }, async (request) => {
    await resident(request);
    return listOfficesWithAddress(marriage);
  });
  app.get('/resident/marriage/slots', { schema: { ...sec, summary: '某登记机关某日可网上预约的时段和余量', querystring: ResidentSlotsQuery, response: { 200: Type.Array(SlotSchema), ...errors } } }, async (request) => {
    await resident(request);
    return slotsForResident(marriage, request.query.officeId, request.query.day);
  });
  app.get('/resident/marriage/bookings', { schema: { ...sec, summary: '我的婚姻登记预约（含对方为我们预约的）', response: { 200: Type.Array(ResidentBookingSchema), ...errors } } }, async (request) =>
    myMarriageBookings(deps, await resident(request)),
  );
  app.post(
    '/resident/marriage/bookings',
    { schema: { ...sec, summary: '预约婚姻登记（至少提前1天；双方各只能有一个未办理的预约）', body: ResidentBookingBody, response: { 201: ResidentBookingSchema, ...errors } } },
    async (request, reply) => reply.status(201).send(await bookMarriage(deps, await resident(request), request.body)),
  );
  app.post('/resident/marriage/bookings/:id/cancel', { schema: { ...sec, summary: '取消预约（预约日前一天及之前，双方任一方均可）', params: IdParams, response: { 200: ResidentBookingSchema, ...errors } } }, async (request) =>
    cancelMarriageBooking(deps, await resident(request), request.params.id),
  );
}
