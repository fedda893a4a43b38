/**
 * The rule language. A programme is written once as a tree of these nodes; three back ends read the same
 * tree: the interpreter (explain, one household, every value traced), the compiler (screen/simulate,
 * straight-line JavaScript over typed arrays) and the renderer (Chinese reasons). Nothing here evaluates.
 *
 * Values are exact: money is integer fen, ratios are per-mille integers, and a per-capita value is kept as
 * a fraction, so "income ÷ members < standard" is decided by integer cross-multiplication, never floats.
 */

/** Where a value lives: one per member, or one per household (also constants and parameters). */
export type Scope = 'member' | 'household';
/** What a value measures; decides how it is compared and shown. */
export type Kind = 'fen' | 'count' | 'months' | 'bool' | 'age' | 'permille' | 'grade' | 'labor' | 'childCategory';

export type CmpOp = '<' | '<=' | '>' | '>=' | '==' | '!=';

/** Member inputs the rules may read. Their column layout is in columns.ts. */
export const memberFields = {
  monthlyIncomeFen: { kind: 'fen', label: '月收入' },
  monetaryAssetsFen: { kind: 'fen', label: '货币财产' },
  hukouShanghai: { kind: 'bool', label: '具有本市户籍' },
  ownsVehicle: { kind: 'bool', label: '拥有机动车（残疾人功能性补偿代步机动车除外）' },
  orphan: { kind: 'bool', label: '父母双亡或被宣告失踪' },
  laborCapacity: { kind: 'labor', label: '劳动能力' },
  disabilityGrade: { kind: 'grade', label: '残疾等级' },
  childCategory: { kind: 'childCategory', label: '儿童保障类别（区级认定）' },
} as const;
export type MemberField = keyof typeof memberFields;

export const householdFields = {
  rigidExpensesLast12MonthsFen: { kind: 'fen', label: '近 12 个月刚性支出（自付医疗、教育）' },
  hasLegalSupporter: { kind: 'bool', label: '有能够履行义务的法定赡养、抚养或扶养人' },
} as const;
export type HouseholdField = keyof typeof householdFields;

/** laborCapacity is stored as a code so the screen kernel compares small integers. */
export const LABOR_CODES = { full: 0, partial: 1, none: 2 } as const;
export type LaborCapacity = keyof typeof LABOR_CODES;

/**
 * The category a district decided for a child (children's welfare: 事实无人抚养, 监护缺失或不当, 家庭贫困, 自身残疾或重病),
 * as a code like laborCapacity. 0 = none decided. Orphans are the `orphan` fact, not a category here.
 */
export const CHILD_CATEGORY_CODES = { none: 0, de_facto: 1, guardianship: 2, poverty: 3, disability: 4 } as const;
export type ChildCategory = keyof typeof CHILD_CATEGORY_CODES;
export const childCategoryNames: Record<ChildCategory, string> = { none: '未认定', de_facto: '事实无人抚养儿童', guardianship: '监护缺失或不当的困境儿童', poverty: '家庭贫困的困境儿童', disability: '自身残疾或重病的困境儿童' };

export interface Band {
  readonly min: number;
  readonly label: string;
  readonly value: Node;
}

export type Node =
  | { readonly op: 'const'; readonly value: number; readonly kind: Kind }
  | { readonly op: 'param'; readonly name: string }
  | { readonly op: 'bySize'; readonly name: string; readonly size: Node }
  | { readonly op: 'memberField'; readonly field: MemberField }
  | { readonly op: 'householdField'; readonly field: HouseholdField }
  | { readonly op: 'memberCount' }
  | { readonly op: 'age'; readonly on: 'first' | 'last' }
  | { readonly op: 'sum' | 'count'; readonly of: Node }
  | { readonly op: 'add' | 'sub' | 'mul' | 'max'; readonly a: Node; readonly b: Node }
  | { readonly op: 'ratio'; readonly a: Node; readonly permille: Node }
  | { readonly op: 'perCapita'; readonly a: Node }
  | { readonly op: 'div'; readonly a: Node; readonly b: Node }
  | { readonly op: 'ceilTo'; readonly a: Node; readonly step: Node }
  | { readonly op: 'if'; readonly cond: Node; readonly then: Node; readonly else: Node }
  | { readonly op: 'cmp'; readonly cmp: CmpOp; readonly a: Node; readonly b: Node }
  | { readonly op: 'between'; readonly a: Node; readonly lo: number; readonly hi: number }
  | { readonly op: 'and' | 'or'; readonly args: readonly Node[] }
  | { readonly op: 'not'; readonly a: Node }
  | { readonly op: 'eligible'; readonly programme: string }
  | { readonly op: 'band'; readonly a: Node; readonly bands: readonly Band[] }
  | { readonly op: 'label'; readonly text: string; readonly a: Node };

/**
 * A typed handle on a node. The phantom `scope`/`kind` make the TypeScript compiler reject, say, a
 * member-level value used as a household condition, or money compared with an age.
 */
export interface E<S extends Scope, K extends Kind> {
  readonly node: Node;
  readonly scope?: S;
  readonly kind?: K;
}
type H<K extends Kind> = E<'household', K>;

const wrap = <S extends Scope, K extends Kind>(node: Node): E<S, K> => ({ node });

export const fen = (value: number): H<'fen'> => wrap({ op: 'const', value, kind: 'fen' });
export const years = (value: number): H<'age'> => wrap({ op: 'const', value, kind: 'age' });
export const persons = (value: number): H<'count'> => wrap({ op: 'const', value, kind: 'count' });
export const months = (value: number): H<'months'> => wrap({ op: 'const', value, kind: 'months' });
export const laborIs = (value: LaborCapacity): H<'labor'> => wrap({ op: 'const', value: LABOR_CODES[value], kind: 'labor' });
export const childCategoryIs = (value: ChildCategory): H<'childCategory'> => wrap({ op: 'const', value: CHILD_CATEGORY_CODES[value], kind: 'childCategory' });

export const paramFen = (name: string): H<'fen'> => wrap({ op: 'param', name });
export const paramPermille = (name: string): H<'permille'> => wrap({ op: 'param', name });
/** A per-size table parameter, looked up by household size (last entry for larger households). */
export const paramBySize = (name: string, size: H<'count'>): H<'fen'> => wrap({ op: 'bySize', name, size: size.node });

export const member = {
  monthlyIncomeFen: wrap<'member', 'fen'>({ op: 'memberField', field: 'monthlyIncomeFen' }),
  monetaryAssetsFen: wrap<'member', 'fen'>({ op: 'memberField', field: 'monetaryAssetsFen' }),
  hukouShanghai: wrap<'member', 'bool'>({ op: 'memberField', field: 'hukouShanghai' }),
  ownsVehicle: wrap<'member', 'bool'>({ op: 'memberField', field: 'ownsVehicle' }),
  orphan: wrap<'member', 'bool'>({ op: 'memberField', field: 'orphan' }),
  laborCapacity: wrap<'member', 'labor'>({ op: 'memberField', field: 'laborCapacity' }),
  /** 0 = no disability, else grade 1–4. */
  disabilityGrade: wrap<'member', 'grade'>({ op: 'memberField', field: 'disabilityGrade' }),
  /** The district's decided child category (CHILD_CATEGORY_CODES; 0 = none). */
  childCategory: wrap<'member', 'childCategory'>({ op: 'memberField', field: 'childCategory' }),
  /** Whole years on the first day of month M (the day POLICY-PACK uses for minors). */
  ageOnFirstDay: wrap<'member', 'age'>({ op: 'age', on: 'first' }),
  /** Whole years on the last day of month M (the day POLICY-PACK uses for the elderly allowance). */
  ageOnLastDay: wrap<'member', 'age'>({ op: 'age', on: 'last' }),
};

export const household = {
  memberCount: wrap<'household', 'count'>({ op: 'memberCount' }),
  rigidExpensesLast12MonthsFen: wrap<'household', 'fen'>({ op: 'householdField', field: 'rigidExpensesLast12MonthsFen' }),
  hasLegalSupporter: wrap<'household', 'bool'>({ op: 'householdField', field: 'hasLegalSupporter' }),
};

export const sum = (of: E<Scope, 'fen'>): H<'fen'> => wrap({ op: 'sum', of: of.node });
export const count = (of: E<Scope, 'bool'>): H<'count'> => wrap({ op: 'count', of: of.node });

export const add = <A extends Scope, B extends Scope>(a: E<A, 'fen'>, b: E<B, 'fen'>): E<A | B, 'fen'> => wrap({ op: 'add', a: a.node, b: b.node });
export const sub = <A extends Scope, B extends Scope>(a: E<A, 'fen'>, b: E<B, 'fen'>): E<A | B, 'fen'> => wrap({ op: 'sub', a: a.node, b: b.node });
export const max = <A extends Scope, B extends Scope>(a: E<A, 'fen'>, b: E<B, 'fen'>): E<A | B, 'fen'> => wrap({ op: 'max', a: a.node, b: b.node });
export const times = <A extends Scope, B extends Scope>(a: E<A, 'fen'>, b: E<B, 'count' | 'months'>): E<A | B, 'fen'> => wrap({ op: 'mul', a: a.node, b: b.node });
/** Exact division (kept as a fraction); e.g. an annual amount ÷ 12 months. */
export const div = <A extends Scope, B extends Scope>(a: E<A, 'fen'>, b: E<B, 'count' | 'months'>): E<A | B, 'fen'> => wrap({ op: 'div', a: a.node, b: b.node });
export const ratio = <A extends Scope>(a: E<A, 'fen'>, permille: H<'permille'>): E<A, 'fen'> => wrap({ op: 'ratio', a: a.node, permille: permille.node });
export const perCapita = (a: H<'fen'>): H<'fen'> => wrap({ op: 'perCapita', a: a.node });
export const ceilTo = <A extends Scope>(a: E<A, 'fen'>, step: H<'fen'>): E<A, 'fen'> => wrap({ op: 'ceilTo', a: a.node, step: step.node });

export const when = <C extends Scope, A extends Scope, B extends Scope, K extends Kind>(cond: E<C, 'bool'>, then: E<A, K>, otherwise: E<B, NoInfer<K>>): E<A | B | C, K> =>
  wrap({ op: 'if', cond: cond.node, then: then.node, else: otherwise.node });

const cmp =
  (op: CmpOp) =>
  <A extends Scope, B extends Scope, K extends Kind>(a: E<A, K>, b: E<B, NoInfer<K>>): E<A | B, 'bool'> =>
    wrap({ op: 'cmp', cmp: op, a: a.node, b: b.node });
export const lt = cmp('<');
export const le = cmp('<=');
export const gt = cmp('>');
export const ge = cmp('>=');
export const eq = cmp('==');
export const ne = cmp('!=');

export const between = <S extends Scope>(a: E<S, 'grade'>, lo: number, hi: number): E<S, 'bool'> => wrap({ op: 'between', a: a.node, lo, hi });
export const and = <S extends Scope>(...args: E<S, 'bool'>[]): E<S, 'bool'> => wrap({ op: 'and', args: args.map((x) => x.node) });
export const or = <S extends Scope>(...args: E<S, 'bool'>[]): E<S, 'bool'> => wrap({ op: 'or', args: args.map((x) => x.node) });
export const not = <S extends Scope>(a: E<S, 'bool'>): E<S, 'bool'> => wrap({ op: 'not', a: a.node });
/** Another household programme's decision in the same month (e.g. low_income requires "not dibao"). */
export const eligible = (programme: string): H<'bool'> => wrap({ op: 'eligible', programme });
/** Picks the value of the highest band whose `min` ≤ the value; 0 below the lowest band. */
export const band = <S extends Scope>(a: E<S, 'age'>, bands: readonly { min: number; label: string; value: H<'fen'> }[]): E<S, 'fen'> =>
  wrap({ op: 'band', a: a.node, bands: bands.map((b) => ({ min: b.min, label: b.label, value: b.value.node })) });
/** Names a value in Chinese for explanations; the compiler ignores it. */
export const label = <S extends Scope, K extends Kind>(text: string, a: E<S, K>): E<S, K> => wrap({ op: 'label', text, a: a.node });
