/**
 * Simulate a parameter change against the baseline over the same population: who becomes eligible, who
 * drops out, and what it costs, by district. Both sides run the same compiled rules, month by month for
 * a year (ages and scheduled parameter changes move within the year), so the only difference between
 * the two sides is the override.
 */
import { addMonths, type Month } from '../kernel/index.js';
import type { PopulationColumns } from './columns.js';
import { compileKernel, type ProgrammeColumns } from './compile.js';
import { applyOverrides, type ParameterOverride, type ParameterTable, type UsedParameter } from './params.js';
import type { PolicyPack, PolicyWarning } from './programme.js';
import { allocateOutputs, runKernel } from './screen.js';

export interface SimulationRequest {
  readonly startMonth: Month;
  readonly overrides: readonly ParameterOverride[];
  /** Default: every programme. */
  readonly programmes?: readonly string[];
  /** Default: the pack's table. */
  readonly baseline?: ParameterTable;
}

export interface Figures {
  /** Households with at least one recipient (household programmes: recipient households). */
  baselineHouseholds: number;
  scenarioHouseholds: number;
  baselinePersons: number;
  scenarioPersons: number;
  newlyEligibleHouseholds: number;
  noLongerEligibleHouseholds: number;
  newlyEligiblePersons: number;
  noLongerEligiblePersons: number;
  /** Cost of the first month (startMonth). */
  baselineMonthlyCostFen: number;
  scenarioMonthlyCostFen: number;
  /** Cost of the 12 months from startMonth. */
  baselineYearlyCostFen: number;
  scenarioYearlyCostFen: number;
}

export interface ProgrammeSimulation {
  readonly programme: string;
  readonly unit: 'household' | 'person';
  readonly districts: readonly ({ readonly district: string } & Figures)[];
  readonly total: Figures;
}

export interface SimulationReport {
  readonly startMonth: Month;
  readonly ruleVersion: string;
  readonly rulesFingerprint: string;
  readonly overrides: readonly ParameterOverride[];
  /** Pack checks that fail for the scenario but not the baseline (e.g. a standard below the 33 % floor). */
  readonly warnings: readonly PolicyWarning[];
  readonly baselineParameters: readonly UsedParameter[];
  readonly scenarioParameters: readonly UsedParameter[];
  readonly programmes: readonly ProgrammeSimulation[];
}

const emptyFigures = (): Figures => ({
  baselineHouseholds: 0,
  scenarioHouseholds: 0,
  baselinePersons: 0,
  scenarioPersons: 0,
  newlyEligibleHouseholds: 0,
  noLongerEligibleHouseholds: 0,
  newlyEligiblePersons: 0,
  noLongerEligiblePersons: 0,
  baselineMonthlyCostFen: 0,
  scenarioMonthlyCostFen: 0,
  baselineYearlyCostFen: 0,
  scenarioYearlyCostFen: 0,
});

export function simulate(pack: PolicyPack, cols: PopulationColumns, request: SimulationRequest): SimulationReport {
  const baseline = request.baseline ?? pack.parameters;
  const scenario = applyOverrides(baseline, request.overrides);
  const ids = request.programmes ?? pack.programmes.map((p) => p.id);
  const perDistrict = new Map<string, Figures[]>();
  const figuresFor = (programme: string): Figures[] => {
    let f = perDistrict.get(programme);
    if (!f) perDistrict.set(programme, (f = cols.districts.map(emptyFigures)));
    return f;
  };
  let baseOut: Record<string, ProgrammeColumns> | undefined;
  let scenOut: Record<string, ProgrammeColumns> | undefined;
  let baselineParameters: readonly UsedParameter[] = [];
  let scenarioParameters: readonly UsedParameter[] = [];
  for (let k = 0; k < 12; k++) {
    const month = addMonths(request.startMonth, k);
    const baseKernel = compileKernel(pack, month, ids, { parameters: baseline });
    const scenKernel = compileKernel(pack, month, ids, { parameters: scenario });
    baseOut ??= allocateOutputs(baseKernel.programmes, cols);
    scenOut ??= allocateOutputs(scenKernel.programmes, cols);
    runKernel(pack, baseKernel, cols, { into: baseOut });
    runKernel(pack, scenKernel, cols, { into: scenOut });
    if (k === 0) {
      baselineParameters = baseKernel.parameters;
      scenarioParameters = scenKernel.parameters;
    }
    for (const p of baseKernel.programmes) {
      if (!ids.includes(p.id)) continue;
      accumulate(cols, p.unit, baseOut[p.id], scenOut[p.id], figuresFor(p.id), k === 0);
    }
  }
  const baseWarnings = new Set((pack.checks ?? []).flatMap((c) => c(baseline)).map((w) => `${w.code}|${w.parameter}|${w.from}`));
  const warnings = (pack.checks ?? []).flatMap((c) => c(scenario)).filter((w) => !baseWarnings.has(`${w.code}|${w.parameter}|${w.from}`));
  const programmes = ids.map((id): ProgrammeSimulation => {
    const figures = figuresFor(id);
    const total = emptyFigures();
    for (const f of figures) for (const key of Object.keys(total) as (keyof Figures)[]) total[key] += f[key];
    return { programme: id, unit: pack.byId.get(id)?.unit ?? 'household', districts: figures.map((f, d) => ({ district: cols.districts[d] ?? String(d), ...f })), total };
  });
  return { startMonth: request.startMonth, ruleVersion: pack.ruleVersion, rulesFingerprint: pack.rulesFingerprint, overrides: request.overrides, warnings, baselineParameters, scenarioParameters, programmes };
}

/** One month's diff into the district figures. Plain loops over typed arrays: no per-household objects. */
function accumulate(cols: PopulationColumns, unit: 'household' | 'person', base: ProgrammeColumns, scen: ProgrammeColumns, figures: Figures[], firstMonth: boolean): void {
  const off = cols.memberOffsets;
  for (let h = 0; h < cols.householdCount; h++) {
    const f = figures[cols.districtIndex[h]];
    let bCost = 0,
      sCost = 0,
      bPersons = 0,
      sPersons = 0,
      newly = 0,
      lost = 0;
    if (unit === 'household') {
      const size = off[h + 1] - off[h];
      bCost = base.amountFen[h];
      sCost = scen.amountFen[h];
      bPersons = base.eligible[h] * size;
      sPersons = scen.eligible[h] * size;
      newly = base.eligible[h] ? 0 : scen.eligible[h] * size;
      lost = scen.eligible[h] ? 0 : base.eligible[h] * size;
    } else {
      for (let i = off[h]; i < off[h + 1]; i++) {
        bCost += base.amountFen[i];
        sCost += scen.amountFen[i];
        bPersons += base.eligible[i];
        sPersons += scen.eligible[i];
        newly += base.eligible[i] ? 0 : scen.eligible[i];
        lost += scen.eligible[i] ? 0 : base.eligible[i];
      }
    }
    f.baselineYearlyCostFen += bCost;
    f.scenarioYearlyCostFen += sCost;
    if (!firstMonth) continue;
    f.baselineMonthlyCostFen += bCost;
    f.scenarioMonthlyCostFen += sCost;
    f.baselinePersons += bPersons;
    f.scenarioPersons += sPersons;
    f.newlyEligiblePersons += newly;
    f.noLongerEligiblePersons += lost;
    if (bPersons > 0) f.baselineHouseholds++;
    if (sPersons > 0) f.scenarioHouseholds++;
    if (bPersons === 0 && sPersons > 0) f.newlyEligibleHouseholds++;
    if (bPersons > 0 && sPersons === 0) f.noLongerEligibleHouseholds++;
  }
}
