/** The advisor's worklist order: overdue first, then the nearest deadline; grouped by committee (居委会). */

export interface Groupable {
  id: number;
  divisionCode: string;
  overdue: boolean;
  /** ISO time the item must be handled by (warnings), or when it was found (leads). */
  sortAt: string;
}

export interface CommitteeGroup<T> {
  divisionCode: string;
  items: T[];
  overdue: number;
}

export function byUrgency<T extends Groupable>(a: T, b: T): number {
  if (a.overdue !== b.overdue) return a.overdue ? -1 : 1;
  return a.sortAt < b.sortAt ? -1 : a.sortAt > b.sortAt ? 1 : a.id - b.id;
}

/** Committees with overdue items first (most overdue first), then by their most urgent item. */
export function groupByCommittee<T extends Groupable>(items: T[]): CommitteeGroup<T>[] {
  const groups = new Map<string, T[]>();
  for (const item of [...items].sort(byUrgency)) groups.set(item.divisionCode, [...(groups.get(item.divisionCode) ?? []), item]);
  return [...groups].map(([divisionCode, members]) => ({ divisionCode, items: members, overdue: members.filter((m) => m.overdue).length })).sort((a, b) => b.overdue - a.overdue || byUrgency(a.items[0], b.items[0]));
}

/** "逾期 5 小时" / "剩余 2 天": how far a deadline is, in the unit a person plans with. */
export function untilDeadline(dueAt: string, now = Date.now()): { overdue: boolean; text: string } {
  const hours = Math.round((new Date(dueAt).getTime() - now) / 3_600_000);
  const abs = Math.abs(hours);
  const amount = abs >= 48 ? `${Math.round(abs / 24)} 天` : `${abs} 小时`;
  return hours < 0 ? { overdue: true, text: `逾期 ${amount}` } : { overdue: false, text: `剩余 ${amount}` };
}
