/**
 * Public surface of 婚姻登记 (marriage registration): offices and booking, registration with the Civil Code checks,
 * divorce by agreement with the cooling-off, court judgements, certificates and e-licences, historical imports, figures.
 */
export * from './model.js';
export { marriageDeps, systemClock, type MarriageDeps, type Clock } from './deps.js';
export { marriageRoutes, createMarriageRoutes } from './routes.js';
export { marriageHandlers } from './handlers.js';
export { lapseApplications } from './divorce.js';
export { loadMarriageDemo, type MarriageDemoSummary } from './demo.js';
export { marriageAuditLabels } from './audit-labels.js';
export { bookAsResident, cancelAsResident, residentBookings, type BookingWrite, type ResidentBookingInput, type ResidentBookingView, type ResidentParty } from './resident-booking.js';
export { slotsForResident } from './booking.js';
export { listOfficesWithAddress } from './offices.js';
export { ResidentBookingBody, ResidentBookingSchema, ResidentOfficeSchema, ResidentSlotsQuery, SlotSchema } from './schemas.js';
export { maritalStatus, maritalStatusNames, type MaritalStatus } from './status.js';
