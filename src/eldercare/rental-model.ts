/** 康复辅具社区租赁: the device catalogue's codes and names, the subsidy groups, and the rentals table. */
import type { ColumnType, Generated, Kysely } from 'kysely';
import type { Fen, IsoDate } from '../kernel/index.js';
import type { EldercareTables } from './model.js';

/** The catalogue: each device's monthly rent is a dated setting (`rental.rent.<code>`); rent 0 takes it off the list. */
export const DEVICE_CODES = ['wheelchair', 'walker', 'nursingBed', 'commode', 'airMattress', 'bathChair'] as const;
export type DeviceCode = (typeof DEVICE_CODES)[number];
export const deviceNames: Record<DeviceCode, string> = {
  wheelchair: '手动轮椅车',
  walker: '助行器',
  nursingBed: '手动护理床',
  commode: '坐便椅',
  airMattress: '防褥疮气垫床垫',
  bathChair: '洗澡椅',
};

/** Groups with a subsidy share of their own, most favourable first; a person takes the best share they qualify for. */
export const RENTAL_GROUPS = ['destitute', 'dibao', 'age80', 'other'] as const;
export type RentalGroup = (typeof RENTAL_GROUPS)[number];
export const rentalGroupNames: Record<RentalGroup, string> = {
  destitute: '特困人员',
  dibao: '低保、低收入家庭成员',
  age80: '80 周岁及以上老年人',
  other: '其他 60 周岁及以上老年人',
};

type Json<T> = ColumnType<T, string, string>;

export interface RentalDecision {
  settings: { name: string; from: IsoDate; value: unknown; verified: boolean; source: string }[];
  group: RentalGroup | null;
  reasons: string[];
}

export type RentalTables = EldercareTables & {
  'eldercare.device_rentals': {
    id: Generated<number>;
    person_id: number;
    household_id: number | null;
    point_id: number;
    point_division_code: string;
    device_code: DeviceCode;
    device_name: string;
    started_on: ColumnType<IsoDate, IsoDate, IsoDate>;
    returned_on: IsoDate | null;
    monthly_rent_fen: Fen;
    subsidy_percent: number;
    monthly_subsidy_fen: Fen;
    subsidy_group: RentalGroup | null;
    decided_by: Json<RentalDecision>;
    recorded_by: number | null;
    recorded_at: Generated<Date>;
    return_recorded_by: number | null;
  };
};
export type RentalDb = Kysely<RentalTables>;
