import type { Generated } from 'kysely';

export const ROLES = ['city_admin', 'security_admin', 'district_staff', 'street_caseworker', 'community_advisor', 'auditor', 'leader', 'institution_staff', 'child_director', 'child_supervisor', 'marriage_registrar'] as const;
export type Role = (typeof ROLES)[number];

export const roleNames: Record<Role, string> = {
  city_admin: '市局管理员',
  security_admin: '安全管理员',
  district_staff: '区民政局工作人员',
  street_caseworker: '街镇经办人员',
  community_advisor: '社区救助顾问',
  auditor: '审计员',
  leader: '领导（只读）',
  institution_staff: '服务机构工作人员',
  child_director: '儿童主任',
  child_supervisor: '儿童督导员',
  marriage_registrar: '婚姻登记员',
};

/** The person behind a request, resolved from the session. Every service that touches personal data takes one. */
export interface Actor {
  userId: number;
  username: string;
  displayName: string;
  role: Role;
  /** 12-digit division code: the actor sees that subtree only. */
  jurisdiction: string;
  /** Institution staff: the registry organisation they act for (modules match it against their records). */
  organisationId?: number | null;
}

export type AccessTables = {
  'access.users': {
    id: Generated<number>;
    username: string;
    display_name: string;
    role: Role;
    jurisdiction_code: string;
    organisation_id: number | null;
    password_hash: string;
    failed_logins: Generated<number>;
    locked_until: Date | null;
    active: Generated<boolean>;
    created_at: Generated<Date>;
    must_change_password: Generated<boolean>;
    password_changed_at: Generated<Date>;
    mfa_secret: string | null;
    mfa_enabled: Generated<boolean>;
    mfa_last_step: number | null;
    mfa_failures: Generated<number>;
    mfa_locked_until: Date | null;
    last_login_at: Date | null;
  };
  'access.sessions': {
    token_hash: string;
    user_id: number;
    created_at: Generated<Date>;
    expires_at: Date;
    revoked_at: Date | null;
    last_seen_at: Generated<Date>;
    idle_seconds: number;
    mfa_pending: boolean;
    authenticated_at: Date;
    source_ip: string | null;
  };
  'access.login_throttle': {
    key: string;
    failures: number;
    window_started_at: Date;
    locked_until: Date | null;
  };
  'access.role_grants': {
    id: Generated<number>;
    user_id: number;
    role: Role;
    jurisdiction_code: string;
    organisation_id: number | null;
    activates: boolean;
    requested_by: number;
    requested_at: Generated<Date>;
    status: Generated<'pending' | 'approved' | 'rejected'>;
    decided_by: number | null;
    decided_at: Date | null;
  };
  'access.audit_log': {
    id: Generated<number>;
    at: Date;
    actor_id: number | null;
    actor_username: string | null;
    actor_role: string | null;
    action: string;
    entity_type: string | null;
    entity_id: string | null;
    purpose: string | null;
    result: AuditResult;
    detail: unknown;
    prev_hash: string;
    hash: string;
    source_ip: string | null;
    request_id: string | null;
    user_agent: string | null;
    /** When the row was written under the chain lock: the month partition's key (migration 006). */
    logged_at: Generated<Date>;
  };
  'access.audit_archives': {
    month: string;
    first_id: number;
    last_id: number;
    entries: number;
    first_prev_hash: string;
    last_hash: string;
    file: string;
    file_sha256: string;
    archived_at: Generated<Date>;
  };
};

export type AuditResult = 'ok' | 'denied' | 'error';
