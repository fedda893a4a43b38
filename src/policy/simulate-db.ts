/**
 * What-if over the stored population: the start month's columns (the snapshot when it is complete and
 * fresh, else read from the registry), the installation's effective parameters as the baseline, and the
 * pure `simulate` (both sides through the same kernels). Reads only: runs, results and current results
 * are never written, so a simulation can not disturb what caseworkers see.
 */
import { authorize, scopeDivision, type Actor } from '../access/index.js';
import { divisionPrefix, invalid, isValidDate, isValidMonth, normaliseDivisionCode, type Month } from '../kernel/index.js';
import { SHANGHAI_DISTRICTS } from '../registry/index.js';
import { activePack } from './active-pack.js';
import { recordSimulationJob } from './job-records.js';
import { effectiveParameters } from './parameter-store.js';
import type { ParameterOverride } from './params.js';
import type { PolicyPack } from './programme.js';
import { readPopulation } from './screen-part.js';
import { simulate, type SimulationReport } from './simulate.js';
import { loadSnapshot } from './snapshot-store.js';
import { accessOf, policyDb, type PolicyContext } from './store-model.js';

export interface SimulateStoredRequest {
  readonly startMonth: string;
  readonly overrides: readonly unknown[];
  readonly programmes?: readonly string[];
  /** Default: the actor's jurisdiction. */
  readonly divisionCode?: string;
}

export interface StoredSimulationReport extends SimulationReport {
  readonly divisionCode: string;
  /** Where the columns came from: the month's snapshot, or the registry (no complete snapshot). */
  readonly source: 'snapshot' | 'registry';
  readonly households: number;
  readonly persons: number;
  readonly districtNames: Record<string, string>;
  readonly timings: { loadMs: number; simulateMs: number };
}

const bad = (message: string) => invalid('POLICY_INVALID_OVERRIDE', message);

export function validateOverrides(raw: readonly unknown[]): ParameterOverride[] {
  if (!Array.isArray(raw) || raw.length === 0 || raw.length > 50) throw bad('请给出 1 至 50 项参数调整');
  return raw.map((o, i): ParameterOverride => {
    const at = `第 ${i + 1} 项调整`;
    if (typeof o !== 'object' || o === null) throw bad(`${at}须为对象`);
    const r = o as Record<string, unknown>;
    if (typeof r.name !== 'string' || !r.name) throw bad(`${at}缺少参数名 name`);
    if (typeof r.from !== 'string' || !isValidDate(r.from)) throw bad(`${at}的生效日期 from 须为 YYYY-MM-DD`);
    const kinds = ['scalePermille', 'set', 'addFen'].filter((k) => r[k] !== undefined);
    if (kinds.length !== 1) throw bad(`${at}须且只能给出 scalePermille、set、addFen 之一`);
    const int = (v: unknown, min: number, max: number, what: string) => {
      if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min || v > max) throw bad(`${at}的 ${what} 须为 ${min} 至 ${max} 之间的整数`);
      return v;
    };
    if (r.scalePermille !== undefined) {
      const roundToFen = r.roundToFen === undefined ? undefined : int(r.roundToFen, 1, 100_000, 'roundToFen');
      return { name: r.name, from: r.from, scalePermille: int(r.scalePermille, 1, 100_000, 'scalePermille（千分比，+5% 为 1050）'), ...(roundToFen ? { roundToFen } : {}) };
    }
    if (r.addFen !== undefined) return { name: r.name, from: r.from, addFen: int(r.addFen, -1_000_000_000, 1_000_000_000, 'addFen（分）') };
    const set = r.set;
    if (Array.isArray(set)) return { name: r.name, from: r.from, set: set.map((v) => int(v, 0, 1_000_000_000, 'set（分）')) };
    return { name: r.name, from: r.from, set: int(set, 0, 1_000_000_000, 'set（分或千分比）') };
  });
}

export async function simulateStored(ctx: PolicyContext, actor: Actor | null, request: SimulateStoredRequest, pack?: PolicyPack): Promise<StoredSimulationReport> {
  const p = pack ?? (await activePack());
  if (typeof request.startMonth !== 'string' || !isValidMonth(request.startMonth)) throw invalid('POLICY_INVALID_MONTH', `起始月份格式错误：${String(request.startMonth)}（应为 YYYY-MM）`);
  const startMonth: Month = request.startMonth;
  const overrides = validateOverrides(request.overrides);
  for (const id of request.programmes ?? []) if (!p.byId.has(id)) throw invalid('POLICY_UNKNOWN_PROGRAMME', `未知项目：${id}`);
  const requested = request.divisionCode === undefined ? undefined : normaliseDivisionCode(String(request.divisionCode));
  if (requested === null) throw invalid('POLICY_INVALID_DIVISION', `区划代码无效：${String(request.divisionCode)}`);
  const divisionCode = actor ? scopeDivision(actor, requested) : (requested ?? '310000000000');
  const db = policyDb(ctx.db);
  if (actor) {
    await authorize(accessOf(db), actor, { permission: 'policy.simulate', action: 'policy.simulate', entityType: 'division', entityId: divisionCode, divisionCodes: [divisionCode], detail: { startMonth, overrides } });
  }
  const baseline = await effectiveParameters(db, p);
  if (actor) await recordSimulationJob(ctx.db, actor, { startMonth, overrides, programmes: request.programmes, divisionCode: requested }, divisionCode, baseline);
  const prefix = divisionPrefix(divisionCode);
  const t0 = performance.now();
  const snapshot = await loadSnapshot(ctx.db, startMonth, [prefix]);
  const population = snapshot ?? (await readPopulation(ctx, startMonth, [prefix]));
  const t1 = performance.now();
  const report = simulate(p, population.columns, { startMonth, overrides, programmes: request.programmes, baseline });
  const t2 = performance.now();
  const districtNames: Record<string, string> = {};
  for (const d of SHANGHAI_DISTRICTS) districtNames[d.code.slice(0, 6)] = d.name;
  return {
    ...report,
    divisionCode,
    source: snapshot ? 'snapshot' : 'registry',
    households: population.columns.householdCount,
    persons: population.columns.memberCount,
    districtNames,
    timings: { loadMs: Math.round(t1 - t0), simulateMs: Math.round(t2 - t1) },
  };
}
