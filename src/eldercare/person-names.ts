import type { Actor } from '../access/index.js';
import type { EldercareDeps } from './deps.js';

export interface Named {
  /** The person's name, masked (王*华) for a caller who may not read them in the registry. */
  personName: string;
  /** True when masked: the caller gets no link to the person either. */
  personNameMasked: boolean;
}

/** The rows with their persons' display names, read from the registry in one audited call for the list. */
export async function withPersonNames<T extends { personId: number }>(deps: EldercareDeps, actor: Actor, rows: readonly T[], reference: string): Promise<(T & Named)[]> {
  const names = await deps.registry.names(
    actor,
    rows.map((r) => r.personId),
    reference,
  );
  return rows.map((r) => {
    const name = names.get(r.personId);
    return { ...r, personName: name?.name ?? '（未登记）', personNameMasked: name?.masked ?? true };
  });
}
