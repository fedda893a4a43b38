/**
 * Public surface of the policy engine. Packs (src/policies/*) define programmes with the rule language
 * below; the engine explains one household, screens a columnar population and simulates parameter changes
 * from the same definitions. The HTTP routes and CLI live in routes.ts / cli-evaluate.ts (they bind the
 * Shanghai pack and are imported by the app, not from here, to keep this module free of a pack cycle).
 */
export * from './dsl.js';
export {
  resolveParameter,
  applyOverrides,
  tableFromUsed,
  checkParameterTable,
  scalarValue,
  tableValue,
  type ParamUnit,
  type ParamValue,
  type DatedValue,
  type ParameterDef,
  type ParameterTable,
  type UsedParameter,
  type ParameterOverride,
} from './params.js';
export {
  definePack,
  withDependencies,
  type Condition,
  type Programme,
  type HouseholdProgramme,
  type PersonProgramme,
  type PolicyPack,
  type PolicyPackSpec,
  type PolicyWarning,
  type PackCheck,
  type DecisionBasis,
} from './programme.js';
export type {
  Disability,
  MemberFacts,
  HouseholdFacts,
  EvaluateRequest,
  EvaluateResponse,
  ProgrammeResult,
  ConditionOutcome,
  UsedParameterOut,
} from './household.js';
export { explainHousehold, type ExplainOptions } from './explain.js';
export { evaluateRequestWith } from './evaluate.js';
export { validateEvaluateRequest, validateHousehold } from './validate.js';
export { formatParameterValue } from './render.js';
export {
  ColumnsBuilder,
  allocateColumns,
  columnsFromHouseholds,
  checkColumns,
  ymd,
  type PopulationColumns,
  type MemberColumn,
  type HouseholdColumn,
} from './columns.js';
export { compileKernel, type CompileOptions, type CompiledKernel, type ProgrammeColumns, type KernelFn } from './compile.js';
export { screen, runKernel, allocateOutputs, type ScreenOptions, type ScreenResult } from './screen.js';
export { simulate, type SimulationRequest, type SimulationReport, type ProgrammeSimulation, type Figures } from './simulate.js';
export { householdFromColumns, isoFromYmd } from './columns.js';
export { syntheticPopulation, rng, SHANGHAI_DISTRICTS, type SyntheticOptions } from './synthetic.js';

// Database-backed services: parameters in the database, screening jobs, re-screening after registry
// events, eligibility lists for other modules, simulation over the stored population, CLI entry points.
// Loaded on first call (store-api.ts), so the pure engine (evaluate CLI, packs) starts without the database code.
export * from './store-api.js';
export { policyLabels, PolicyLabelsSchema } from './labels.js';
export { activePack, installPolicyPack } from './active-pack.js';
