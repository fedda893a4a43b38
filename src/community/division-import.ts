/**
 * Import of the official 12-digit committee list (统计用区划代码, e.g. the NBS villages list): each line
 * `代码,名称[,类别]`, checked against the parent street in force on the list's date. A new code is added, a changed
 * name starts a new row from that date, an equal one is left alone (so a second run changes nothing); bad lines are
 * reported with their line number while the good ones land. Committees in force under the listed streets but absent
 * from the list are reported, not closed: closing one takes a change order with its approval number.
 */
import { guardedTransaction, requirePermission, type Actor } from '../access/index.js';
import { divisionLevel, invalid, isValidDate, isWithin, todayInShanghai, type IsoDate } from '../kernel/index.js';
import { closeDivisionRow, findDivision, insertDivisionOrder, openDivisionRow, recordOrderDetail, type RegistryDb } from '../registry/index.js';
import { communityTables, type CommunityDeps } from './roster.js';

export interface ListImportInput {
  effectiveOn: IsoDate;
  /** Where the list comes from (e.g. 国家统计局 2023 年统计用区划代码). */
  source: string;
  text: string;
}

export interface ListImportOutcome {
  orderId: number | null;
  lines: number;
  added: number;
  renamed: number;
  unchanged: number;
  errors: { line: number; code: string; message: string }[];
  missing: { code: string; name: string }[];
}

const MAX_LINES = 20_000;

export async function importCommitteeList(deps: CommunityDeps, actor: Actor, input: ListImportInput): Promise<ListImportOutcome> {
  requirePermission(actor, 'community.divisions.manage');
  if (typeof input.effectiveOn !== 'string' || !isValidDate(input.effectiveOn)) throw invalid('COMMUNITY_INVALID_DATE', `清单日期无效：${String(input.effectiveOn)}`);
  if (input.effectiveOn > todayInShanghai(deps.now())) throw invalid('COMMUNITY_ORDER_IN_FUTURE', '清单日期不能晚于今天');
  const source = typeof input.source === 'string' ? input.source.trim() : '';
  if (!source || source.length > 60) throw invalid('COMMUNITY_INVALID_APPROVAL', '请填写清单来源（不超过 60 字）');
  const lines = String(input.text ?? '')
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/);
  if (lines.length > MAX_LINES) throw invalid('COMMUNITY_LIST_TOO_LONG', `清单最多 ${MAX_LINES} 行`);
  const on = input.effectiveOn;
  return guardedTransaction(communityTables(deps), actor, async (trx, allow) => {
    await allow({
      permission: 'community.divisions.manage',
      action: 'community.division.import',
      entityType: 'division',
      entityId: actor.jurisdiction,
      divisionCodes: [actor.jurisdiction],
      detail: { source, effectiveOn: on, lines: lines.length },
    });
    const db = trx as unknown as RegistryDb;
    const outcome: ListImportOutcome = { orderId: null, lines: 0, added: 0, renamed: 0, unchanged: 0, errors: [], missing: [] };
    const seen = new Set<string>();
    const streets = new Set<string>();
    const changes: { code: string; name: string; kind: string; previous?: string }[] = [];
    for (const [index, raw] of lines.entries()) {
      const line = index + 1;
      const cells = raw.split(/[,\t]/).map((c) => c.trim().replace(/^"|"$/g, ''));
      if (cells.every((c) => c === '') || (index === 0 && !/^\d/.test(cells[0]))) continue; // blank line or header
      outcome.lines++;
      const [code, name, kindCell] = cells;
      const fail = (message: string) => outcome.errors.push({ line, code: code ?? '', message });
      if (!/^31\d{10}$/.test(code ?? '')) {
        fail('代码须为上海市 12 位统计用区划代码');
        continue;
      }
      if (divisionLevel(code) !== 'committee') {
        fail('不是居（村）委会一级的代码（末 3 位不能为 000）');
        continue;
      }
      if (!isWithin(code, actor.jurisdiction)) {
        fail('不在您的辖区范围内');
        continue;
      }
      if (seen.has(code)) {
        fail('代码在清单中重复');
        continue;
      }
      seen.add(code);
      if (!name || name.length > 40) {
        fail('名称为空或超过 40 字');
        continue;
      }
      const kind = kindCell || (name.endsWith('村委会') || name.endsWith('村') ? '村委会' : '居委会');
      if (kind !== '居委会' && kind !== '村委会') {
        fail(`类别须为居委会或村委会：${kind}`);
        continue;
      }
      const street = `${code.slice(0, 9)}000`;
      if (!(await findDivision(db, street, on))) {
        fail(`上级街镇 ${street} 在 ${on} 不存在或已撤销`);
        continue;
      }
      streets.add(street);
      const current = await findDivision(db, code, on);
      if (current && current.name === name) outcome.unchanged++;
      else if (current && current.validFrom >= on) fail(`该代码自 ${current.validFrom} 起名为“${current.name}”，清单日期须晚于该日期`);
      else changes.push({ code, name, kind, previous: current?.name });
    }
    if (changes.length > 0) {
      const orderId = await insertDivisionOrder(db, { kind: 'import', approvalNumber: source, reason: `导入 12 位居村委会代码清单（${changes.length} 处变化）`, effectiveOn: on, enteredBy: actor.userId });
      outcome.orderId = orderId;
      for (const change of changes) {
        if (change.previous !== undefined) {
          await closeDivisionRow(db, change.code, on);
          outcome.renamed++;
        } else outcome.added++;
        await openDivisionRow(db, { code: change.code, name: change.name, kind: change.kind, on });
      }
      await recordOrderDetail(db, orderId, { codes: changes.map((c) => c.code), opened: changes.map((c) => ({ code: c.code, name: c.name, previous: c.previous ?? null })) });
    }
    for (const street of streets) {
      const present = await db
        .selectFrom('registry.divisions')
        .select(['code', 'name'])
        .where('parent_code', '=', street)
        .where('valid_from', '<=', on)
        .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>', on)]))
        .orderBy('code')
        .execute();
      for (const p of present) if (!seen.has(p.code)) outcome.missing.push({ code: p.code, name: p.name });
    }
    return outcome;
  });
}
