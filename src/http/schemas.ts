import { Type, type TUnsafe } from 'typebox';

export const ErrorBody = Type.Object({ code: Type.String(), message: Type.String() }, { $id: 'Error' });

/** Standard error responses for OpenAPI. */
export const errorResponses = {
  400: ErrorBody,
  401: ErrorBody,
  403: ErrorBody,
  404: ErrorBody,
};

/**
 * A table of Chinese labels keyed by code, for GET /labels. Given the codes, the schema lists exactly
 * those keys, so clients get the key type and the serialiser sends no stray entries; open tables (audit
 * actions, fact kinds) take any key.
 */
export function LabelTable<K extends string>(codes: readonly K[]): TUnsafe<Record<K, string>>;
export function LabelTable(): TUnsafe<Record<string, string>>;
export function LabelTable(codes?: readonly string[]) {
  if (!codes) return Type.Unsafe<Record<string, string>>(Type.Record(Type.String(), Type.String()));
  return Type.Unsafe<Record<string, string>>(Type.Object(Object.fromEntries(codes.map((code) => [code, Type.String()]))));
}
