/** Shared TypeBox pieces of the elderly-care API: validation, types and the OpenAPI document from one source. */
import { Type, type TSchema } from 'typebox';
import { ErrorBody } from '../http/schemas.js';

export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
export const Enum = <T extends string>(values: readonly T[], description?: string) => Type.Unsafe<T>({ type: 'string', enum: [...values], ...(description ? { description } : {}) });
export const DateString = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
export const MonthString = Type.String({ pattern: '^\\d{4}-\\d{2}$' });
export const Fen = Type.Integer({ description: '金额（分）' });
export const Reason = Type.String({ minLength: 1, maxLength: 2000 });
export const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
/** A person shown by name: masked (王*华) for a caller who may not read the person in the registry. */
export const PersonNameFields = { personName: Type.String({ description: '姓名（无权查看该人员时脱敏）' }), personNameMasked: Type.Boolean() };
export const DivisionQuery = Type.Optional(Type.String({ pattern: '^\\d{6}(\\d{6})?$', description: '区划代码（默认：本人辖区）' }));

export const eldercareErrors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
export const tags = ['养老服务'];
