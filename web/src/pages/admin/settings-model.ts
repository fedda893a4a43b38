/**
 * Every module's dated parameters in one shape for 参数设置: the value in force today, the values set for a
 * later day, and the whole history. Each module keeps its own API; this file only lines them up.
 */
import type { AssistanceSetting, EldercareSettingRow, PolicyParameter, RuleParameter } from '../../api/admin-types.js';
import { priorityGroupLabels } from '../../format/eldercare-labels.js';
import { assistanceProgrammeLabels, assistanceSettingDescriptions, assistanceSettingLabels } from '../../format/labels.js';
import { formatFen } from '../../format/money.js';

export type SettingModule = 'policy' | 'assistance' | 'monitoring' | 'eldercare';

/** How a value is read and entered: money in 元 on screen (fen on the wire), multipliers, counts, orders. */
export type ValueKind = 'fen' | 'fenBySize' | 'multiplier' | 'integer' | 'groups' | 'monthsByProgramme';

export interface DatedValue {
  /** null: the initial configuration, in force until the first dated value. */
  from: string | null;
  value: unknown;
  verified: boolean;
  note: string;
  by: string | null;
  at: string | null;
  /** False when a later entry for the same day replaced it. */
  replaced: boolean;
}

export interface SettingRow {
  module: SettingModule;
  name: string;
  label: string;
  description: string;
  kind: ValueKind;
  /** Suffix for integers (天, 个月, ‰…). */
  suffix: string;
  min: number;
  max: number;
  current: DatedValue | null;
  upcoming: DatedValue[];
  history: DatedValue[];
  /** Assistance refuses a day before today: decisions already made keep their configuration. */
  noPastDates: boolean;
}

function split(history: DatedValue[], today: string): { current: DatedValue | null; upcoming: DatedValue[] } {
  const live = history.filter((v) => !v.replaced);
  const past = live.filter((v) => v.from === null || v.from <= today);
  return { current: past.at(-1) ?? null, upcoming: live.filter((v) => v.from !== null && v.from > today) };
}

export function policyRows(parameters: PolicyParameter[], today: string): SettingRow[] {
  return parameters.map((p) => {
    const history = p.values.map((v): DatedValue => ({ from: v.from, value: v.value, verified: v.verified, note: v.note, by: v.origin === 'pack' ? null : v.enteredBy, at: v.enteredAt, replaced: !v.inForce }));
    const kind: ValueKind = p.unit === 'fenBySize' ? 'fenBySize' : p.unit === 'permille' ? 'multiplier' : 'fen';
    return { module: 'policy', name: p.name, label: p.label, description: p.description, kind, suffix: '', min: 0, max: kind === 'multiplier' ? 100_000 : 1_000_000_000, history, ...split(history, today), noPastDates: false };
  });
}

const ASSISTANCE_KINDS: Record<string, { kind: ValueKind; suffix: string; min: number; max: number }> = {
  'temporary.ceilingFen': { kind: 'fen', suffix: '', min: 0, max: 100_000_000 },
  'notice.days': { kind: 'integer', suffix: '天', min: 1, max: 60 },
  'decision.deadlineDays': { kind: 'integer', suffix: '天', min: 1, max: 365 },
  'review.intervalMonths': { kind: 'monthsByProgramme', suffix: '个月', min: 1, max: 60 },
  'sampling.ratePermille': { kind: 'integer', suffix: '‰', min: 0, max: 1000 },
  'temporary.multiplier.illness': { kind: 'multiplier', suffix: '', min: 0, max: 100_000 },
  'temporary.multiplier.accident': { kind: 'multiplier', suffix: '', min: 0, max: 100_000 },
  'temporary.multiplier.disaster': { kind: 'multiplier', suffix: '', min: 0, max: 100_000 },
  'temporary.multiplier.basic_living': { kind: 'multiplier', suffix: '', min: 0, max: 100_000 },
  'temporary.yearlyCapFen': { kind: 'fen', suffix: '', min: 0, max: 100_000_000 },
  'temporary.emergencyLimitFen': { kind: 'fen', suffix: '', min: 0, max: 100_000_000 },
  'temporary.paperworkDays': { kind: 'integer', suffix: '天', min: 1, max: 90 },
  'recovery.deductionPermille': { kind: 'integer', suffix: '‰', min: 0, max: 1000 },
  'price.cpiThresholdPermille': { kind: 'integer', suffix: '‰', min: 0, max: 500 },
  'price.foodThresholdPermille': { kind: 'integer', suffix: '‰', min: 0, max: 1000 },
  'price.amountFenPerPersonMonth': { kind: 'fen', suffix: '', min: 0, max: 1_000_000 },
};

export function assistanceRows(settings: AssistanceSetting[], today: string): SettingRow[] {
  return settings.map((s) => {
    const dated = s.history.map((v): DatedValue => ({ from: v.from, value: v.value, verified: v.verified, note: v.note, by: v.setBy, at: v.setAt, replaced: false }));
    // Two entries for one day: the later one wins, as on the server.
    const history = dated.map((v, i) => ({ ...v, replaced: v.from !== null && dated.slice(i + 1).some((w) => w.from === v.from) }));
    const shape = ASSISTANCE_KINDS[s.key] ?? { kind: 'integer', suffix: '', min: 0, max: 1_000_000 };
    return { module: 'assistance', name: s.key, label: assistanceSettingLabels[s.key] ?? '救助业务配置', description: assistanceSettingDescriptions[s.key] ?? '', ...shape, history, ...split(history, today), noPastDates: true };
  });
}

const RULE_UNITS: Record<string, { kind: ValueKind; suffix: string; min: number; max: number }> = {
  fen: { kind: 'fen', suffix: '', min: 0, max: 1_000_000_000 },
  hours: { kind: 'integer', suffix: '小时', min: 1, max: 24 * 90 },
  years: { kind: 'integer', suffix: '周岁', min: 0, max: 120 },
  permille: { kind: 'integer', suffix: '‰', min: 0, max: 1000 },
  grade: { kind: 'integer', suffix: '级', min: 1, max: 4 },
};

export function monitoringRows(rules: RuleParameter[], today: string): SettingRow[] {
  return rules.map((r) => {
    const history = r.history.map((v): DatedValue => ({ from: v.from, value: v.value, verified: v.verified, note: v.note, by: null, at: null, replaced: false }));
    const shape = RULE_UNITS[r.unit] ?? { kind: 'integer', suffix: '', min: 0, max: 1_000_000_000 };
    return { module: 'monitoring', name: r.name, label: r.label, description: r.description, ...shape, history, ...split(history, today), noPastDates: false };
  });
}

const ELDERCARE_UNITS: Record<string, { kind: ValueKind; suffix: string; min: number; max: number }> = {
  months: { kind: 'integer', suffix: '个月', min: 1, max: 120 },
  days: { kind: 'integer', suffix: '天', min: 0, max: 365 },
  level: { kind: 'integer', suffix: '级', min: 0, max: 6 },
  count: { kind: 'integer', suffix: '', min: 0, max: 200 },
  percent: { kind: 'integer', suffix: '%', min: 0, max: 100 },
  beds: { kind: 'integer', suffix: '张', min: 0, max: 10_000_000 },
  groups: { kind: 'groups', suffix: '', min: 0, max: 0 },
};

export function eldercareRows(settings: EldercareSettingRow[], today: string): SettingRow[] {
  return settings.map((s) => {
    const history = s.history.map((v): DatedValue => ({ from: v.from, value: v.value, verified: v.verified, note: v.source, by: null, at: null, replaced: false }));
    const shape = ELDERCARE_UNITS[s.unit] ?? { kind: 'integer', suffix: '', min: 0, max: 1_000_000 };
    return { module: 'eldercare', name: s.name, label: s.label, description: s.description, ...shape, history, ...split(history, today), noPastDates: false };
  });
}

const multiplier = (permille: number) => `${(permille / 1000).toFixed(3).replace(/\.?0+$/, '')} 倍`;

export function formatValue(row: SettingRow, value: unknown): string {
  switch (row.kind) {
    case 'fen':
      return formatFen(value as number);
    case 'fenBySize':
      return (value as number[]).map((v, i, all) => `${i + 1}${i === all.length - 1 ? '人及以上' : '人'}：${formatFen(v)}`).join('；');
    case 'multiplier':
      return multiplier(value as number);
    case 'groups':
      return (value as string[]).map((g, i) => `${i + 1}. ${priorityGroupLabels[g] ?? g}`).join('　');
    case 'monthsByProgramme':
      return Object.entries(value as Record<string, number>)
        .map(([p, m]) => `${assistanceProgrammeLabels[p] ?? p} ${m} 个月`)
        .join('；');
    default:
      return `${String(value)}${row.suffix ? ` ${row.suffix}` : ''}`;
  }
}
