/**
 * Step 3 of an exchange batch: the rows' changes to persons, through the registry's bulk calls. The deaths,
 * moves and disability certificates go in row order (a person's second change sees the first), then the
 * ends of wages; each call is one registry transaction and one audit entry (naming the batch and the
 * persons) for up to CHUNK changes, so a batch no longer queues on the audit chain once per person.
 * A change the registry refuses rejects its row, with the registry's message; the others go on.
 */
import { DomainError } from '../kernel/index.js';
import type { MonitoringDeps } from './deps.js';
import { rowEffects } from './exchange-map.js';
import { SOURCES, type ExchangeRow, type Source } from './exchange-rows.js';
import type { RowError } from './model.js';
import type { FactEnd, PersonChange } from './registry-port.js';

export type ChangeResult = 'recorded' | 'already' | RowError;

const CHUNK = 1000;

/** The registry's answers for a chunk; a refusal of the whole call (e.g. a 403) is every item's answer. */
async function answers<T>(items: readonly unknown[], call: () => Promise<(T | DomainError)[]>): Promise<(T | DomainError)[]> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof DomainError && error.status < 500) return items.map(() => error);
    throw error;
  }
}

function rejected(row: ExchangeRow, field: string, error: DomainError): RowError {
  if (error.status >= 500) throw error;
  return { row: row.row, field, message: `人口库拒绝该变更：${error.message}` };
}

export async function applyChanges(deps: MonitoringDeps, source: Source, batchId: string, reference: string, rows: readonly { row: ExchangeRow; personId: number }[]): Promise<Map<ExchangeRow, ChangeResult>> {
  const out = new Map<ExchangeRow, ChangeResult>();
  const changes: { row: ExchangeRow; field: string; change: PersonChange }[] = [];
  const ends: { row: ExchangeRow; end: FactEnd }[] = [];
  for (const { row, personId } of rows) {
    const change = rowEffects(row, personId).change;
    // Deaths come from public security only (死亡确认): the funeral desk files them as police notices, the proof
    // being the confirmation number when sent, else the batch and row (a re-sent row is the same notice).
    if (change?.kind === 'death') {
      const proofNumber = typeof row.values.confirmationNumber === 'string' && row.values.confirmationNumber.trim() ? row.values.confirmationNumber.trim() : `公安数据交换 ${batchId} 第 ${row.row} 行`;
      changes.push({ row, field: 'deathDate', change: { kind: 'death', personId, deathDate: change.deathDate, source: 'police', proofNumber } });
    }
    if (change?.kind === 'move') changes.push({ row, field: 'toDivision', change: { kind: 'move', personId, residenceDivision: change.to, movedOn: change.movedOn } });
    if (change?.kind === 'disability') changes.push({ row, field: 'grade', change: { kind: 'disability', personId, disability: change.disability } });
    if (change?.kind === 'moved_out') out.set(row, 'recorded');
    if (change?.kind === 'end_wage') {
      const reason = `${SOURCES[source].name}登记 ${change.on} 失业（批次 ${batchId} 第 ${row.row} 行），工资收入自当日终止`;
      ends.push({ row, end: { personId, on: change.on, reason } });
    }
  }
  for (let i = 0; i < changes.length; i += CHUNK) {
    const chunk = changes.slice(i, i + CHUNK);
    const outcomes = await answers(chunk, () =>
      deps.registry.changePersons(
        reference,
        chunk.map((c) => c.change),
      ),
    );
    chunk.forEach((c, j) => {
      const outcome = outcomes[j];
      out.set(c.row, outcome instanceof DomainError ? rejected(c.row, c.field, outcome) : outcome);
    });
  }
  for (let i = 0; i < ends.length; i += CHUNK) {
    const chunk = ends.slice(i, i + CHUNK);
    const outcomes = await answers(chunk, () =>
      deps.registry.endFacts(
        reference,
        'income.wage',
        chunk.map((e) => e.end),
      ),
    );
    chunk.forEach((e, j) => {
      const outcome = outcomes[j];
      out.set(e.row, outcome instanceof DomainError ? rejected(e.row, 'date', outcome) : outcome > 0 ? 'recorded' : 'already');
    });
  }
  return out;
}
