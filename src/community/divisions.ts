/**
 * Committees and streets as divisions with history: dated change orders (设立, 拆分, 合并, 调整隶属) with their
 * approval number and reason. An order moves the households and persons concerned to the new codes in the same
 * transaction, and the registry records every move, so counts are answerable "as on" any date either side.
 * Orders are dated today or earlier (households carry one current code, so a future order would misstate today),
 * never on or before the day a division they touch came into force, never behind a later move of the same code.
 */
import { guardedTransaction, requirePermission, type Actor } from '../access/index.js';
import { divisionLevel, forbidden, invalid, isValidDate, isWithin, normaliseDivisionCode, todayInShanghai, type IsoDate } from '../kernel/index.js';
import {
  closeDivisionRow,
  findDivision,
  insertDivisionOrder,
  laterMoveOf,
  type MoveOutcome,
  moveDivisionSubjects,
  openDivisionRow,
  parentCodeOf,
  type RegistryDb,
  recordOrderDetail,
  type DivisionOrderKind,
  type DivisionView,
} from '../registry/index.js';
import { communityTables, type CommunityDeps } from './roster.js';

export const ORDER_KINDS = ['establish', 'split', 'merge', 'transfer'] as const;
export type OrderKind = (typeof ORDER_KINDS)[number];
export const orderKindNames: Record<DivisionOrderKind, string> = { establish: '设立', split: '拆分', merge: '合并', transfer: '调整隶属', import: '代码清单导入' };
export const DIVISION_KINDS = ['街道', '镇', '乡', '居委会', '村委会'] as const;

export interface NewDivision {
  code: string;
  name?: string;
  kind?: string;
}

export interface DivisionOrderInput {
  kind: OrderKind;
  approvalNumber: string;
  reason: string;
  effectiveOn: IsoDate;
  /** split, transfer: the committee the order starts from. */
  from?: string;
  /** merge: the committees merged (they close). */
  sources?: string[];
  /** establish: the new division; merge: the receiving one (in force, or new); transfer: the new code. */
  target?: NewDivision;
  /** split: the new committees and the households each takes. */
  into?: (NewDivision & { householdIds?: number[] })[];
  /** split: the source closes, its remaining households going to the first new committee. */
  closeSource?: boolean;
}

export interface OrderOutcome {
  id: number;
  kind: DivisionOrderKind;
  kindName: string;
  approvalNumber: string;
  reason: string;
  effectiveOn: IsoDate;
  opened: { code: string; name: string }[];
  closed: { code: string; name: string }[];
  moved: ({ from: string; to: string } & MoveOutcome)[];
}

const bad = invalid;

export function checkedCode(raw: unknown, field = '区划代码'): string {
  const code = typeof raw === 'string' && /^\d{12}$/.test(raw.trim()) ? normaliseDivisionCode(raw) : null;
  if (!code?.startsWith('31')) throw bad('COMMUNITY_INVALID_DIVISION_CODE', `${field}格式错误：${String(raw)}（应为上海市 12 位区划代码）`);
  return code;
}

const levelName = { street: '街道（镇、乡）', committee: '居（村）委会' } as const;

/** The division in force on `on` for an order to act on; says why when it is not (before its start, closed, unknown). */
async function inForce(db: RegistryDb, code: string, on: IsoDate, what = '区划'): Promise<DivisionView> {
  const row = await findDivision(db, code, on);
  if (row && row.validFrom < on) return row;
  const first = await db.selectFrom('registry.divisions').select(['valid_from', 'name']).where('code', '=', code).orderBy('valid_from').executeTakeFirst();
  if (first && first.valid_from >= on) throw bad('COMMUNITY_ORDER_BEFORE_START', `${what}“${first.name}”（${code}）自 ${first.valid_from} 起设立，变更日期须晚于设立日期`);
  throw bad('COMMUNITY_DIVISION_NOT_IN_FORCE', `${what} ${code} 在 ${on} 不存在或已撤销`);
}

async function checkNew(db: RegistryDb, target: NewDivision | undefined, on: IsoDate, levels: readonly ('street' | 'committee')[], field: string): Promise<{ code: string; name: string; kind: string }> {
  if (!target) throw bad('COMMUNITY_ORDER_INCOMPLETE', `请填写${field}`);
  const code = checkedCode(target.code, `${field}代码`);
  const level = divisionLevel(code);
  if (!(levels as string[]).includes(level)) throw bad('COMMUNITY_WRONG_DIVISION_LEVEL', `${field}须为${levels.map((l) => levelName[l]).join('或')}一级的 12 位代码`);
  const name = typeof target.name === 'string' ? target.name.trim() : '';
  if (!name || name.length > 40) throw bad('COMMUNITY_INVALID_NAME', `请填写${field}名称（不超过 40 字）`);
  const kind = target.kind ?? (level === 'street' ? '街道' : name.endsWith('村委会') ? '村委会' : '居委会');
  if (!(DIVISION_KINDS as readonly string[]).includes(kind)) throw bad('COMMUNITY_INVALID_KIND', `区划类别无效：${kind}`);
  const parent = parentCodeOf(code);
  if (!parent || !(await findDivision(db, parent, on))) throw bad('COMMUNITY_PARENT_NOT_IN_FORCE', `${field}的上级区划 ${parent ?? ''} 在 ${on} 不存在或已撤销`);
  return { code, name, kind };
}

function checkHeader(input: DivisionOrderInput, today: IsoDate): { approvalNumber: string; reason: string } {
  if (!(ORDER_KINDS as readonly string[]).includes(input.kind)) throw bad('COMMUNITY_INVALID_ORDER_KIND', '变更类型无效');
  const approvalNumber = typeof input.approvalNumber === 'string' ? input.approvalNumber.trim() : '';
  if (!approvalNumber || approvalNumber.length > 60) throw bad('COMMUNITY_INVALID_APPROVAL', '请填写批准文号（不超过 60 字）');
  const reason = typeof input.reason === 'string' ? input.reason.trim() : '';
  if (!reason || reason.length > 500) throw bad('COMMUNITY_INVALID_REASON', '请填写变更理由（不超过 500 字）');
  if (typeof input.effectiveOn !== 'string' || !isValidDate(input.effectiveOn)) throw bad('COMMUNITY_INVALID_DATE', `生效日期无效：${String(input.effectiveOn)}`);
  if (input.effectiveOn > today) throw bad('COMMUNITY_ORDER_IN_FUTURE', `生效日期 ${input.effectiveOn} 晚于今天：请在生效当日或之后登记变更`);
  return { approvalNumber, reason };
}

async function checkOrder(db: RegistryDb, code: string, on: IsoDate): Promise<void> {
  const later = await laterMoveOf(db, code, on);
  if (later) throw bad('COMMUNITY_ORDER_OUT_OF_ORDER', `区划 ${code} 在 ${later} 已有变更，不能登记更早日期的变更`);
}

interface Plan {
  open: { code: string; name: string; kind: string }[];
  close: DivisionView[];
  moves: { from: string; to: string; householdIds?: number[] }[];
}

async function plan(db: RegistryDb, input: DivisionOrderInput, on: IsoDate): Promise<Plan> {
  switch (input.kind) {
    case 'establish': {
      const target = await checkNew(db, input.target, on, ['street', 'committee'], '新设区划');
      return { open: [target], close: [], moves: [] };
    }
    case 'split': {
      const from = await inForce(db, checkedCode(input.from, '拆分的居村委会'), on, '拆分的居村委会');
      if (from.level !== 'committee') throw bad('COMMUNITY_WRONG_DIVISION_LEVEL', '拆分限于居（村）委会');
      const into = input.into ?? [];
      if (into.length === 0) throw bad('COMMUNITY_ORDER_INCOMPLETE', '请填写拆分后新设的居村委会');
      const open = [];
      for (const part of into) open.push(await checkNew(db, part, on, ['committee'], '新设居村委会'));
      if (new Set(open.map((o) => o.code)).size !== open.length) throw bad('COMMUNITY_DUPLICATE_CODE', '新设居村委会代码重复');
      const listed = into.flatMap((p) => p.householdIds ?? []);
      if (new Set(listed).size !== listed.length) throw bad('COMMUNITY_DUPLICATE_HOUSEHOLD', '同一户不能同时划入两个居村委会');
      const moves: Plan['moves'] = open.map((o, i) => ({ from: from.code, to: o.code, householdIds: into[i].householdIds ?? [] }));
      // The rest goes to the first new committee when the source closes (moved last: the listed ones are gone by then).
      if (input.closeSource) moves.push({ from: from.code, to: open[0].code });
      return { open, close: input.closeSource ? [from] : [], moves };
    }
    case 'merge': {
      const sources = [...new Set((input.sources ?? []).map((c) => checkedCode(c, '合并的居村委会')))];
      if (sources.length === 0) throw bad('COMMUNITY_ORDER_INCOMPLETE', '请填写被合并的居村委会');
      const close = [];
      for (const code of sources) {
        const d = await inForce(db, code, on, '被合并的居村委会');
        if (d.level !== 'committee') throw bad('COMMUNITY_WRONG_DIVISION_LEVEL', '合并限于居（村）委会');
        close.push(d);
      }
      const targetCode = checkedCode(input.target?.code, '合并后的居村委会代码');
      if (sources.includes(targetCode)) throw bad('COMMUNITY_ORDER_INCOMPLETE', '合并后的居村委会不能同时是被合并的一方');
      const existing = await findDivision(db, targetCode, on);
      const open = existing ? [] : [await checkNew(db, input.target, on, ['committee'], '合并后的居村委会')];
      if (existing) await inForce(db, targetCode, on, '合并后的居村委会');
      return { open, close, moves: sources.map((from) => ({ from, to: targetCode })) };
    }
    case 'transfer': {
      const from = await inForce(db, checkedCode(input.from, '调整隶属的居村委会'), on, '调整隶属的居村委会');
      if (from.level !== 'committee') throw bad('COMMUNITY_WRONG_DIVISION_LEVEL', '调整隶属限于居（村）委会');
      const target = await checkNew(db, { name: from.name, kind: from.kind, ...input.target, code: input.target?.code ?? '' }, on, ['committee'], '调整后的居村委会');
      if (target.code.slice(0, 9) === from.code.slice(0, 9)) throw bad('COMMUNITY_SAME_PARENT', '调整隶属须划入另一个街镇（新代码的前 9 位须为新街镇代码）');
      return { open: [target], close: [from], moves: [{ from: from.code, to: target.code }] };
    }
  }
}

/** Issues a change order: checks it whole, then opens, moves and closes in one transaction. */
export async function issueDivisionOrder(deps: CommunityDeps, actor: Actor, input: DivisionOrderInput): Promise<OrderOutcome> {
  requirePermission(actor, 'community.divisions.manage');
  const today = todayInShanghai(deps.now());
  const header = checkHeader(input, today);
  const on = input.effectiveOn;
  return guardedTransaction(communityTables(deps), actor, async (trx, allow) => {
    const db = trx as unknown as RegistryDb;
    const p = await plan(db, input, on);
    const codes = [...new Set([...p.open.map((o) => o.code), ...p.close.map((c) => c.code), ...p.moves.flatMap((m) => [m.from, m.to])])];
    const outside = codes.find((c) => !isWithin(c, actor.jurisdiction));
    const request = {
      permission: 'community.divisions.manage' as const,
      action: 'community.division.order',
      entityType: 'division',
      entityId: codes[0],
      detail: { kind: input.kind, approvalNumber: header.approvalNumber, effectiveOn: on, codes },
    };
    await allow({ ...request, divisionCodes: [outside ?? codes[0]] });
    if (outside) throw forbidden('ACCESS_OUT_OF_JURISDICTION', `区划 ${outside} 不在您的辖区范围内`);
    for (const code of new Set(p.moves.map((m) => m.from))) await checkOrder(db, code, on);
    const id = await insertDivisionOrder(db, { kind: input.kind, approvalNumber: header.approvalNumber, reason: header.reason, effectiveOn: on, enteredBy: actor.userId });
    for (const division of p.open) await openDivisionRow(db, { ...division, on });
    const moved: OrderOutcome['moved'] = [];
    for (const move of p.moves) moved.push({ from: move.from, to: move.to, ...(await moveDivisionSubjects(db, { orderId: id, on, ...move })) });
    for (const division of p.close) await closeDivisionRow(db, division.code, on);
    const outcome: OrderOutcome = {
      id,
      kind: input.kind,
      kindName: orderKindNames[input.kind],
      approvalNumber: header.approvalNumber,
      reason: header.reason,
      effectiveOn: on,
      opened: p.open.map((o) => ({ code: o.code, name: o.name })),
      closed: p.close.map((c) => ({ code: c.code, name: c.name })),
      moved,
    };
    await recordOrderDetail(db, id, { codes, opened: outcome.opened, closed: outcome.closed, moved });
    return outcome;
  });
}
