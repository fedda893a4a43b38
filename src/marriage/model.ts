import type { ColumnType, Generated, Kysely } from 'kysely';
import type { IsoDate } from '../kernel/index.js';

type Json<T> = ColumnType<T, string, string>;

export const SERVICES = ['marriage', 'divorce', 'foreign'] as const;
export type BookingService = (typeof SERVICES)[number];
export const MARRIAGE_SERVICES = ['marriage', 'late', 'remarriage'] as const;
export type MarriageService = (typeof MARRIAGE_SERVICES)[number];
export type Provenance = 'native' | 'backfilled' | 'imported';
export type Quality = 'complete' | 'id_missing' | 'conflicting';
export type EndReason = 'death' | 'divorce' | 'court_divorce' | 'void' | 'annulled';
export type CertificateKind = 'J' | 'L' | 'BJ' | 'BL';
export type DivorceActionKind = 'applied' | 'withdrawn' | 'registered' | 'refused' | 'deemed_withdrawn' | 'ended';
export type JudgementKind = 'divorce' | 'void' | 'annulment';

/** The marriage schema's tables (migrations in ./migrations). */
export type MarriageTables = {
  'marriage.offices': { id: Generated<number>; district_code: string; code6: string; name: string; address: Generated<string>; foreign_from: IsoDate | null };
  'marriage.capacity': { office_id: number; service: BookingService; slot: string; places: number };
  'marriage.bookings': {
    id: Generated<number>;
    office_id: number;
    day: IsoDate;
    slot: string;
    service: BookingService;
    channel: 'online' | 'walk_in';
    party_a_hash: Buffer;
    party_b_hash: Buffer;
    party_a_masked: string;
    party_b_masked: string;
    party_a_name: string;
    party_b_name: string;
    status: Generated<'open' | 'cancelled' | 'no_show' | 'attended'>;
    created_by: number | null;
    created_at: Generated<Date>;
    closed_at: Date | null;
  };
  'marriage.booking_holds': { id_hash: Buffer; booking_id: number };
  /** Places taken per office, day, slot and service (migration 004): claimed by a conditional UPDATE, given back on cancel. */
  'marriage.slot_counts': { office_id: number; day: string; slot: string; service: string; taken: Generated<number>; online: Generated<number> };
  /** Kept by a trigger on marriages (migration 002): the parties of every marriage not ended, by ID hash or name key. */
  'marriage.open_parties': { key: Buffer; marriage_id: number; office_id: number | null };
  'marriage.import_batches': {
    id: string;
    source: string;
    provenance: 'backfilled' | 'imported';
    received_at: Generated<Date>;
    received_by: number | null;
    row_count: number;
    accepted: number;
    rejected: number;
    errors: Json<ImportRowError[]>;
  };
  'marriage.marriages': {
    id: Generated<number>;
    office_id: number | null;
    service: MarriageService;
    registered_on: IsoDate;
    provenance: Provenance;
    quality: Quality;
    husband_hash: Buffer | null;
    husband_enc: Buffer | null;
    husband_masked: string | null;
    husband_name: string;
    husband_birth: IsoDate | null;
    husband_person_id: number | null;
    husband_hukou_sh: boolean | null;
    wife_hash: Buffer | null;
    wife_enc: Buffer | null;
    wife_masked: string | null;
    wife_name: string;
    wife_birth: IsoDate | null;
    wife_person_id: number | null;
    wife_hukou_sh: boolean | null;
    first_marriage_husband: boolean | null;
    first_marriage_wife: boolean | null;
    ended_on: IsoDate | null;
    end_reason: EndReason | null;
    void_from_start: Generated<boolean>;
    batch_id: string | null;
    batch_row: number | null;
    source_ref: string | null;
    annotation: string | null;
    created_at: Generated<Date>;
  };
  'marriage.divorce_applications': {
    id: Generated<number>;
    marriage_id: number;
    office_id: number;
    receipt_number: string;
    received_on: IsoDate;
    agreement: Json<DivorceAgreement>;
    closed: Generated<boolean>;
    created_at: Generated<Date>;
  };
  'marriage.divorce_actions': {
    id: Generated<number>;
    application_id: number;
    kind: DivorceActionKind;
    on_day: IsoDate;
    by_party: 'husband' | 'wife' | 'both' | null;
    actor_id: number | null;
    detail: Json<Record<string, unknown>>;
    at: Generated<Date>;
  };
  'marriage.judgements': {
    id: Generated<number>;
    marriage_id: number;
    kind: JudgementKind;
    court: string;
    case_number: string;
    effective_on: IsoDate;
    article: string;
    entered_by: number | null;
    created_at: Generated<Date>;
  };
  'marriage.certificate_counters': { office_id: number; kind: CertificateKind; year: number; last_serial: number };
  'marriage.certificates': {
    id: Generated<number>;
    number: string;
    kind: CertificateKind;
    office_id: number;
    year: number;
    serial: number;
    marriage_id: number;
    application_id: number | null;
    issued_on: IsoDate;
    status: Generated<'valid' | 'void' | 'superseded'>;
    superseded_by: string | null;
    request_key: string | null;
    created_at: Generated<Date>;
  };
  'marriage.reviews': {
    id: Generated<number>;
    kind: 'name_match' | 'kinship_inferred' | 'duplicate_open';
    office_id: number | null;
    marriage_id: number | null;
    other_marriage_id: number | null;
    detail: Json<Record<string, unknown>>;
    status: Generated<'open' | 'cleared' | 'confirmed'>;
    created_at: Generated<Date>;
  };
  'marriage.settings': { name: string; valid_from: IsoDate; value: Json<unknown>; verified: boolean; source: string; set_by: number | null };
};

export type MarriageDb = Kysely<MarriageTables>;

export interface DivorceAgreement {
  children: string;
  property: string;
  debts: string;
}

export interface ImportRowError {
  row: number;
  code: string;
  message: string;
}
