import type { Generated } from 'kysely';

/** Tables of the `core` schema; each module declares its own and uses `kysely.withTables<…>()`. */
export type CoreTables = {
  'core.migrations': {
    module: string;
    name: string;
    checksum: string;
    applied_at: Generated<Date>;
  };
  'core.outbox': {
    id: Generated<number>;
    topic: string;
    key: string;
    payload: unknown;
    created_at: Generated<Date>;
  };
  'core.outbox_handled': {
    handler: string;
    event_id: number;
    handled_at: Generated<Date>;
  };
  'core.outbox_cursor': {
    handler: string;
    last_event_id: number;
  };
  'core.idempotency_keys': {
    principal: string;
    key: string;
    fingerprint: string;
    route: string;
    status_code: number | null;
    answer: unknown;
    created_at: Generated<Date>;
    answered_at: Date | null;
  };
};
