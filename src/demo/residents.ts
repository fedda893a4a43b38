/**
 * Demo residents who can sign in on the residents' end (居民端) and find something there: a household of
 * 潍坊新村街道 (where the demo caseworker `weifang` works) with a minor, which the 低保 rule finds eligible. The
 * serve command prints their ID numbers beside the staff logins; the resident e2e test signs in as the first.
 * Demo mode only: the ID numbers are read through an audited reveal, as a caseworker would.
 */
import type { Actor } from '../access/index.js';
import type { AppContext } from '../context.js';
import { addDays, currentMonthInShanghai, DomainError, formatYuan, todayInShanghai } from '../kernel/index.js';
import { marriageDeps, slotsForResident } from '../marriage/index.js';
import { activePack, effectiveParameters, explainHousehold, type PolicyTables } from '../policy/index.js';
import { getHousehold, getPerson, IdVault, listPersons, readHouseholdPolicyInput, type HouseholdView, type RegistryTables } from '../registry/index.js';
import { applyOnline, bookMarriage, residentDeps, residentSessionFor } from '../residents/index.js';

/** 潍坊新村街道, 浦东新区: the street of the demo caseworker. */
export const DEMO_RESIDENT_STREET = '310115004';

const DEMO_ACTOR: Actor = { userId: 0, username: 'system:demo', displayName: '演示数据（系统）', role: 'district_staff', jurisdiction: '310115000000' };

export interface DemoResident {
  idNumber: string;
  name: string;
  personId: number;
  householdId: number;
  /** 低保 a month for the household, by the rules in force today. */
  dibaoMonthlyFen: number;
}

const isMinor = (birthDate: string, today: string) => Number(today.slice(0, 4)) - Number(birthDate.slice(0, 4)) - (today.slice(5) < birthDate.slice(5) ? 1 : 0) < 18;
const livesWhollyIn = (household: HouseholdView) => household.members.every((m) => m.hukouDivision.startsWith(DEMO_RESIDENT_STREET) && m.residenceDivision.startsWith(DEMO_RESIDENT_STREET));

/** Up to `wanted` adults of different households, each heading one that the 低保 rule finds eligible and that has a minor. */
export async function findDemoResidents(ctx: AppContext, wanted = 2): Promise<DemoResident[]> {
  if (!ctx.config.auth.demo) return [];
  const registry = ctx.db.kysely.withTables<RegistryTables>();
  const vault = new IdVault(ctx.config.secretKey);
  const pack = await activePack();
  const parameters = await effectiveParameters(ctx.db.kysely.withTables<PolicyTables>(), pack);
  const today = todayInShanghai();
  const month = currentMonthInShanghai();
  const seen = new Set<number>();
  const found: DemoResident[] = [];
  let cursor: string | undefined;
  // A few pages of the street are plenty in the demo city; the bound keeps start-up short on a large one.
  for (let page = 0; page < 10 && found.length < wanted; page++) {
    const { items, nextCursor } = await listPersons(registry, vault, DEMO_ACTOR, { divisionCode: DEMO_RESIDENT_STREET, limit: 200, cursor });
    for (const person of items) {
      if (found.length >= wanted) break;
      const householdId = person.householdId;
      if (!householdId || seen.has(householdId) || isMinor(person.birthDate, today) || person.deathDate) continue;
      seen.add(householdId);
      const household = await getHousehold(registry, DEMO_ACTOR, householdId);
      if (!livesWhollyIn(household) || !household.members.some((m) => isMinor(m.birthDate, today))) continue;
      const input = await readHouseholdPolicyInput(registry, DEMO_ACTOR, householdId, month);
      const dibao = explainHousehold(pack, input, month, { parameters }).results.find((r) => r.programme === 'dibao' && r.eligible);
      if (!dibao) continue;
      const revealed = await getPerson(registry, vault, DEMO_ACTOR, person.id, { revealIdNumber: true, purpose: 'case_handling', purposeRef: '演示居民登录账号' });
      found.push({ idNumber: revealed.idNumber, name: person.name, personId: person.id, householdId, dibaoMonthlyFen: dibao.monthlyAmountFen });
    }
    if (!nextCursor) break;
    cursor = nextCursor;
  }
  return found;
}

/** The lines `serve` prints: the full ID number is the demo login itself, so it is shown (demo mode only). */
export function demoResidentLines(residents: readonly DemoResident[]): string {
  if (!residents.length) return '';
  return (
    '演示居民（居民端 /resident，身份证号登录，验证码见本日志）：\n' +
    residents.map((r) => `  ${r.idNumber}  ${r.name.slice(0, 1)}*${r.name.length > 2 ? r.name.slice(-1) : ''}，家庭有未成年人，可申请低保（约每月 ${formatYuan(r.dibaoMonthlyFen)} 元）`).join('\n') +
    '\n'
  );
}

/** 浦东新区婚姻登记处, where the demo registrar works. */
const DEMO_MARRIAGE_OFFICE = 11;

/**
 * The first demo resident's partner in the demo: the first adult of the other sex in the same street outside their
 * household (a registered person, so they too can sign in and see the booking). Demo mode only; audited reveal.
 */
export async function findDemoPartner(ctx: AppContext, self: DemoResident): Promise<{ idNumber: string; name: string } | null> {
  if (!ctx.config.auth.demo) return null;
  const registry = ctx.db.kysely.withTables<RegistryTables>();
  const vault = new IdVault(ctx.config.secretKey);
  const male = Number(self.idNumber[16]) % 2 === 1;
  const today = todayInShanghai();
  let cursor: string | undefined;
  for (let page = 0; page < 10; page++) {
    const { items, nextCursor } = await listPersons(registry, vault, DEMO_ACTOR, { divisionCode: DEMO_RESIDENT_STREET, limit: 200, cursor });
    for (const person of items) {
      if (person.householdId === self.householdId || person.deathDate || isMinor(person.birthDate, today) || addDays(person.birthDate, 22 * 366) > today) continue;
      const revealed = await getPerson(registry, vault, DEMO_ACTOR, person.id, { revealIdNumber: true, purpose: 'case_handling', purposeRef: '演示婚姻登记预约' });
      if ((Number(revealed.idNumber[16]) % 2 === 1) !== male) return { idNumber: revealed.idNumber, name: person.name };
    }
    if (!nextCursor) break;
    cursor = nextCursor;
  }
  return null;
}

/**
 * The residents' marriage page with something on it: the first demo resident has booked 结婚登记 at 浦东 with a
 * partner (findDemoPartner), on the first day from tomorrow with an online place — made through the residents' own
 * path, so both got their notice and the partner, signed in, sees the booking. Returns the booking's day, or null
 * when the demo city has no demo resident, no partner or no place in the next two weeks.
 */
export async function bookDemoMarriage(ctx: AppContext): Promise<string | null> {
  const [self] = await findDemoResidents(ctx, 1);
  const partner = self ? await findDemoPartner(ctx, self) : null;
  if (!self || !partner) return null;
  const marriage = marriageDeps(ctx);
  for (let ahead = 1; ahead <= 14; ahead++) {
    const day = addDays(todayInShanghai(), ahead);
    const slot = (await slotsForResident(marriage, DEMO_MARRIAGE_OFFICE, day)).find((s) => s.service === 'marriage' && s.left > 0);
    if (!slot) continue;
    // A session of the demo resident as the sign-in would make it (the portal's audit names 居民 0: the demo itself).
    const session = { tokenHash: 'demo', residentId: 0, personId: self.personId, via: 'dev' as const, expiresAt: new Date() };
    await bookMarriage(residentDeps(ctx), session, { officeId: DEMO_MARRIAGE_OFFICE, day, slot: slot.slot, service: 'marriage', partner });
    return day;
  }
  return null;
}

/**
 * The street caseworker's list with an urgent online application on it: an adult of 潍坊新村街道 outside the first
 * demo resident's household (and not their partner) has applied on the residents' end for 急难型临时救助 with 加急
 * (a fire at home), through the residents' own path, so the case reaches the street marked urgent and first in
 * the list. The first such adult whose household may apply is taken. Returns the online application's id, or null.
 */
export async function applyDemoUrgent(ctx: AppContext): Promise<number | null> {
  if (!ctx.config.auth.demo) return null;
  const [self] = await findDemoResidents(ctx, 1);
  const partner = self ? await findDemoPartner(ctx, self) : null;
  const registry = ctx.db.kysely.withTables<RegistryTables>();
  const vault = new IdVault(ctx.config.secretKey);
  const deps = residentDeps(ctx);
  const today = todayInShanghai();
  let cursor: string | undefined;
  for (let page = 0, tried = 0; page < 10 && tried < 20; page++) {
    const { items, nextCursor } = await listPersons(registry, vault, DEMO_ACTOR, { divisionCode: DEMO_RESIDENT_STREET, limit: 200, cursor });
    for (const person of items) {
      if (!person.householdId || person.householdId === self?.householdId || person.name === partner?.name || person.deathDate || isMinor(person.birthDate, today)) continue;
      if (!person.hukouDivision.startsWith(DEMO_RESIDENT_STREET) || tried++ >= 20) continue;
      const session = await residentSessionFor(deps, person.id, `demo:${person.id}`);
      const applied = await applyOnline(deps, session, { kind: 'temporary', urgent: true, consent: true, reason: '家中昨夜突发火灾，衣物家具被烧毁，生活暂时无着' }).catch((error: unknown) => {
        // A household that may not apply now (an open case of its own) is passed over.
        if (error instanceof DomainError) return null;
        throw error;
      });
      if (applied) return applied.id;
    }
    if (!nextCursor) break;
    cursor = nextCursor;
  }
  return null;
}
