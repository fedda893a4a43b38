/**
 * `npm run check:distribution` (issue 22, docs/scale-out.md): the schema may not drift away from the plan for
 * distributing it with Citus. Migrates an in-memory database, reads the catalog, and checks it against
 * tools/distribution-plan.json, which names every table's class:
 *   reference   — copied to every node (divisions, settings, parameters, users, facilities…);
 *   distributed — sharded by `key`, co-located with the other tables of its `group` (household, person…);
 *   coordinator — stays on the coordinator (queues, the migration record, the audit chain, run bookkeeping).
 * What Citus refuses, and this check reports unless the plan lists it as an accepted exception with a reason:
 *   - (named, not failed: parallel branches add and drop tables) a table planned but gone, and a table missing
 *     from the plan, which is checked as a coordinator table until placed — so a foreign key between it and a
 *     distributed table is still a finding;
 *   - a distribution key that is not a column, or is nullable;
 *   - a foreign key between distributed tables of different groups, or one that does not join the two keys;
 *     a reference or coordinator table pointing at a distributed one; a distributed table pointing at a
 *     coordinator table;
 *   - a primary key or unique index of a distributed table without its key (uniqueness is checked per shard).
 * Exit 1 on any finding not accepted; accepted ones that no longer occur are listed so the plan stays honest.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { migrate, openDatabase } from '../src/db/index.js';
import { migrationSources } from '../src/modules.js';

type Placement = { class: 'reference' } | { class: 'coordinator' } | { class: 'distributed'; key: string; group: string };
interface Plan {
  tables: Record<string, Placement>;
  /** Finding id → why it is accepted for now (and what distributing the table will need). */
  exceptions: Record<string, string>;
}

const planFile = fileURLToPath(new URL('./distribution-plan.json', import.meta.url));
const plan = JSON.parse(readFileSync(planFile, 'utf8')) as Plan;

const db = await openDatabase();
await migrate(db, migrationSources);
const catalog = await db.exclusive(async (s) => ({
  // A partition goes where its parent goes (the audit log's months, say): only the parents are placed.
  tables: await s.query<{ name: string }>(
    "select n.nspname || '.' || c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace where c.relkind in ('r', 'p') and not c.relispartition and n.nspname not in ('pg_catalog', 'information_schema', 'pg_toast') order by 1",
  ),
  columns: await s.query<{ tbl: string; col: string; nullable: string }>(
    "select table_schema || '.' || table_name as tbl, column_name as col, is_nullable as nullable from information_schema.columns where table_schema not in ('pg_catalog', 'information_schema')",
  ),
  foreignKeys: await s.query<{ child: string; name: string; parent: string; child_cols: string; parent_cols: string }>(`
    select c.conrelid::regclass::text as child, c.conname as name, c.confrelid::regclass::text as parent,
      (select string_agg(a.attname, ',' order by k.ord) from unnest(c.conkey) with ordinality k(n, ord) join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.n) as child_cols,
      (select string_agg(a.attname, ',' order by k.ord) from unnest(c.confkey) with ordinality k(n, ord) join pg_attribute a on a.attrelid = c.confrelid and a.attnum = k.n) as parent_cols
    from pg_constraint c where c.contype = 'f' order by 1, 2`),
  uniques: await s.query<{ tbl: string; name: string; cols: string | null }>(`
    select i.indrelid::regclass::text as tbl, x.relname as name,
      (select string_agg(a.attname, ',') from unnest(i.indkey) k(n) join pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.n) as cols
    from pg_index i join pg_class x on x.oid = i.indexrelid join pg_namespace ns on ns.oid = x.relnamespace
    where i.indisunique and ns.nspname not in ('pg_catalog', 'information_schema', 'pg_toast') order by 1, 2`),
}));
await db.close();

const findings = new Map<string, string>();
const placed = (table: string): Placement | undefined => plan.tables[table];
const columnsOf = new Map<string, Map<string, boolean>>();
for (const c of catalog.columns) {
  const cols = columnsOf.get(c.tbl) ?? new Map<string, boolean>();
  cols.set(c.col, c.nullable === 'YES');
  columnsOf.set(c.tbl, cols);
}

const actual = new Set(catalog.tables.map((t) => t.name));
// A new table not yet placed is named loudly but counted as a coordinator table, not a failure: the branches of
// one landing day add tables in parallel, and what would block distribution is checked for it all the same.
const unplaced = [...actual].filter((table) => !placed(table));
for (const table of unplaced) plan.tables[table] = { class: 'coordinator' };
const gone = Object.keys(plan.tables).filter((table) => !actual.has(table));
for (const [table, p] of Object.entries(plan.tables)) {
  if (p.class !== 'distributed' || !actual.has(table)) continue;
  const nullable = columnsOf.get(table)?.get(p.key);
  if (nullable === undefined) findings.set(`key ${table}`, `distribution key ${p.key} is not a column`);
  else if (nullable) findings.set(`key ${table}`, `distribution key ${p.key} may be null: a row without it has no shard`);
}

for (const fk of catalog.foreignKeys) {
  const child = placed(fk.child);
  const parent = placed(fk.parent);
  if (!child || !parent) continue;
  const id = `fk ${fk.child}.${fk.name}`;
  const what = `${fk.child}(${fk.child_cols}) → ${fk.parent}(${fk.parent_cols})`;
  if (parent.class === 'reference') continue; // every node has the parent's rows
  if (child.class === 'coordinator' && parent.class === 'coordinator') continue;
  if (child.class === 'distributed' && parent.class === 'distributed') {
    if (child.group !== parent.group) findings.set(id, `${what}: distributed in different groups (${child.group}, ${parent.group}), the rows live on different nodes`);
    else if (fk.child_cols.split(',').indexOf(child.key) !== fk.parent_cols.split(',').indexOf(parent.key) || !fk.child_cols.split(',').includes(child.key))
      findings.set(id, `${what}: does not join the distribution keys (${child.key} = ${parent.key}), so it cannot be checked on one shard`);
    continue;
  }
  findings.set(id, `${what}: a ${child.class} table cannot reference a ${parent.class} one`);
}

for (const u of catalog.uniques) {
  const p = placed(u.tbl);
  if (p?.class !== 'distributed') continue;
  if (!(u.cols ?? '').split(',').includes(p.key)) findings.set(`unique ${u.tbl}.${u.name}`, `unique (${u.cols ?? 'expression'}) without the distribution key ${p.key}: uniqueness would hold per shard only`);
}

const open = [...findings].filter(([id]) => !(id in plan.exceptions));
const stale = Object.keys(plan.exceptions).filter((id) => !findings.has(id));
const classes: Record<string, number> = {};
for (const p of Object.values(plan.tables)) classes[p.class] = (classes[p.class] ?? 0) + 1;
const groups = new Set(Object.values(plan.tables).flatMap((p) => (p.class === 'distributed' ? [p.group] : [])));
console.log(
  `distribution plan: ${actual.size} tables (${classes.reference ?? 0} reference, ${classes.distributed ?? 0} distributed in ${groups.size} groups, ${classes.coordinator ?? 0} on the coordinator); ${catalog.foreignKeys.length} foreign keys and ${catalog.uniques.length} unique indexes checked; ${findings.size - open.length} findings accepted in the plan`,
);
for (const table of gone) console.log(`  ! ${table}: in tools/distribution-plan.json but no longer in the schema: remove it`);
for (const table of unplaced) console.log(`  ! ${table}: not in tools/distribution-plan.json yet (checked as a coordinator table): place it`);
for (const id of stale) console.log(`  accepted in the plan but no longer found (remove it): ${id}`);
for (const [id, why] of open) console.log(`  ✗ ${id}: ${why}`);
if (open.length) {
  console.log(`${open.length} schema feature(s) would block distributing the database (docs/scale-out.md). Change the schema, or place the table / accept the finding in tools/distribution-plan.json with a reason.`);
  process.exitCode = 1;
} else console.log('no new schema feature blocks distribution');
