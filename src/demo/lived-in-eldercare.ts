import type { AppContext } from '../context.js';
import { acceptOffer, DEVICE_CODES, eldercareDeps, ELDERCARE_SYSTEM_ACTOR, listFacilities, listFindings, recordAssessment, recordMeal, rectifyFinding, rentDevice, returnDevice, type EldercareTables } from '../eldercare/index.js';
import { DEMO_STREETS } from '../registry/index.js';
import { addDays, DomainError, todayInShanghai } from '../kernel/index.js';
import type { RegistryTables } from '../registry/index.js';

export interface EldercareTally {
  admissions: number;
  meals: number;
  rectified: number;
  rentals: number;
  /** Older members of 低保 / 低收入 households in the demo streets assessed, so that 养老服务补贴 has people to pay. */
  subsidyAssessments: number;
}

const DINERS_PER_POINT = 3;
const DAYS_OF_MEALS = 3;
const RENTERS_PER_POINT = 4;
const SUBSIDY_LEVELS = [1, 3, 5, 2] as const;

/**
 * The living part of elderly care on top of the demo's institutions: most first bed offers accepted (the
 * waitlist's admissions), three days of lunches at every meal point, and some inspection findings rectified
 * while others stay open. Meals and admissions go through the module's own functions as its system actor.
 */
export async function seedEldercareLife(ctx: AppContext, random: () => number, now: Date): Promise<EldercareTally> {
  const deps = eldercareDeps(ctx, { now: () => now });
  const actor = ELDERCARE_SYSTEM_ACTOR;
  const today = todayInShanghai(now);
  const tally: EldercareTally = { admissions: 0, meals: 0, rectified: 0, rentals: 0, subsidyAssessments: 0 };

  // Demo loader only: the open offers the allocation has just made (a read, the acceptance is the module's).
  const offers = await ctx.db.kysely.withTables<EldercareTables>().selectFrom('eldercare.offers').select('id').where('status', '=', 'open').orderBy('id').execute();
  for (const offer of offers) {
    if (random() < 0.25) continue;
    await acceptOffer(deps, actor, offer.id, { admittedOn: today });
    tally.admissions += 1;
  }

  const points = await listFacilities(deps, actor, { kind: 'meal_point', limit: 500 });
  const registry = ctx.db.kysely.withTables<RegistryTables>();
  for (const point of points.items) {
    const diners = await registry
      .selectFrom('registry.persons')
      .select('id')
      .where('death_date', 'is', null)
      .where('birth_date', '<=', addDays(today, -65 * 366))
      .where('residence_division', 'like', `${point.divisionCode.slice(0, 9)}%`)
      .orderBy('id')
      .limit(DINERS_PER_POINT * 3)
      .execute();
    const chosen = diners.filter(() => random() < 0.5).slice(0, DINERS_PER_POINT);
    for (let d = DAYS_OF_MEALS - 1; d >= 0; d--) {
      const servedOn = addDays(today, -d);
      for (const diner of chosen) {
        try {
          await recordMeal(deps, actor, { mealPointId: point.id, personId: diner.id, servedOn, meal: 'lunch' });
          tally.meals += 1;
        } catch (error) {
          // A diner the meal rules refuse (not in a household that month) simply did not eat here.
          if (!(error instanceof DomainError)) throw error;
        }
      }
    }
  }

  // A few devices rented at each rental point (the demo streets' two) over the last months, one returned; no random
  // numbers are drawn here, so what the demo draws after stays as it was.
  const rentalPoints = await listFacilities(deps, actor, { kind: 'rental_point', limit: 50 });
  for (const point of rentalPoints.items) {
    const renters = await registry
      .selectFrom('registry.persons')
      .select('id')
      .where('death_date', 'is', null)
      .where('birth_date', '<=', addDays(today, -70 * 366))
      .where('residence_division', 'like', `${point.divisionCode.slice(0, 9)}%`)
      .orderBy('id', 'desc')
      .limit(RENTERS_PER_POINT)
      .execute();
    for (const [i, renter] of renters.entries()) {
      try {
        const rental = await rentDevice(deps, actor, { pointId: point.id, personId: renter.id, deviceCode: DEVICE_CODES[i % DEVICE_CODES.length] ?? 'wheelchair', startedOn: addDays(today, -30 * (i + 1)) });
        tally.rentals += 1;
        if (i === RENTERS_PER_POINT - 1) await returnDevice(deps, actor, rental.id, { returnedOn: addDays(today, -7) });
      } catch (error) {
        // A renter the rules refuse simply did not rent here.
        if (!(error instanceof DomainError)) throw error;
      }
    }
  }

  // 养老服务补贴: a few older members of the demo streets' 低保 and 低收入 households, living in the household
  // today, assessed a month ago at levels across the bands (demo loader only: one read of the roster and the
  // registry; the assessments go through the module). No random numbers are drawn.
  const assessedOn = addDays(today, -30);
  const entitled = await ctx.db.kysely
    .withTables<EldercareTables & RegistryTables>()
    .selectFrom('eldercare.assistance_roster as r')
    .innerJoin('registry.household_members as m', 'm.household_id', 'r.household_id')
    .innerJoin('registry.persons as p', 'p.id', 'm.person_id')
    .select('p.id')
    .distinct()
    .where('r.active', '=', true)
    .where('r.programme', 'in', ['dibao', 'low_income'])
    .where('m.until', 'is', null)
    .where('p.death_date', 'is', null)
    .where('p.birth_date', '<=', addDays(today, -61 * 366))
    .where((eb) => eb.or(DEMO_STREETS.map((street) => eb('p.residence_division', 'like', `${street.code.slice(0, 9)}%`))))
    .where((eb) => eb.not(eb.exists(eb.selectFrom('eldercare.assessments as a').select('a.id').whereRef('a.person_id', '=', 'p.id').where('a.valid_until', '>=', today))))
    .orderBy('p.id')
    .limit(SUBSIDY_LEVELS.length * 2)
    .execute();
  for (const [i, person] of entitled.entries()) {
    try {
      await recordAssessment(deps, actor, { personId: person.id, level: SUBSIDY_LEVELS[i % SUBSIDY_LEVELS.length] ?? 3, assessor: '社区评估站', assessedOn });
      tally.subsidyAssessments += 1;
    } catch (error) {
      // A later assessment on file stands; this person is simply not assessed again.
      if (!(error instanceof DomainError)) throw error;
    }
  }

  const open = await listFindings(deps, actor, { status: 'open', limit: 200 });
  for (const finding of open.items) {
    if (random() < 0.6) continue;
    await rectifyFinding(deps, actor, finding.id, { rectifiedOn: today, measures: '已按整改通知完成整改，清理通道并更换标志', evidence: '整改前后照片已存档' });
    tally.rectified += 1;
  }
  return tally;
}
