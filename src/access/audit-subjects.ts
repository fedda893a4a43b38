/**
 * "Who has read this person's data?" (PIPL art. 45). The audit log names the object each entry read — a person,
 * a household, a case — and only the module that owns an object knows whose data it holds. So the modules
 * register sources here (modules.ts does, as it installs the policy pack): the registry finds persons and their
 * households, assistance the cases of those households; access then lists every entry on any of those objects.
 */
import type { AppContext } from '../context.js';

/** Objects of one type, by the `entity_id` the audit log holds for them. */
export interface AuditObjects {
  entityType: string;
  ids: string[];
}

export interface AuditSubjectPerson {
  personId: number;
  name: string;
  /** Masked as in every list view. */
  idNumberMasked: string;
  birthDate: string | null;
}

export interface AuditSubjectSource {
  /** Persons matching a name or an ID number (only the registry answers this). */
  findPersons?(ctx: AppContext, q: string): Promise<AuditSubjectPerson[]>;
  /** Objects holding this person's data, given the objects the sources before it found (households before cases). */
  objectsOf(ctx: AppContext, personId: number, found: readonly AuditObjects[]): Promise<AuditObjects[]>;
  /** A readable name of each object of this type (a person's name, "户主 王某某 的家庭"). */
  describe?(ctx: AppContext, entityType: string, ids: readonly string[]): Promise<Map<string, string>>;
}

const sources = new Map<string, AuditSubjectSource>();

/** Registered once per module name: registering again replaces (tests build the app many times). */
export function registerAuditSubjectSource(name: string, source: AuditSubjectSource): void {
  sources.set(name, source);
}

export async function findAuditSubjects(ctx: AppContext, q: string): Promise<AuditSubjectPerson[]> {
  const found: AuditSubjectPerson[] = [];
  for (const source of sources.values()) if (source.findPersons) found.push(...(await source.findPersons(ctx, q)));
  return found;
}

export async function objectsOfPerson(ctx: AppContext, personId: number): Promise<AuditObjects[]> {
  const found: AuditObjects[] = [];
  for (const source of sources.values()) found.push(...(await source.objectsOf(ctx, personId, found)));
  return found.filter((o) => o.ids.length > 0);
}

/** Names of the objects the entries point at, by `type:id`. */
export async function describeObjects(ctx: AppContext, objects: readonly AuditObjects[]): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  for (const { entityType, ids } of objects) {
    for (const source of sources.values()) {
      if (!source.describe || ids.length === 0) continue;
      for (const [id, name] of await source.describe(ctx, entityType, ids)) names.set(`${entityType}:${id}`, name);
    }
  }
  return names;
}
