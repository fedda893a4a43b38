import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSocialorgDemo } from './demo.js';
import { openSocialorgWorld, type SocialorgWorld } from './testing.js';

let w: SocialorgWorld;
beforeAll(async () => {
  w = await openSocialorgWorld();
}, 120_000);
afterAll(async () => w?.close());

describe('the demo', () => {
  it('gives organisations histories at the seeds’ shape, foundations the city registrar’s code, and lists the non-filers', async () => {
    const summary = await loadSocialorgDemo(w.t.ctx, 7, 400);
    expect(summary.organisations).toBe(400);
    expect(summary.staffOrganisationId).toBeGreaterThan(0);
    const db = w.t.db.kysely;
    const types = (await sql<{ org_type: string; n: number }>`select org_type, count(*)::int as n from socialorg.organisations group by 1`.execute(db)).rows;
    const share = (t: string) => (types.find((r) => r.org_type === t)?.n ?? 0) / 400;
    // SYSTEMS.md shape: 社团 25 %, 社服 71 %, 基金会 4 % (drawn at random: within a few points).
    expect(share('social_group')).toBeGreaterThan(0.18);
    expect(share('social_service')).toBeGreaterThan(0.63);
    const foundations = (await sql<{ code: string }>`select credit_code as code from socialorg.organisations where org_type = 'foundation'`.execute(db)).rows;
    expect(foundations.length).toBeGreaterThan(0);
    for (const f of foundations) expect(f.code.slice(0, 8)).toBe('53310000');
    const [{ listed }] = (await sql<{ listed: number }>`select count(*)::int as listed from socialorg.list_entries where reason_code = 'late_report'`.execute(db)).rows;
    expect(listed).toBe(summary.listed);
    expect(listed).toBeGreaterThan(0);
    // The supervision pages have rows: penalties, batches, a court listing, plans, trusts.
    const count = async (table: string) => (await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(db)).rows[0].n;
    expect(await count('socialorg.penalties')).toBeGreaterThan(5);
    expect(await count('socialorg.import_batches')).toBe(2);
    expect(await count('socialorg.charitable_trusts')).toBe(6);
    expect(await count('socialorg.court_listings')).toBe(1);
    // The grading page has rows in every state; the figures have the seeds' two social-worker figures.
    const states = (await sql<{ state: string }>`select distinct case when expired_on is not null then 'expired' when publicity_ends >= current_date then 'publicity' else 'in_force' end as state from socialorg.grades`.execute(db)).rows.map(
      (r) => r.state,
    );
    expect(states.sort()).toEqual(['expired', 'in_force', 'publicity']);
    expect(await count('socialorg.social_worker_figures')).toBe(2);
  });
});
