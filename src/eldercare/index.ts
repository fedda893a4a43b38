/**
 * Public surface of 养老服务 (elderly care): the registry of services and beds, stays, the unified care-needs
 * assessment, the pooled waitlist for basic-guarantee beds, supervision, meal service and the figures.
 * Other modules (and the CLI) use only what is exported here.
 */
export * from './model.js';
export { eldercareDeps, systemClock, type EldercareDeps, type Clock } from './deps.js';
export { loadSettings, listSettings, setSetting, SETTINGS, type EldercareSettings, type SettingName } from './settings.js';
export { eldercareHandlers } from './handlers.js';
export { eldercareRoutes, createEldercareRoutes } from './routes.js';
