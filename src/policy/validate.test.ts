/**
 * The evaluate contract at its edges: bad input is refused with a policy error code and a Chinese message
 * naming the field; the CLI maps errors to JSON and exit code 2; the TypeBox schema accepts what the
 * validator accepts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import Value from 'typebox/value';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../kernel/index.js';
import { evaluateRequest } from '../policies/shanghai/index.js';
import { runEvaluateCli } from './cli-evaluate.js';
import { EvaluateRequestSchema, EvaluateResponseSchema } from './schemas.js';

const member = () => ({
  id: 'A',
  birthDate: '1980-01-15',
  hukouShanghai: true,
  disability: null,
  laborCapacity: 'full',
  orphan: false,
  monthlyIncomeFen: 0,
  monetaryAssetsFen: 0,
  ownsVehicle: false,
});
const request = () => ({ month: '2024-07', household: { members: [member()], rigidExpensesLast12MonthsFen: 0, hasLegalSupporter: true } as Record<string, unknown> });

function refusal(input: unknown): { code: string; message: string } {
  try {
    evaluateRequest(input);
  } catch (error) {
    if (error instanceof DomainError) {
      expect(error.kind).toBe('invalid');
      return { code: error.code, message: error.message };
    }
    throw error;
  }
  throw new Error('input was accepted');
}

const withMember = (patch: Record<string, unknown>, drop?: string) => {
  const m: Record<string, unknown> = { ...member(), ...patch };
  if (drop) delete m[drop];
  const r = request();
  r.household.members = [m];
  return r;
};

describe('evaluate input validation', () => {
  it.each([
    ['unknown programme', { ...request(), programmes: ['dibao', 'pension'] }, 'POLICY_UNKNOWN_PROGRAMME', 'programmes[1]'],
    ['bad month', { ...request(), month: '2024-13' }, 'POLICY_INVALID_INPUT', 'month'],
    ['missing month', { household: request().household }, 'POLICY_INVALID_INPUT', 'month'],
    ['negative money', withMember({ monthlyIncomeFen: -1 }), 'POLICY_INVALID_INPUT', 'household.members[0].monthlyIncomeFen：金额不能为负数'],
    ['fractional fen', withMember({ monetaryAssetsFen: 1.5 }), 'POLICY_INVALID_INPUT', 'household.members[0].monetaryAssetsFen'],
    ['bad date', withMember({ birthDate: '2023-02-29' }), 'POLICY_INVALID_INPUT', 'household.members[0].birthDate'],
    ['born after the month', withMember({ birthDate: '2024-08-01' }), 'POLICY_INVALID_INPUT', '晚于评估月份'],
    ['missing field', withMember({}, 'ownsVehicle'), 'POLICY_INVALID_INPUT', 'household.members[0].ownsVehicle：缺少该字段'],
    ['missing disability', withMember({}, 'disability'), 'POLICY_INVALID_INPUT', 'household.members[0].disability'],
    ['bad disability grade', withMember({ disability: { grade: 5, category: '肢体' } }), 'POLICY_INVALID_INPUT', 'disability.grade'],
    ['bad labour capacity', withMember({ laborCapacity: 'some' }), 'POLICY_INVALID_INPUT', 'laborCapacity'],
    ['no members', { ...request(), household: { members: [], rigidExpensesLast12MonthsFen: 0, hasLegalSupporter: true } }, 'POLICY_INVALID_INPUT', 'household.members'],
    ['duplicate member ids', { ...request(), household: { members: [member(), member()], rigidExpensesLast12MonthsFen: 0, hasLegalSupporter: true } }, 'POLICY_INVALID_INPUT', '重复'],
    ['negative rigid expenses', { ...request(), household: { ...request().household, rigidExpensesLast12MonthsFen: -5 } }, 'POLICY_INVALID_INPUT', 'household.rigidExpensesLast12MonthsFen'],
    ['not an object', 'hello', 'POLICY_INVALID_INPUT', '请求'],
    ['month before the pack', { ...request(), month: '2019-01', programmes: ['dibao'] }, 'POLICY_PARAMETER_NOT_IN_FORCE', '低保标准'],
  ])('%s', (_name, input, code, fragment) => {
    const error = refusal(input);
    expect(error.code).toBe(code);
    expect(error.message).toContain(fragment);
  });

  it('evaluates programmes whose parameters are in force even before the 低保 ones are', () => {
    const out = evaluateRequest({ ...request(), month: '2019-01', programmes: ['elderly_allowance', 'orphan_allowance'] });
    expect(out.results.map((r) => r.programme)).toEqual(['elderly_allowance', 'orphan_allowance']);
  });
});

describe('runEvaluateCli', () => {
  it('prints the decision as JSON with exit code 0', async () => {
    const { exitCode, stdout } = await runEvaluateCli(JSON.stringify({ ...request(), programmes: ['dibao'] }));
    expect(exitCode).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ month: '2024-07', results: [{ programme: 'dibao', eligible: true, monthlyAmountFen: 159500 }] });
  });

  it('prints {code, message} with exit code 2 on bad JSON and on refused input', async () => {
    const bad = await runEvaluateCli('{"month": ');
    expect(bad.exitCode).toBe(2);
    expect(JSON.parse(bad.stdout)).toMatchObject({ code: 'POLICY_INVALID_JSON' });
    const unknown = await runEvaluateCli(JSON.stringify({ ...request(), programmes: ['x'] }));
    expect(unknown.exitCode).toBe(2);
    expect(JSON.parse(unknown.stdout)).toMatchObject({ code: 'POLICY_UNKNOWN_PROGRAMME' });
  });
});

describe('TypeBox schemas', () => {
  const dir = new URL('../policies/shanghai/cases/', import.meta.url);
  const inputs = readdirSync(dir).flatMap((f) => (JSON.parse(readFileSync(new URL(f, dir), 'utf8')) as { input: unknown }[]).map((c) => c.input));

  it('accept every worked-case request and describe every response', () => {
    for (const input of inputs) {
      expect(Value.Check(EvaluateRequestSchema, input)).toBe(true);
      expect(Value.Check(EvaluateResponseSchema, JSON.parse(JSON.stringify(evaluateRequest(input))))).toBe(true);
    }
  });

  it('reject what the validator rejects', () => {
    for (const input of [withMember({ monthlyIncomeFen: -1 }), withMember({}, 'ownsVehicle'), { ...request(), month: '2024-13' }, withMember({ disability: { grade: 5, category: 'x' } })]) {
      expect(Value.Check(EvaluateRequestSchema, input)).toBe(false);
    }
  });
});
