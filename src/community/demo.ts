/**
 * Demo roster: in each district a few committees' workers, chosen among the demo city's working-age residents
 * (each works in the committee they live in), with seeded education and certificates (about one in five
 * certified, as the plan's 14 % → 20 % suggests) and start dates from 2016 on; one worker in 潍坊 left in 2025.
 * Some committees get fewer workers than the quota asks for, so the under-staffed list is not empty.
 */
import type { Actor } from '../access/index.js';
import type { AppContext } from '../context.js';
import { ageOn, divisionLevel, todayInShanghai } from '../kernel/index.js';
import { rng } from '../policy/index.js';
import { IdVault, listPersons, SHANGHAI_DISTRICTS, type RegistryDb, type RegistryTables } from '../registry/index.js';
import type { Certificate, Education } from './model.js';
import { addWorker, endWorker, type CommunityDeps } from './roster.js';
import { loadBurdenDemo } from './burden-demo.js';
import { loadServicesDemo } from './services-demo.js';

const DEMO_ACTOR: Actor = { userId: 0, username: 'system:community', displayName: '基层治理（系统）', role: 'district_staff', jurisdiction: '310000000000' };
const POSTS = ['居委会书记', '居委会主任', '社区工作者', '社区工作者', '社区工作者'];
const EDUCATION: Education[] = ['college', 'bachelor', 'bachelor', 'bachelor', 'college', 'postgraduate', 'secondary'];

export async function loadCommunityDemo(ctx: AppContext, seed = 1): Promise<{ workers: number; servicePoints: number; serviceCases: number }> {
  const deps: CommunityDeps = { db: ctx.db, vault: new IdVault(ctx.config.secretKey), now: () => new Date() };
  const registry = ctx.db.kysely.withTables<RegistryTables>() as unknown as RegistryDb;
  const random = rng(seed + 21);
  const today = todayInShanghai();
  let workers = 0;
  let first: number | null = null;
  // A person registered in one district and living in another is listed under both.
  const seen = new Set<number>();
  for (const district of SHANGHAI_DISTRICTS) {
    const page = await listPersons(registry, deps.vault, DEMO_ACTOR, { divisionCode: district.code, limit: district.code === '310115000000' ? 300 : 80 });
    const perCommittee = new Map<string, number>();
    for (const person of page.items) {
      const committee = person.residenceDivision;
      if (seen.has(person.id) || person.deathDate || divisionLevel(committee) !== 'committee') continue;
      seen.add(person.id);
      const age = ageOn(person.birthDate, today);
      if (age < 24 || age > 58) continue;
      const n = perCommittee.get(committee) ?? 0;
      if (n >= 3) continue;
      perCommittee.set(committee, n + 1);
      const certificate: Certificate = random() < 0.2 ? (random() < 0.8 ? 'assistant' : 'social_worker') : 'none';
      const year = 2016 + Math.floor(random() * 9);
      const startOn = `${year}-${String(1 + Math.floor(random() * 12)).padStart(2, '0')}-01`;
      const view = await addWorker(deps, DEMO_ACTOR, { personId: person.id, divisionCode: committee, post: POSTS[n] ?? '社区工作者', startOn, education: EDUCATION[Math.floor(random() * EDUCATION.length)], certificate });
      workers++;
      first ??= view.id;
    }
  }
  if (first !== null) await endWorker(deps, DEMO_ACTOR, first, '2025-06-30');
  const services = await loadServicesDemo(deps, seed);
  await loadBurdenDemo(deps);
  return { workers, servicePoints: services.points, serviceCases: services.cases };
}
