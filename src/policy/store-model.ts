/**
 * The policy module's tables (schema `policy`, migrations in ./migrations) and the handles its
 * database-backed services work with. Registry data is read only through src/registry/index.ts.
 */
import type { ColumnType, Generated, Kysely } from 'kysely';
import type { AccessTables } from '../access/index.js';
import type { CoreTables, Database } from '../db/index.js';
import type { RegistryTables } from '../registry/index.js';

type Json = ColumnType<unknown, string, string>;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export type PolicyTables = {
  'policy.parameter_values': {
    id: Generated<number>;
    pack: string;
    name: string;
    valid_from: string;
    value: Json;
    verified: boolean;
    note: Generated<string>;
    origin: 'pack' | 'admin';
    warnings: ColumnType<unknown, string | undefined, string>;
    entered_by: number | null;
    entered_by_username: string | null;
    entered_at: Generated<Date>;
  };
  'policy.screen_runs': {
    id: Generated<number>;
    month: string;
    division_code: string;
    status: 'queued' | 'running' | 'done' | 'failed';
    phase: Generated<string>;
    progress_percent: Generated<number>;
    workers: Generated<number>;
    households: number | null;
    persons: number | null;
    result_rows: number | null;
    rule_version: string | null;
    rules_fingerprint: string | null;
    parameters_fingerprint: string | null;
    parameters: ColumnType<unknown, string | null, string | null>;
    timings: ColumnType<unknown, string | null, string | null>;
    error: string | null;
    started_by: number | null;
    started_by_username: string | null;
    created_at: Generated<Date>;
    started_at: Timestamp | null;
    finished_at: Timestamp | null;
    heartbeat_at: ColumnType<Date, Date | string | undefined, Date | string>;
  };
  'policy.screen_results': {
    run_id: number;
    household_id: number;
    division_code: string;
    programme: string;
    member_id: number | null;
    eligible: boolean;
    monthly_amount_fen: number;
    fail_mask: number;
  };
  'policy.screen_summaries': {
    run_id: number;
    district: string;
    programme: string;
    households: number;
    persons: number;
    monthly_amount_fen: number;
  };
  'policy.household_results': {
    month: string;
    programme: string;
    household_id: number;
    division_code: string;
    member_ids: number[] | null;
    monthly_amount_fen: number;
    run_id: number | null;
    rescreened_at: Date | null;
  };
  'policy.snapshot_chunks': {
    month: string;
    district: string;
    households: number;
    members: number;
    columns: Uint8Array;
    run_id: number;
    read_started_at: Timestamp;
    stale_since: Timestamp | null;
  };
  'policy.snapshot_patches': {
    month: string;
    household_id: number;
    district: string;
    columns: Uint8Array;
    recorded_at: Generated<Date>;
  };
  'policy.current_staging': {
    run_id: number;
    programme: string;
    household_id: number;
    division_code: string;
    member_ids: number[] | null;
    monthly_amount_fen: number;
  };
};

export type PolicyDb = Kysely<PolicyTables>;

/** What the database-backed services are given. `databaseUrl` (PostgreSQL) lets the registry stream with COPY. */
export interface PolicyContext {
  readonly db: Database;
  readonly databaseUrl?: string;
}

export const policyDb = (db: Database): PolicyDb => db.kysely.withTables<PolicyTables>();
export const registryOf = (db: Kysely<CoreTables> | PolicyDb): Kysely<RegistryTables> => db.withTables<RegistryTables>();
export const accessOf = (db: Kysely<CoreTables> | PolicyDb): Kysely<AccessTables> => db.withTables<AccessTables>();
