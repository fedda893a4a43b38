/** The scenario of a simulation as the URL carries it, so a result can be bookmarked, shared and returned to. */
import type { Override, SimulationRequest } from '../../api/simulation.js';
import { parseYuan } from '../../format/money.js';
import { percentToPermille } from '../../format/percent.js';

export type ChangeMode = 'scale' | 'add' | 'set';

export interface Scenario {
  parameter: string;
  mode: ChangeMode;
  /** As typed: per cent for `scale`, yuan for `add` and `set`. */
  value: string;
  from: string;
  startMonth: string;
  division?: string;
  programmes: string[];
}

export function scenarioFromParams(params: URLSearchParams): Scenario | null {
  const parameter = params.get('param');
  const mode = params.get('mode') as ChangeMode | null;
  const value = params.get('value');
  const from = params.get('from');
  const startMonth = params.get('start');
  if (!parameter || !mode || !['scale', 'add', 'set'].includes(mode) || value === null || !from || !startMonth) return null;
  const programmes = (params.get('programmes') ?? '').split(',').filter(Boolean);
  return { parameter, mode, value, from, startMonth, division: params.get('division') ?? undefined, programmes };
}

export function scenarioToParams(s: Scenario): URLSearchParams {
  const params = new URLSearchParams({ param: s.parameter, mode: s.mode, value: s.value, from: s.from, start: s.startMonth });
  if (s.division) params.set('division', s.division);
  if (s.programmes.length) params.set('programmes', s.programmes.join(','));
  return params;
}

/** Null when the value does not parse; the form validates first, so this only guards a hand-edited URL. */
export function requestOf(s: Scenario): SimulationRequest | null {
  let override: Override;
  if (s.mode === 'scale') {
    const permille = percentToPermille(s.value);
    if (permille === null) return null;
    override = { name: s.parameter, from: s.from, scalePermille: permille };
  } else {
    const fen = parseYuan(s.value);
    if (fen === null || (s.mode === 'set' && fen < 0)) return null;
    override = s.mode === 'add' ? { name: s.parameter, from: s.from, addFen: fen } : { name: s.parameter, from: s.from, set: fen };
  }
  return { startMonth: s.startMonth, overrides: [override], programmes: s.programmes.length ? s.programmes : undefined, divisionCode: s.division };
}

export function describeScenario(s: Scenario, parameterLabel: string): string {
  const change = s.mode === 'scale' ? `${s.value.startsWith('-') ? '' : '+'}${s.value}%` : s.mode === 'add' ? `${s.value.startsWith('-') ? '' : '+'}${s.value} 元` : `调整为 ${s.value} 元`;
  return `${parameterLabel} ${change}（${s.from} 起）`;
}
