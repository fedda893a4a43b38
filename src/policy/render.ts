/**
 * Chinese rendering of rule nodes with their values, for caseworkers and applicants. Every sentence states
 * facts that are true: a failed "<" is shown as "≥", so a reason never reads like a wrong calculation.
 * Rendering is deterministic (no clocks, no locale APIs), so the same decision always reads the same.
 */
import { formatYuan } from '../kernel/index.js';
import { CHILD_CATEGORY_CODES, childCategoryNames, householdFields, memberFields, type ChildCategory, type Kind, type Node } from './dsl.js';
import { isFrac, type Evaluation, type Frac } from './interpret.js';
import type { UsedParameter } from './params.js';

const LABOR_TEXT = ['有劳动能力', '部分丧失劳动能力', '完全丧失劳动能力'];
const CHILD_CATEGORY_TEXT: Record<number, string> = Object.fromEntries(Object.entries(CHILD_CATEGORY_CODES).map(([k, v]) => [v, childCategoryNames[k as ChildCategory]]));
const SHOWN_OP: Record<string, string> = { '<': '<', '<=': '≤', '>': '>', '>=': '≥', '==': '=', '!=': '≠' };
const NEGATED_OP: Record<string, string> = { '<': '≥', '<=': '>', '>': '≤', '>=': '<', '==': '≠', '!=': '=' };

/** Exact when the amount is whole fen; otherwise rounded half up and marked 约 (about). */
export function formatFenValue(v: Frac): string {
  if (v.d === 1) return `${formatYuan(v.n)} 元`;
  return `约 ${formatYuan(Math.floor((2 * v.n + v.d) / (2 * v.d)))} 元`;
}

export function formatPermille(p: number): string {
  const s = (p / 1000).toFixed(3).replace(/0+$/, '');
  return s.endsWith('.') ? `${s}0` : s;
}

export function formatValue(v: Frac | boolean, kind: Kind): string {
  if (!isFrac(v)) return v ? '是' : '否';
  const whole = Math.floor(v.n / v.d);
  switch (kind) {
    case 'fen':
      return formatFenValue(v);
    case 'count':
      return `${whole} 人`;
    case 'months':
      return `${whole} 个月`;
    case 'age':
      return `${whole} 岁`;
    case 'permille':
      return formatPermille(whole);
    case 'grade':
      return whole === 0 ? '无残疾' : `${whole} 级`;
    case 'labor':
      return LABOR_TEXT[whole] ?? String(whole);
    case 'childCategory':
      return CHILD_CATEGORY_TEXT[whole] ?? String(whole);
    case 'bool':
      return whole ? '是' : '否';
  }
}

export function formatParameterValue(p: UsedParameter): string {
  const one = (n: number): string => (p.unit === 'permille' ? formatPermille(n) : `${formatYuan(n)} 元`);
  return typeof p.value === 'number' ? one(p.value) : p.value.map(one).join(' / ');
}

export function kindOf(node: Node, ev: Evaluation): Kind {
  switch (node.op) {
    case 'const':
      return node.kind;
    case 'param':
      return ev.param(node.name).unit === 'permille' ? 'permille' : 'fen';
    case 'bySize':
      return 'fen';
    case 'memberField':
      return memberFields[node.field].kind;
    case 'householdField':
      return householdFields[node.field].kind;
    case 'memberCount':
    case 'count':
      return 'count';
    case 'age':
      return 'age';
    case 'sum':
      return kindOf(node.of, ev);
    case 'add':
    case 'sub':
    case 'max':
    case 'ratio':
    case 'perCapita':
    case 'ceilTo':
    case 'mul':
    case 'div':
      return kindOf(node.a, ev);
    case 'if':
      return kindOf(node.then, ev);
    case 'band':
      return node.bands[0] ? kindOf(node.bands[0].value, ev) : 'fen';
    case 'label':
      return kindOf(node.a, ev);
    default:
      return 'bool';
  }
}

const since = (p: UsedParameter): string => `（${p.from} 起${p.verified ? '' : '，参数待核实'}）`;

/** True for nodes that only combine constants and parameters: shown with their formula. */
function isDerived(node: Node): boolean {
  // perCapita is left out on purpose: the household totals and size are shown in their own lines, and
  // "家庭月人均收入 1200.00 元 < 低保标准 …" reads better without a nested formula.
  return ['ratio', 'ceilTo', 'add', 'sub', 'mul', 'div', 'max', 'if'].includes(node.op);
}

function valueText(n: Node, ev: Evaluation, member: number): string {
  return formatValue(ev.value(n, member), kindOf(n, ev));
}

export function render(node: Node, ev: Evaluation, member = -1): string {
  // No closures in here: the CLI runs through tsx, whose keepNames wrapper makes per-call closures costly.
  switch (node.op) {
    case 'const':
      return valueText(node, ev, member);
    case 'param': {
      const p = ev.param(node.name);
      return `${p.label} ${valueText(node, ev, member)}${since(p)}`;
    }
    case 'bySize': {
      const p = ev.param(node.name);
      return `${p.label}（${valueText(node.size, ev, member)}户）${valueText(node, ev, member)}${since(p)}`;
    }
    case 'memberField': {
      const f = memberFields[node.field];
      return f.kind === 'bool' ? `${f.label}：${valueText(node, ev, member)}` : `${f.label} ${valueText(node, ev, member)}`;
    }
    case 'householdField': {
      const f = householdFields[node.field];
      return f.kind === 'bool' ? `${f.label}：${valueText(node, ev, member)}` : `${f.label} ${valueText(node, ev, member)}`;
    }
    case 'memberCount':
      return `家庭人数 ${valueText(node, ev, member)}`;
    case 'age':
      return `${node.on === 'first' ? ev.firstDay : ev.lastDay} 时年龄 ${valueText(node, ev, member)}`;
    case 'sum':
      return `合计 ${valueText(node, ev, member)}${memberBreakdown(node, ev)}`;
    case 'count':
      return `共 ${valueText(node, ev, member)}`;
    case 'add':
      return `${render(node.a, ev, member)} + ${render(node.b, ev, member)}`;
    case 'sub':
      return `${render(node.a, ev, member)} − ${render(node.b, ev, member)}`;
    case 'mul':
      return `${render(node.a, ev, member)} × ${render(node.b, ev, member)}`;
    case 'max':
      return `${render(node.a, ev, member)}（低于 ${render(node.b, ev, member)} 时按后者计）`;
    case 'ratio':
      return `${render(node.a, ev, member)} × ${render(node.permille, ev, member)}`;
    case 'div': {
      const a = render(node.a, ev, member);
      return `${node.a.op === 'add' || node.a.op === 'sub' ? `（${a}）` : a} ÷ ${render(node.b, ev, member)}`;
    }
    case 'perCapita':
      return `${render(node.a, ev, member)} ÷ ${ev.household?.members.length ?? 0} 人`;
    case 'ceilTo':
      return `${render(node.a, ev, member)}，向上取整为 ${valueText(node.step, ev, member)}的整数倍`;
    case 'if': {
      const c = ev.bool(node.cond, member);
      return `${render(node.cond, ev, member)}，取 ${render(c ? node.then : node.else, ev, member)}`;
    }
    case 'cmp': {
      const holds = ev.bool(node, member);
      return `${render(node.a, ev, member)} ${(holds ? SHOWN_OP : NEGATED_OP)[node.cmp]} ${render(node.b, ev, member)}`;
    }
    case 'between': {
      const inside = ev.bool(node, member);
      return `${render(node.a, ev, member)}，${inside ? '属于' : '不属于'} ${node.lo}–${node.hi} 级`;
    }
    case 'and':
    case 'or': {
      // A labelled part already says 是/否; an unlabelled one gets 成立/不成立 after its (true) relation.
      const parts = node.args.map((a) => (a.op === 'label' ? render(a, ev, member) : `${render(a, ev, member)}（${ev.bool(a, member) ? '成立' : '不成立'}）`));
      return `${node.op === 'or' ? '以下任一成立即可：' : '以下均须成立：'}${parts.join('；')}`;
    }
    case 'not':
      return render(node.a, ev, member);
    case 'eligible': {
      const name = ev.programmeNames.get(node.programme) ?? node.programme;
      return `本月${ev.bool(node) ? '已符合' : '不符合'}${name}条件`;
    }
    case 'band': {
      const chosen = ev.chooseBand(node, member);
      const lowest = Math.min(...node.bands.map((b) => b.min));
      if (chosen < 0) return `${render(node.a, ev, member)}，未满 ${lowest} 岁`;
      const b = node.bands[chosen];
      return `${render(node.a, ev, member)}，属于 ${b.label}档：${render(b.value, ev, member)}`;
    }
    case 'label': {
      const v = ev.value(node.a, member);
      const kind = kindOf(node.a, ev);
      if (!isFrac(v)) {
        const detail = ['cmp', 'between', 'and', 'or'].includes(node.a.op) ? `（${render(node.a, ev, member)}）` : '';
        return `${node.text}：${formatValue(v, kind)}${detail}`;
      }
      const head = `${node.text} ${formatValue(v, kind)}`;
      if (node.a.op === 'sum') return `${head}${memberBreakdown(node.a, ev)}`;
      if (isDerived(node.a)) return `${head}（${render(node.a, ev, member)}）`;
      return head;
    }
  }
}

/** "（成员 A 1200.00 元 + 成员 B 0.00 元）", so an applicant can check each member's share. */
function memberBreakdown(node: { readonly of: Node }, ev: Evaluation): string {
  const members = ev.household?.members ?? [];
  if (members.length < 2) return '';
  const kind = kindOf(node.of, ev);
  return `（${members.map((m, i) => `${m.id} ${formatValue(ev.value(node.of, i), kind)}`).join(' + ')}）`;
}
