export { loadDemoCity, type DemoCityOptions, type DemoCityPhase, type DemoCityProgress, type DemoCitySummary } from './load.js';
export { DEMO_STREETS } from './plan.js';
export { demoCityProgressBar } from './progress.js';
