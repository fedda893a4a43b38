/**
 * Computes one indicator for a month and a division from the modules' public functions. The current month is live;
 * dated sources (policy parameters, meals, the roster) give past months too; the bed counts exist only "now", so a
 * past month has them only from its month-end snapshot. Null when there is nothing to compute from.
 */
import type { Actor } from '../access/index.js';
import { childrenDeps, childrenFigures, type ChildrenFigures } from '../children/index.js';
import { figuresOn, type CommunityDeps } from '../community/index.js';
import { funeralDeps, funeralFigures, type FuneralFigures } from '../funeral/index.js';
import { dailyMealCounts, eldercareDeps, eldercareFigures, rentalCoverage, type DailyMealCount, type EldercareFigures } from '../eldercare/index.js';
import { DomainError, firstDayOfMonth, lastDayOfMonth, todayInShanghai, type Month } from '../kernel/index.js';
import { activePack, effectiveParameters, resolveParameter, scalarValue, type ParameterTable, type PolicyTables } from '../policy/index.js';
import { round, type IndicatorDef } from './catalogue.js';
import { currentMonth, INDICATORS_SYSTEM_ACTOR, type IndicatorDeps } from './deps.js';

export interface Computed {
  value: number | null;
  numerator?: number;
  denominator?: number;
  inputs: Record<string, unknown>;
}

export const CITY = '310000000000';

/**
 * Per-call cache: 15 indicators × 17 divisions read the parameter table, the city's bed figures (which carry every
 * district) and the city's meal counts (per meal point, each with its district) once.
 */
export interface ComputeSession {
  parameters?: ParameterTable;
  beds?: Promise<EldercareFigures>;
  meals?: Map<string, Promise<{ from: string; to: string; items: DailyMealCount[] }>>;
  children?: Promise<ChildrenFigures>;
  funeral?: Map<number, Promise<FuneralFigures>>;
}

/** The children's and funeral figures are read city-wide as a system actor of a role that holds their permission. */
const CITY_READER: Actor = { ...INDICATORS_SYSTEM_ACTOR, role: 'city_admin' };

async function parametersOf(deps: IndicatorDeps, session: ComputeSession): Promise<ParameterTable> {
  session.parameters ??= await effectiveParameters(deps.db.kysely.withTables<PolicyTables>(), await activePack());
  return session.parameters;
}

const notInForce = (error: unknown) => error instanceof DomainError && error.code === 'POLICY_PARAMETER_NOT_IN_FORCE';

/** The last day of the month, or today in the current month. */
function dayOf(deps: IndicatorDeps, month: Month): string {
  const today = todayInShanghai(deps.now());
  const last = lastDayOfMonth(month);
  return last < today ? last : today;
}

export async function computeIndicator(deps: IndicatorDeps, def: IndicatorDef, month: Month, division: string, session: ComputeSession = {}): Promise<Computed | null> {
  const live = month === currentMonth(deps);
  switch (def.source) {
    case 'policy': {
      // 低保标准 ÷ 上年度月人均消费支出, both as in force on the 1st of the month (reference §6.1).
      const parameters = await parametersOf(deps, session);
      try {
        const standard = resolveParameter(parameters, 'dibao.standard', month);
        const consumption = resolveParameter(parameters, 'dibao.floorReferenceConsumption', month);
        const s = scalarValue(standard);
        const c = scalarValue(consumption);
        return {
          value: round((s * 100) / c, def.decimals),
          numerator: s / 100,
          denominator: c / 100,
          inputs: { standardYuan: s / 100, standardFrom: standard.from, standardVerified: standard.verified, consumptionYuan: c / 100, consumptionFrom: consumption.from, consumptionVerified: consumption.verified },
        };
      } catch (error) {
        if (notInForce(error)) return null;
        throw error;
      }
    }
    case 'eldercare': {
      if (!live) return null;
      session.beds ??= eldercareFigures(eldercareDeps(deps.ctx, { now: deps.now }), INDICATORS_SYSTEM_ACTOR, { divisionCode: CITY });
      const figures = await session.beds;
      const b = division === CITY ? figures.beds : figures.byDistrict.find((d) => d.districtCode === division);
      if (!b) return null;
      if (b.total === 0) return null;
      const inputs = { on: figures.on, beds: b.total, nursing: b.nursing, cognitive: b.cognitive, ordinary: b.ordinary, cognitiveCountedAsNursing: figures.targets.nursingShare.cognitiveCountedAsNursing };
      if (def.no === 2) return { value: round(b.total / 10_000, def.decimals), numerator: b.total, inputs };
      if (def.no === 3) return { value: b.nursingSharePercent, numerator: b.nursing + (inputs.cognitiveCountedAsNursing ? b.cognitive : 0), denominator: b.total, inputs };
      return { value: b.cognitive, numerator: b.cognitive, inputs };
    }
    case 'meals': {
      const from = firstDayOfMonth(month);
      const to = dayOf(deps, month);
      session.meals ??= new Map();
      let city = session.meals.get(month);
      if (!city) {
        city = dailyMealCounts(eldercareDeps(deps.ctx, { now: deps.now }), INDICATORS_SYSTEM_ACTOR, { from, to, divisionCode: CITY });
        session.meals.set(month, city);
      }
      const items = (await city).items.filter((item) => division === CITY || item.districtCode === division);
      const meals = items.reduce((sum, item) => sum + item.total, 0);
      if (meals === 0) return null;
      const days = Number(to.slice(8, 10)) - Number(from.slice(8, 10)) + 1;
      return { value: round(meals / days / 10_000, def.decimals), numerator: meals, denominator: days, inputs: { from, to, meals, days, mealPoints: new Set(items.map((i) => i.mealPointId)).size } };
    }
    case 'rental': {
      // Rental points have no dated history of opening and closing: the live month only, past months from their snapshot.
      if (!live || division !== CITY) return null;
      const c = await rentalCoverage(eldercareDeps(deps.ctx, { now: deps.now }), INDICATORS_SYSTEM_ACTOR, { divisionCode: CITY, on: dayOf(deps, month) });
      if (c.streets === 0 || c.percent === null) return null;
      return { value: round(c.percent, def.decimals), numerator: c.covered, denominator: c.streets, inputs: { on: c.on, streets: c.streets, covered: c.covered, openRentals: c.openRentals } };
    }
    case 'roster': {
      const on = dayOf(deps, month);
      const communityDeps: CommunityDeps = { db: deps.db, vault: deps.vault, now: deps.now };
      const figures = await figuresOn(communityDeps, division, on, { staffing: false });
      if (figures.headcount === 0) return null;
      return { value: figures.certifiedPercent, numerator: figures.certified, denominator: figures.headcount, inputs: { on, headcount: figures.headcount, certified: figures.certified, byCertificate: figures.byCertificate } };
    }
    case 'children': {
      // Both are "now" figures (the latest 达标 year, the trained workers in post): the live month only; a past
      // month has them from its month-end snapshot.
      if (!live || division !== CITY) return null;
      session.children ??= childrenFigures(childrenDeps(deps.ctx, { now: deps.now }), { ...INDICATORS_SYSTEM_ACTOR, role: 'leader' });
      const figures = await session.children;
      if (def.no === 10) {
        const i = figures.protection.indicator10;
        if (i.institutions === 0 || i.percent === null) return null;
        return { value: i.percent, numerator: i.passed, denominator: i.institutions, inputs: { year: i.year, institutions: i.institutions, passed: i.passed } };
      }
      const trained = figures.trainedWorkers.count;
      if (trained === 0) return null;
      return { value: trained, numerator: trained, inputs: { trainedWorkers: trained } };
    }
    case 'funeral': {
      // The year's burials in newly opened areas with small plots ÷ all burials: the live month (year to date) and
      // a past year's December (the whole year); other past months from their month-end snapshot.
      if (division !== CITY || (!live && !month.endsWith('-12'))) return null;
      const year = Number(month.slice(0, 4));
      session.funeral ??= new Map();
      let figures = session.funeral.get(year);
      if (!figures) {
        figures = funeralFigures(funeralDeps(deps.ctx, { now: deps.now }), CITY_READER, { year });
        session.funeral.set(year, figures);
      }
      const eco = (await figures).ecoBurial;
      if (eco.total === 0 || eco.percent === null) return null;
      return { value: round(eco.percent, def.decimals), numerator: eco.small, denominator: eco.total, inputs: { year, small: eco.small, total: eco.total } };
    }
    case 'manual':
      return null;
  }
}
