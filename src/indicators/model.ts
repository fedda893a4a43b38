import type { Generated } from 'kysely';

export type IndicatorTables = {
  'indicators.manual_values': {
    id: Generated<number>;
    indicator_no: number;
    month: string;
    numerator: string | number | null;
    denominator: string | number | null;
    value: string | number;
    source: string;
    note: Generated<string>;
    supersedes_id: number | null;
    entered_by: number;
    entered_by_name: string;
    entered_at: Generated<Date>;
  };
  'indicators.snapshots': {
    indicator_no: number;
    month: string;
    division_code: string;
    value: string | number | null;
    inputs: unknown;
    rule_version: string;
    frozen_at: Generated<Date>;
  };
  'indicators.open_data': {
    month: string;
    dataset: string;
    payload: unknown;
    published_by: number;
    published_at: Generated<Date>;
  };
};
