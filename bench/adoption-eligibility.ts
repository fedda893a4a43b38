/**
 * 收养登记 eligibility at scale. Measured in one run on the same data: the eligibility check as the registration runs
 * it — the adopters' registered, undissolved adoptions by ID hash (adoption.cases ⋈ adoption.adoptions), the dated
 * parameters of the day and the rules of 民法典 第1093–1102条 — p50 / p99, against a baseline: one primary-key look-up
 * of a case, p50 / p99. Target p99 < 5 ms. The registry's own look-ups (persons by ID hash, linked children) are the
 * registry's and are not part of this figure.
 *
 *   npx tsx bench/adoption-eligibility.ts                      # PGlite, 300 000 cases
 *   CASES=1000000 npx tsx bench/adoption-eligibility.ts
 */
import { loadavg } from 'node:os';
import { sql } from 'kysely';
import { adoptedBy } from '../src/adoption/cases.js';
import type { AdoptionTables } from '../src/adoption/model.js';
import { checkEligibility } from '../src/adoption/rules.js';
import { loadSettings } from '../src/adoption/settings.js';
import { todayInShanghai } from '../src/kernel/index.js';
import { openBenchDatabase, seconds } from './assistance-fixtures.js';

const CASES = Number(process.env.CASES ?? 300_000);
const CHECKS = Number(process.env.CHECKS ?? 1_000);
const log = (text: string) => process.stdout.write(`${text}\n`);
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))];
const ms = (x: number) => `${x.toFixed(3)} ms`;
const { db, drop } = await openBenchDatabase();
const a = db.kysely.withTables<AdoptionTables>();
const today = todayInShanghai();
log(`adoption eligibility — ${CASES} cases, ${CHECKS} checks, ${db.kind}`);
const started = Date.now();
try {
  // Hashes stand in for the vault's HMAC (32 bytes); two cases in three are couples, four in five registered, one in ten of those dissolved.
  await sql`insert into adoption.cases (office_id, district_code, opened_on, child_hash, child_enc, child_masked, child_name, child_birth, child_sex, child_kind,
              adopter1_hash, adopter1_enc, adopter1_masked, adopter1_name, adopter1_birth, adopter1_sex,
              adopter2_hash, adopter2_enc, adopter2_masked, adopter2_name, adopter2_birth, adopter2_sex, adopters_children, sender_kind, sender_name)
            select 1 + i % 16, '310115000000', date '2000-01-01' + (i % 9000), decode(md5('c' || i) || md5('C' || i), 'hex'), '\\x00', 'x', '童', date '2015-01-01' + (i % 3000), 'F', 'parents_difficulty',
                   decode(md5('a' || i) || md5('A' || i), 'hex'), '\\x00', 'x', '甲', date '1975-01-01' + (i % 5000), 'M',
                   case when i % 3 <> 0 then decode(md5('b' || i) || md5('B' || i), 'hex') end, case when i % 3 <> 0 then '\\x00'::bytea end, case when i % 3 <> 0 then 'x' end,
                   case when i % 3 <> 0 then '乙' end, case when i % 3 <> 0 then date '1977-01-01' + (i % 5000) end, case when i % 3 <> 0 then 'F' end, 0, 'birth_parents', '生父母'
              from generate_series(1, ${CASES}::int) i`.execute(db.kysely);
  await sql`insert into adoption.adoptions (case_id, office_id, district_code, registered_on, certificate_number, child_kind, dissolved_on, dissolved_by)
            select id, office_id, district_code, opened_on + 90, 'SY' || id, child_kind, case when id % 50 = 0 then opened_on + 900 end, case when id % 50 = 0 then 'agreement' end
              from adoption.cases where id % 5 <> 0`.execute(db.kysely);
  await sql`analyze adoption.cases`.execute(db.kysely);
  await sql`analyze adoption.adoptions`.execute(db.kysely);
  log(`seeded in ${seconds(Date.now() - started)}`);
  const hash = async (side: string, i: number) => (await sql<{ h: Buffer }>`select decode(md5(${`${side}${i}`}) || md5(${`${side.toUpperCase()}${i}`}), 'hex') as h`.execute(db.kysely)).rows[0].h;
  const check: number[] = [];
  const pk: number[] = [];
  for (let k = 0; k < CHECKS; k++) {
    const i = 1 + Math.floor(Math.random() * CASES);
    const hashes = [await hash('a', i), await hash('b', i)];
    let t = performance.now();
    const s = await loadSettings(a, today);
    const adopted = await adoptedBy(a, hashes);
    const results = checkEligibility(
      {
        on: today,
        child: { birthDate: '2020-03-01', sex: 'F', kind: 'parents_difficulty', disabled: false, inWelfareInstitution: false },
        adopters: [
          { name: '甲', birthDate: '1980-01-01', sex: 'M' },
          { name: '乙', birthDate: '1982-01-01', sex: 'F' },
        ],
        singleAdopterHasSpouse: false,
        children: adopted,
        adopted,
        sender: 'birth_parents',
      },
      s,
    );
    if (results.length !== 7) throw new Error('unexpected rule count');
    check.push(performance.now() - t);
    t = performance.now();
    await a.selectFrom('adoption.cases').select(['id', 'child_kind']).where('id', '=', i).executeTakeFirst();
    pk.push(performance.now() - t);
  }
  const [c50, c99, p50, p99] = [pct(check, 50), pct(check, 99), pct(pk, 50), pct(pk, 99)];
  log(`eligibility check: p50 ${ms(c50)}, p99 ${ms(c99)} (target p99 < 5 ms)`);
  log(`baseline primary-key look-up: p50 ${ms(p50)}, p99 ${ms(p99)}; ratio p99 ${(c99 / p99).toFixed(1)}×`);
  log(
    `load ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' / ')} (1/5/15 min, 2 cores, shared with other sessions)`,
  );
} finally {
  await drop();
}
