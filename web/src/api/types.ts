/**
 * Shapes of the API answers the web app reads, as published in /openapi.json. Kept by hand while the
 * server modules land; a field the server may not send yet is optional here, so pages degrade, not crash.
 */

export type Role = 'city_admin' | 'security_admin' | 'district_staff' | 'street_caseworker' | 'community_advisor' | 'auditor' | 'leader' | 'institution_staff';

/** Where a sign-in stands: the second factor (to enrol or to enter), a forced password change, or done. */
export type SessionStage = 'mfa_enrol' | 'mfa' | 'password_change' | 'active';

export interface LoginResult {
  /** Only for API clients; the web app's session is in an HttpOnly cookie. */
  token?: string;
  expiresAt: string;
  stage: SessionStage;
}

export interface SessionState {
  stage: SessionStage;
  username: string;
  displayName: string;
  expiresAt: string;
  idleSeconds: number;
}

export interface MfaEnrolment {
  secret: string;
  otpauthUri: string;
  qrSvg: string;
}

export interface Me {
  userId: number;
  username: string;
  displayName: string;
  role: Role;
  roleName: string;
  jurisdiction: string;
  /** Institution staff: the organisation they work for (they act for its facilities only). */
  organisationId?: number | null;
  permissions: string[];
}

export type DivisionLevel = 'province' | 'prefecture' | 'district' | 'street' | 'committee';

export interface Division {
  code: string;
  name: string;
  level: DivisionLevel;
  kind: string;
  parentCode: string | null;
  validFrom?: string;
  validTo?: string | null;
  /** GET /divisions/:code sends the children in force today. */
  children?: Division[];
}

export type Sex = 'M' | 'F';
export type LaborCapacity = 'full' | 'partial' | 'none';

export interface Disability {
  grade: number;
  category: string;
}

export interface Person {
  id: number;
  /** Masked (e.g. 310115********1234) unless revealed with a purpose. */
  idNumber: string;
  name: string;
  sex: Sex;
  birthDate: string;
  hukouDivision: string;
  residenceDivision: string;
  deathDate: string | null;
  disability: Disability | null;
  laborCapacity: LaborCapacity;
  householdId?: number | null;
}

export interface PersonPage {
  items: Person[];
  nextCursor: string | null;
}

export type Relation = 'head' | 'spouse' | 'child' | 'parent' | 'grandchild' | 'grandparent' | 'sibling' | 'other';

/** A member is a person (masked ID number) with the membership's relation and period. */
export interface HouseholdMember extends Person {
  relation: Relation;
  since: string;
  until: string | null;
}

export interface Household {
  id: number;
  divisionCode: string;
  address: string;
  /** The day the member list refers to. */
  asOf?: string;
  members: HouseholdMember[];
}

export interface Fact {
  id: number;
  kind: string;
  amountFen: number | null;
  attributes: Record<string, unknown> | null;
  validFrom: string;
  validTo: string | null;
  source: string;
  batchId: string;
  supersedes: number | null;
  /** Set on a row a later correction replaced; such rows are history, not the current value. */
  supersededBy: number | null;
  reason: string | null;
  recordedAt: string;
  subjectType: 'person' | 'household';
  subjectId: number;
}

export interface FactList {
  items: Fact[];
}

export interface AuditRow {
  id: number;
  at: string;
  actorUsername: string | null;
  actorRole: string | null;
  action: string;
  entityType: string | null;
  entityId: string | null;
  purpose: string | null;
  result: 'ok' | 'denied' | 'error' | string;
  detail: unknown;
  hash: string;
}

export interface AuditPage {
  items: AuditRow[];
  nextBeforeId: number | null;
}

export interface ChainVerification {
  ok: boolean;
  entries: number;
  brokenAt?: { id: number; reason: string };
}
