import { invalid, isValidDate, type Fen, type IsoDate } from '../kernel/index.js';
import type { FactAttributes, SubjectType } from './model.js';
import { situationFactProblem } from './situations.js';

/** One fact as a department sends it. Semantics of each kind: see the comment on registry.facts.kind. */
export interface NewFact {
  subjectType: SubjectType;
  subjectId: number;
  /** income.wage | income.pension | … | asset.monetary | vehicle | expense.medical | orphan | legal_supporter … */
  kind: string;
  amountFen?: Fen | null;
  attributes?: FactAttributes | null;
  validFrom: IsoDate;
  validTo?: IsoDate | null;
}

/** Kinds whose meaning is an amount of money: the amount is required and never negative. */
export const needsAmount = (kind: string) => kind.startsWith('income.') || kind.startsWith('expense.') || kind === 'asset.monetary';

const KIND_SHAPE = /^[a-z][a-z_]*(\.[a-z][a-z_]*)*$/;

/** Checks one fact; `where` prefixes messages (第 3 条：…) so a department can find the bad row. */
export function validateFact(fact: NewFact, where = ''): Required<NewFact> {
  const fail = (message: string) => invalid('REGISTRY_INVALID_FACT', `${where}${message}`);
  if (fact.subjectType !== 'person' && fact.subjectType !== 'household') throw fail('对象类型须为 person 或 household');
  if (!Number.isSafeInteger(fact.subjectId) || fact.subjectId < 1) throw fail('对象编号无效');
  if (typeof fact.kind !== 'string' || !KIND_SHAPE.test(fact.kind) || fact.kind.length > 64) throw fail(`事实类型无效：${String(fact.kind)}`);
  const amount = fact.amountFen ?? null;
  if (amount !== null && (!Number.isSafeInteger(amount) || amount < 0)) throw fail('金额须为非负整数（单位：分）');
  if (amount === null && needsAmount(fact.kind)) throw fail(`${fact.kind} 须填写金额（单位：分）`);
  if (!isValidDate(fact.validFrom)) throw fail(`起始日期无效：${String(fact.validFrom)}`);
  const validTo = fact.validTo ?? null;
  if (validTo !== null && (!isValidDate(validTo) || validTo <= fact.validFrom)) throw fail('截止日期须为有效日期且晚于起始日期');
  const attributes = fact.attributes ?? null;
  if (attributes !== null && (typeof attributes !== 'object' || Array.isArray(attributes))) throw fail('属性须为对象');
  if (fact.kind === 'vehicle' && attributes?.disabledMobility !== undefined && typeof attributes.disabledMobility !== 'boolean') {
    throw fail('车辆属性 disabledMobility 须为布尔值');
  }
  if (fact.kind === 'legal_supporter' && typeof attributes?.able !== 'boolean') throw fail('法定赡养（抚养、扶养）人事实须有布尔属性 able');
  const situation = situationFactProblem(fact.kind, attributes);
  if (situation) throw fail(situation);
  return { subjectType: fact.subjectType, subjectId: fact.subjectId, kind: fact.kind, amountFen: amount, attributes, validFrom: fact.validFrom, validTo };
}
