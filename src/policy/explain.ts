/**
 * Explain: one household, one month, every programme asked for, with reasons. This is also the pure
 * evaluator behind the evaluate API and CLI. Dependencies (low_income needs the dibao decision) are
 * evaluated first even when not asked for, and every condition is evaluated (no short-circuit) so the
 * reasons and the recorded parameters are complete.
 */
import { formatYuan, type Month } from '../kernel/index.js';
import type { EvaluateResponse, HouseholdFacts, ProgrammeResult, ConditionOutcome } from './household.js';
import { Evaluation, floorFen } from './interpret.js';
import type { ParameterTable } from './params.js';
import { withDependencies, type PolicyPack, type Programme } from './programme.js';
import { render } from './render.js';

export interface ExplainOptions {
  /** Programme ids in the order wanted; default: all, in pack order. */
  readonly programmes?: readonly string[];
  /** Default: the pack's own table. Pass a scenario or a recorded table to reproduce a decision. */
  readonly parameters?: ParameterTable;
}

export function explainHousehold(pack: PolicyPack, household: HouseholdFacts, month: Month, options: ExplainOptions = {}): EvaluateResponse {
  const wanted = options.programmes ?? pack.programmes.map((p) => p.id);
  const ev = new Evaluation(options.parameters ?? pack.parameters, month, household);
  for (const p of pack.programmes) ev.programmeNames.set(p.id, p.name);
  const byProgramme = new Map<string, ProgrammeResult[]>();
  for (const p of withDependencies(pack, wanted)) {
    if (p.unit === 'household') {
      const result = explainOne(p, ev, -1);
      ev.eligibility.set(p.id, result.eligible);
      byProgramme.set(p.id, [result]);
    } else {
      byProgramme.set(
        p.id,
        household.members.map((_, i) => explainOne(p, ev, i)),
      );
    }
  }
  const parameters = [...ev.used.values()].sort((a, b) => (a.name < b.name ? -1 : 1)).map((p) => ({ ...p, value: typeof p.value === 'number' ? p.value : [...p.value] }));
  return {
    month,
    results: wanted.flatMap((id) => byProgramme.get(id) ?? []),
    ruleVersion: pack.ruleVersion,
    rulesFingerprint: pack.rulesFingerprint,
    parameters,
  };
}

function explainOne(p: Programme, ev: Evaluation, member: number): ProgrammeResult {
  const conditions: ConditionOutcome[] = p.conditions.map((c) => {
    const passed = ev.bool(c.test.node, member);
    return { id: c.id, label: c.label, passed, text: `${c.label}：${render(c.test.node, ev, member)}——${passed ? '符合' : '不符合'}` };
  });
  const eligible = conditions.every((c) => c.passed);
  const amount = eligible && p.amount ? Math.max(0, floorFen(ev.num(p.amount.node, member))) : 0;
  const memberId = member >= 0 ? ev.household?.members[member]?.id : undefined;
  const who = memberId !== undefined ? `成员 ${memberId} ` : '本户';

  const failed = conditions.filter((c) => !c.passed).map((c) => c.label);
  let conclusion = eligible ? `结论：${who}符合${p.name}条件` : `结论：${who}不符合${p.name}条件（未满足：${failed.join('、')}）`;
  if (eligible && p.amount) conclusion += `，每月 ${formatYuan(amount)} 元`;
  if (eligible && p.benefitNote) conclusion += `；${p.benefitNote}`;

  const reasons = [conclusion, ...conditions.map((c) => c.text)];
  if (eligible && p.amount) reasons.push(`月发放金额 ${formatYuan(amount)} 元：${render(p.amount.node, ev, member)}`);
  if (p.unit === 'household' || member === 0) {
    // Notes are household-wide (e.g. the minors' standard); for person programmes show them once.
    for (const n of p.notes ?? []) reasons.push(`说明：${render(n.node, ev, -1)}`);
  }
  return { programme: p.id, ...(memberId !== undefined ? { memberId } : {}), eligible, monthlyAmountFen: amount, reasons, conditions };
}
