import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { createUser, type AccessTables, type Actor, type Role } from '../access/index.js';
import { SHANGHAI_DISTRICTS, SHANGHAI_STREETS } from '../registry/index.js';

/**
 * The staff who did a year's work in the demo city. The printed demo logins (src/demo/users.ts) act in their
 * own streets, so the caseworker who signs in finds her own cases; elsewhere each district and street gets
 * its own 经办人 and 审批人, because four eyes and the jurisdiction rule apply to the demo too. Their
 * passwords are random and never printed: nobody signs in as them.
 */
export class DemoStaff {
  private readonly cache = new Map<string, Actor>();

  constructor(private readonly db: Kysely<AccessTables>) {}

  /** 审批 (district_staff) of the district. */
  approver(districtCode: string): Promise<Actor> {
    const name = SHANGHAI_DISTRICTS.find((d) => d.code === districtCode)?.name ?? districtCode;
    return this.actor(districtCode === '310115000000' ? 'pudong' : `demo.d${districtCode.slice(0, 6)}`, 'district_staff', districtCode, `${name}民政局 审批人`);
  }

  /** 经办 (street_caseworker) of the street. */
  caseworker(streetCode: string): Promise<Actor> {
    const known: Record<string, string> = { '310115004000': 'weifang', '310115005000': 'lujiazui' };
    const name = SHANGHAI_STREETS.find((s) => s.code === streetCode)?.name ?? streetCode;
    return this.actor(known[streetCode] ?? `demo.s${streetCode.slice(0, 9)}`, 'street_caseworker', streetCode, `${name} 社会救助经办`);
  }

  /** 社区救助顾问 of the demo streets (the printed `advisor` login), when present. */
  async byUsername(username: string): Promise<Actor | null> {
    const row = await this.db.selectFrom('access.users').select(['id', 'username', 'display_name', 'role', 'jurisdiction_code']).where('username', '=', username).executeTakeFirst();
    return row ? { userId: row.id, username: row.username, displayName: row.display_name, role: row.role as Role, jurisdiction: row.jurisdiction_code } : null;
  }

  private async actor(username: string, role: Role, jurisdiction: string, displayName: string): Promise<Actor> {
    const cached = this.cache.get(username);
    if (cached) return cached;
    const existing = await this.byUsername(username);
    const actor: Actor =
      existing ?? (await createUser(this.db, null, { username, displayName, role, jurisdiction, password: randomBytes(24).toString('base64url') }).then((u) => ({ userId: u.id, username, displayName, role, jurisdiction: u.jurisdiction })));
    this.cache.set(username, actor);
    return actor;
  }
}
