/** TypeBox schemas of the access API (sign-in, users, the audit log): validation, types and OpenAPI from one source. */
import { Type, type TSchema } from 'typebox';
import { ROLES, type Role } from './model.js';
import type { SessionStage } from './sessions.js';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const RoleSchema = Type.Unsafe<Role>({ type: 'string', enum: [...ROLES] });

export const StageSchema = Type.Unsafe<SessionStage>({ type: 'string', enum: ['mfa_enrol', 'mfa', 'password_change', 'active'], description: 'mfa_enrol/mfa：须完成动态口令；password_change：须修改初始密码；active：已登录' });
export const UserSchema = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  displayName: Type.String(),
  role: RoleSchema,
  jurisdiction: Type.String(),
  organisationId: Type.Union([Type.Integer(), Type.Null()], { description: '服务机构工作人员所属机构（人口库机构编号）' }),
  active: Type.Boolean(),
  mfaEnabled: Type.Boolean(),
  mustChangePassword: Type.Boolean(),
  lastLoginAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});
/** The security admin's ledger row: the account plus whether its sign-in is locked now. */
export const UserLedgerSchema = Type.Object({ ...UserSchema.properties, locked: Type.Boolean({ description: '当前是否有登录锁定（某来源连续输错密码或动态口令）' }) });

export const LoginBody = Type.Object({ username: Type.String({ minLength: 1, maxLength: 64 }), password: Type.String({ minLength: 1, maxLength: 256 }), session: Type.Optional(Type.Literal('cookie')) });
/** `token` only for API clients: the web app (session=cookie) gets it in an HttpOnly cookie instead. */
export const LoginResultSchema = Type.Object({ token: Type.Optional(Type.String()), expiresAt: Type.String(), stage: StageSchema });

export const SessionStateSchema = Type.Object({ stage: StageSchema, username: Type.String(), displayName: Type.String(), expiresAt: Type.String(), idleSeconds: Type.Integer() });
export const MfaEnrolmentSchema = Type.Object({ secret: Type.String(), otpauthUri: Type.String(), qrSvg: Type.String() });

export const MeSchema = Type.Object({
  userId: Type.Integer(),
  username: Type.String(),
  displayName: Type.String(),
  role: RoleSchema,
  roleName: Type.String(),
  jurisdiction: Type.String(),
  organisationId: Type.Optional(Type.Union([Type.Integer(), Type.Null()])),
  permissions: Type.Array(Type.String()),
});

export const AuditRowSchema = Type.Object({
  id: Type.Integer(),
  at: Type.String(),
  actorUsername: Nullable(Type.String()),
  /** The actor's name as colleagues know it (the login stays in actorUsername). */
  actorDisplayName: Nullable(Type.String()),
  actorRole: Nullable(Type.String()),
  action: Type.String(),
  entityType: Nullable(Type.String()),
  entityId: Nullable(Type.String()),
  /** A readable name of the object (a person's name), where the module that owns it could tell. */
  entityLabel: Nullable(Type.String()),
  purpose: Nullable(Type.String()),
  result: Type.String(),
  detail: Type.Unknown(),
  /** Where the request came from (null for entries written by jobs, or before origins were recorded). */
  sourceIp: Nullable(Type.String()),
  requestId: Nullable(Type.String()),
  userAgent: Nullable(Type.String()),
  hash: Type.String(),
});
export const AuditSubjectSchema = Type.Object({ personId: Type.Integer(), name: Type.String(), idNumberMasked: Type.String(), birthDate: Nullable(Type.String()) });
export const AuditPageSchema = Type.Object({ items: Type.Array(AuditRowSchema), nextBeforeId: Nullable(Type.Integer()) });

export const AnchorStateSchema = Type.Object({
  status: Type.String({ description: 'none 无锚点；matched 与锚点一致；truncated 锚定的记录已不在（尾部被截断）；mismatch 锚定记录的哈希不符；bad_signature 锚点签名无效' }),
  id: Type.Optional(Type.Integer()),
  at: Type.Optional(Type.String()),
});
export const ChainVerificationSchema = Type.Object({
  ok: Type.Boolean(),
  entries: Type.Integer(),
  brokenAt: Type.Optional(Type.Object({ id: Type.Integer(), reason: Type.String() })),
  /** The chain's head against the latest signed anchor written outside the database (detects a cut tail). */
  anchor: AnchorStateSchema,
});

/** A role grant that waits for (or got) a second security admin's decision (三权分立: nobody grants alone). */
export const GrantSchema = Type.Object({
  id: Type.Integer(),
  userId: Type.Integer(),
  username: Type.String(),
  role: RoleSchema,
  jurisdiction: Type.String(),
  activates: Type.Boolean(),
  requestedBy: Type.String(),
  requestedAt: Type.String(),
  status: Type.String(),
});
export const AssignmentBody = Type.Object(
  {
    role: RoleSchema,
    jurisdiction: Type.String({ minLength: 6, maxLength: 12 }),
    organisationId: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()])),
  },
  { additionalProperties: false },
);
export const NewAccountBody = Type.Object({ username: Type.String({ minLength: 3, maxLength: 32 }), displayName: Type.String({ minLength: 1, maxLength: 64 }), ...AssignmentBody.properties }, { additionalProperties: false });
export const GrantOutcomeSchema = Type.Object({ applied: Type.Boolean(), pendingGrantId: Nullable(Type.Integer()) });
export const CreatedAccountSchema = Type.Object({ user: UserSchema, initialPassword: Type.String(), pendingGrantId: Nullable(Type.Integer()) });
