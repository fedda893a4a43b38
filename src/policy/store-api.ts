/**
 * The public surface of the policy module's database-backed services. Each function loads its
 * implementation on first call: the pure engine (the evaluate CLI, the packs, the kernels) is imported by
 * much more code than needs PostgreSQL, and importing the database layer doubled its start-up time.
 * Only types (and the leaf that names the re-screen handler) are imported statically here.
 */
import type { EventHandler } from '../db/index.js';
import { rescreenOnRegistryChange } from './rescreen-handler.js';

/** `load()[key]`, called when the returned function is; the implementation module is cached by Node. */
function lazy<M, K extends keyof M>(load: () => Promise<M>, key: K): M[K] {
  const call = async (...args: unknown[]): Promise<unknown> => ((await load())[key] as (...a: unknown[]) => Promise<unknown>)(...args);
  return call as unknown as M[K];
}

const parameters = () => import('./parameter-store.js');
const jobs = () => import('./screen-jobs.js');
const queries = () => import('./screen-queries.js');
const rescreen = () => import('./rescreen.js');
const simulation = () => import('./simulate-db.js');
const cli = () => import('./cli-screen.js');
const part = () => import('./screen-part.js');

export const effectiveParameters = lazy(parameters, 'effectiveParameters');
export const listParameters = lazy(parameters, 'listParameters');
export const addParameterValue = lazy(parameters, 'addParameterValue');
export const syncPackParameters = lazy(parameters, 'syncPackParameters');
export const startScreenRun = lazy(jobs, 'startScreenRun');
export const runScreen = lazy(jobs, 'runScreen');
export const getScreenRun = lazy(queries, 'getScreenRun');
export const listScreenResults = lazy(queries, 'listScreenResults');
export const eligibleHouseholds = lazy(queries, 'eligibleHouseholds');
export const rescreenHousehold = lazy(rescreen, 'rescreenHousehold');
export const rescreenHouseholds = lazy(rescreen, 'rescreenHouseholds');
export const simulateStored = lazy(simulation, 'simulateStored');
export const readPopulation = lazy(part, 'readPopulation');
export const runScreenCli = lazy(cli, 'runScreenCli');
export const runSimulateCli = lazy(cli, 'runSimulateCli');

/** Registry events that can change a decision re-screen the households they name (rescreen.ts). */
export const policyHandlers: EventHandler[] = [rescreenOnRegistryChange];

export type { NewParameterValue, ParameterListing, StoredParameterValue } from './parameter-store.js';
export type { ScreenRequest } from './screen-jobs.js';
export type { ScreenRunView, ScreenResultRow, EligibleHousehold } from './screen-queries.js';
export type { RescreenedHousehold, CurrentResult } from './rescreen.js';
export type { SimulateStoredRequest, StoredSimulationReport } from './simulate-db.js';
export type { Population } from './population.js';
export type { PolicyTables, PolicyContext } from './store-model.js';
