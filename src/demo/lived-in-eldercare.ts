import type { AppContext } from '../context.js';
import { acceptOffer, DEVICE_CODES, eldercareDeps, ELDERCARE_SYSTEM_ACTOR, listFacilities, listFindings, recordMeal, rectifyFinding, rentDevice, returnDevice, type EldercareTables } from '../eldercare/index.js';
import { addDays, DomainError, todayInShanghai } from '../kernel/index.js';
import type { RegistryTables } from '../registry/index.js';

export interface EldercareTally {
  admissions: number;
  meals: number;
  rectified: number;
  rentals: number;
}

const DINERS_PER_POINT = 3;
const DAYS_OF_MEALS = 3;
const RENTERS_PER_POINT = 4;

/**
 * The living part of elderly care on top of the demo's institutions: most first bed offers accepted (the
 * waitlist's admissions), three days of lunches at every meal point, and some inspection findings rectified
 * while others stay open. Meals and admissions go through the module's own functions as its system actor.
 */
export async function seedEldercareLife(ctx: AppContext, random: () => number, now: Date): Promise<EldercareTally> {
  const deps = eldercareDeps(ctx, { now: () => now });
  const actor = ELDERCARE_SYSTEM_ACTOR;
  const today = todayInShanghai(now);
  const tally: EldercareTally = { admissions: 0, meals: 0, rectified: 0, rentals: 0 };

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

  const open = await listFindings(deps, actor, { status: 'open', limit: 200 });
  for (const finding of open.items) {
    if (random() < 0.6) continue;
    await rectifyFinding(deps, actor, finding.id, { rectifiedOn: today, measures: '已按整改通知完成整改，清理通道并更换标志', evidence: '整改前后照片已存档' });
    tally.rectified += 1;
  }
  return tally;
}
