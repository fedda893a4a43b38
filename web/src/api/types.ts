/** Shapes of the access and registry answers the web app reads, as the server's schemas publish them. */
import type { Static } from 'typebox';
import type { AuditPageSchema, AuditRowSchema, AuditSubjectSchema, ChainVerificationSchema, LoginResultSchema, MeSchema, MfaEnrolmentSchema, RoleSchema, SessionStateSchema, StageSchema } from '../../../src/access/schemas.js';
import type { DisabilitySchema, DivisionSchema, DivisionTreeSchema, FactSchema, HouseholdSchema, LaborCapacitySchema, PersonPage as PersonPageSchema, PersonSchema, RelationSchema } from '../../../src/registry/schemas.js';

export type Role = Static<typeof RoleSchema>;
/** Where a sign-in stands: the second factor (to enrol or to enter), a forced password change, or done. */
export type SessionStage = Static<typeof StageSchema>;
/** `token` only for API clients; the web app's session is in an HttpOnly cookie. */
export type LoginResult = Static<typeof LoginResultSchema>;
export type SessionState = Static<typeof SessionStateSchema>;
export type MfaEnrolment = Static<typeof MfaEnrolmentSchema>;
/** `organisationId`: institution staff act for that organisation's facilities only. */
export type Me = Static<typeof MeSchema>;

export type Division = Static<typeof DivisionSchema>;
/** GET /divisions/:code: the division and its children in force today. */
export type DivisionTree = Static<typeof DivisionTreeSchema>;

export type Sex = Person['sex'];
export type LaborCapacity = Static<typeof LaborCapacitySchema>;
export type Disability = Static<typeof DisabilitySchema>;
/** `idNumber` is masked (e.g. 310115********1234) unless revealed with a purpose. */
export type Person = Static<typeof PersonSchema>;
export type PersonPage = Static<typeof PersonPageSchema>;
export type Relation = Static<typeof RelationSchema>;
/** A member is a person (masked ID number) with the membership's relation and period. */
export type Household = Static<typeof HouseholdSchema>;
export type HouseholdMember = Household['members'][number];
/** `supersededBy` is set on a row a later correction replaced; such rows are history, not the current value. */
export type Fact = Static<typeof FactSchema>;

export type AuditRow = Static<typeof AuditRowSchema>;
export type AuditPage = Static<typeof AuditPageSchema>;
export type AuditSubject = Static<typeof AuditSubjectSchema>;
export type ChainVerification = Static<typeof ChainVerificationSchema>;
