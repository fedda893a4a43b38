/** Fast tests without a database: file reading, row checks, rule parameters, the rules and the warning log. */
import { describe, expect, it } from 'vitest';
import { parseExchangeFile } from './exchange-parse.js';
import { checkRow } from './exchange-rows.js';
import type { HouseholdFacts } from './policy-port.js';
import { earnerDeathWarning, evaluationMonth, severeDisabilityWarning, waterIdleWarning } from './rule-checks.js';
import { resolveRules } from './rules.js';
import { reduceWarning } from './warning-states.js';

const origin = { kind: 'job' as const, name: 'test' };
const subject = { householdId: 1, personId: 7, divisionCode: '310115004001', origin };
const rules = resolveRules([], '2025-03-01');

describe('reading department files', () => {
  it('reads CSV with quotes, embedded commas and line breaks, CRLF and a BOM; line numbers as an editor shows them', () => {
    const parsed = parseExchangeFile('\ufefftype,personId,employer\r\nwage,1,"甲, 乙"\r\nwage,2,"多\n行"\r\nwage,3\r\n\r\nwage,4,"未闭合\n', 'csv');
    expect(parsed.rows.map((r) => [r.row, r.record.employer])).toEqual([
      [2, '甲, 乙'],
      [3, '多\n行'],
    ]);
    expect(parsed.errors).toEqual([
      { row: 5, field: '', message: '字段数为 2，与表头的 3 个不符' },
      { row: 7, field: '', message: '引号未闭合' },
    ]);
  });

  it('reads NDJSON line by line; a broken line does not stop the others', () => {
    const parsed = parseExchangeFile('{"type":"wage","personId":1}\n\nnot json\n[1]\n{"type":"wage","x":{"a":1}}\n{"type":"death"}', 'ndjson');
    expect(parsed.rows.map((r) => r.row)).toEqual([1, 6]);
    expect(parsed.errors.map((e) => [e.row, e.field])).toEqual([
      [3, ''],
      [4, ''],
      [5, 'x'],
    ]);
    expect(parsed.count).toBe(5);
  });

  it('checks every field of a row and reports each problem', () => {
    const result = checkRow('medical_insurance', 4, { type: 'medical_cost', idNumber: '310115196005170011', date: '2999-01-01', selfPaidFen: '-5', extra: 'x' }, '2025-03-01');
    expect('errors' in result && result.errors.map((e) => e.field)).toEqual(['idNumber', 'date', 'selfPaidFen', 'extra']);
    const ok = checkRow('water', 2, { type: 'water_idle', personId: '12', observedAt: '2025-02-28T23:30:00Z', idleHours: 50 }, '2025-03-01');
    // 23:30 UTC is 07:30 the next morning in Shanghai: the row happened on 1 March.
    expect(ok).toMatchObject({ row: { personId: 12, occurredOn: '2025-03-01', values: { idleHours: 50, observedAt: '2025-02-28T23:30:00.000Z' } } });
  });
});

describe('rule parameters', () => {
  it('takes the value in force on the day; a stored value overrides the default from its date on', () => {
    const stored = [{ name: 'water.idleHours', from: '2025-06-01', value: 36, verified: true, note: '通知' }];
    expect(resolveRules(stored, '2025-05-31')['water.idleHours']).toBe(48);
    const june = resolveRules(stored, '2025-06-01');
    expect(june['water.idleHours']).toBe(36);
    expect(june.used['water.idleHours'].verified).toBe(true);
  });
});

describe('the rules', () => {
  it('warns for water only for an elderly person living alone past the limit', () => {
    const input = { idleHours: 48, observedAt: '2025-03-01T08:00:00Z', birthDate: '1950-01-01', on: '2025-03-01', livingMembers: 1 };
    expect(waterIdleWarning(subject, input, rules)?.reasons[0]).toContain('达到预警时长 48 小时（参数待核实）');
    expect(waterIdleWarning(subject, { ...input, idleHours: 47 }, rules)).toBeNull();
    expect(waterIdleWarning(subject, { ...input, livingMembers: 2 }, rules)).toBeNull();
    expect(waterIdleWarning(subject, { ...input, birthDate: '1965-03-02' }, rules)).toBeNull();
  });

  it('counts a disability as new and severe only when it crosses into grade 1–2', () => {
    const input = { grade: 2, category: '肢体', previousGrade: null, issuedOn: '2025-01-01' };
    expect(severeDisabilityWarning(subject, input, rules)).not.toBeNull();
    expect(severeDisabilityWarning(subject, { ...input, previousGrade: 3 }, rules)).not.toBeNull();
    expect(severeDisabilityWarning(subject, { ...input, previousGrade: 1 }, rules)).toBeNull();
    expect(severeDisabilityWarning(subject, { ...input, grade: 3 }, rules)).toBeNull();
  });

  it('takes a death as the main earner’s when the person earned most and at least half', () => {
    const member = (id: string, income: number) => ({ id, birthDate: '1970-01-01', hukouShanghai: true, disability: null, laborCapacity: 'full' as const, orphan: false, monthlyIncomeFen: income, monetaryAssetsFen: 0, ownsVehicle: false });
    const facts = (a: number, b: number): HouseholdFacts => ({ members: [member('7', a), member('8', b)], rigidExpensesLast12MonthsFen: 0, hasLegalSupporter: true });
    expect(earnerDeathWarning(subject, { deathDate: '2025-02-01', facts: facts(500_000, 500_000) }, rules)).not.toBeNull();
    expect(earnerDeathWarning(subject, { deathDate: '2025-02-01', facts: facts(400_000, 500_000) }, rules)).toBeNull();
    expect(earnerDeathWarning(subject, { deathDate: '2025-02-01', facts: facts(0, 0) }, rules)).toBeNull();
  });

  it('evaluates a change in the first month whose 1st it is visible on, never before this month', () => {
    expect(evaluationMonth('2025-03-10', '2025-03')).toBe('2025-04');
    expect(evaluationMonth('2025-03-01', '2025-03')).toBe('2025-03');
    expect(evaluationMonth('2024-12-10', '2025-03')).toBe('2025-03');
  });
});

describe('the warning log', () => {
  const at = '2025-03-01T00:00:00Z';
  it('derives the status from the actions and refuses an action out of order', () => {
    const log = [
      { action: 'raise', at, payload: {} },
      { action: 'assign', at, payload: { userId: 5 } },
      { action: 'escalate', at, payload: { userId: 9 } },
      { action: 'visit', at, payload: {} },
    ];
    expect(reduceWarning(log)).toMatchObject({ status: 'visited', assignedTo: 9, escalatedAt: at, visits: 1 });
    expect(() => reduceWarning([...log, { action: 'close', at, payload: {} }])).toThrow(/close not allowed after visited/);
  });
});
