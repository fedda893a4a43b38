/**
 * Public surface of the residents' end (居民端): resident identity and sessions, entitlements, online
 * applications, uploads, consents, inbox, channels and objections. Other modules use only what is exported here.
 */
export * from './model.js';
export { residentRoutes, RESIDENT_TAG, residentSecurity } from './routes.js';
export { inboxHandler, setMessageChannels, DevChannel, type MessageChannel } from './inbox.js';
export { residentSessionFor, setDevCodeSink, type DevCodeSink } from './identity.js';
export { apply as applyOnline } from './applications.js';
export { bookMarriage } from './marriage-booking.js';
export { residentDeps } from './deps.js';
export { setVirusScanner, devScanner, sniffType, type VirusScanner } from './uploads.js';
export { residentLabels, ResidentLabelsSchema } from './labels.js';
export { residentsAuditLabels } from './audit-labels.js';
