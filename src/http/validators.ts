/**
 * Request validation. Query strings and path parameters arrive as text, so they are coerced to the schema's
 * types ("20" → 20); JSON bodies are not: with coercion a `null` sent for an optional number field became 0
 * (Ajv coerces inside `anyOf`), silently storing a price or a score of 0.
 *
 * Before the schema, every request part is checked for text PostgreSQL cannot store or compare: a NUL byte
 * (rejected by `text` columns) or a lone UTF-16 surrogate (not encodable as UTF-8). Both used to reach the
 * database and come back as a 500. A repeated query key (`?street=S1&street=S2`) is refused too, unless the
 * schema declares that parameter a list: which of the two values a handler saw depended on coercion.
 */
import { Ajv, type ErrorObject, type Options } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifySchema, FastifySchemaCompiler } from 'fastify';
import { isStorableText } from '../kernel/index.js';

const base: Options = { removeAdditional: false, allErrors: false, useDefaults: true, strict: false };

function ajv(options: Options): Ajv {
  const instance = new Ajv({ ...base, ...options });
  (addFormats as unknown as (a: Ajv) => Ajv)(instance);
  return instance;
}

type Validate = ((data: unknown) => boolean) & { errors?: Partial<ErrorObject>[] | null };

export function requestValidators(): FastifySchemaCompiler<FastifySchema> {
  const coercing = ajv({ coerceTypes: 'array' });
  const exact = ajv({ coerceTypes: false });
  return ({ schema, httpPart }) => {
    const validate = (httpPart === 'body' ? exact : coercing).compile(schema as object);
    const lists = httpPart === 'querystring' ? listParameters(schema as JsonSchema) : null;
    const guarded: Validate = (data) => {
      const refusal = (lists ? repeatedQueryKey(data, lists) : null) ?? unstorableText(data, '');
      if (refusal) {
        guarded.errors = [refusal];
        return false;
      }
      const ok = validate(data) as boolean;
      guarded.errors = validate.errors;
      return ok;
    };
    return guarded as ReturnType<FastifySchemaCompiler<FastifySchema>>;
  };
}

type JsonSchema = { properties?: Record<string, JsonSchema>; type?: string | string[]; anyOf?: JsonSchema[]; oneOf?: JsonSchema[] };

/** Query parameters declared as lists, the only ones that may repeat. */
function listParameters(schema: JsonSchema): Set<string> {
  const isList = (s: JsonSchema): boolean => [s.type].flat().includes('array') || [...(s.anyOf ?? []), ...(s.oneOf ?? [])].some(isList);
  return new Set(
    Object.entries(schema.properties ?? {})
      .filter(([, s]) => isList(s))
      .map(([name]) => name),
  );
}

function repeatedQueryKey(query: unknown, lists: Set<string>): Partial<ErrorObject> | null {
  if (!query || typeof query !== 'object') return null;
  for (const [key, value] of Object.entries(query)) {
    if (Array.isArray(value) && !lists.has(key)) return { instancePath: `/${key}`, keyword: 'duplicate', params: {}, message: '查询参数重复出现' };
  }
  return null;
}

/** The first string (value or key) with a NUL or a lone surrogate, as a validation error naming only its path. */
export function unstorableText(data: unknown, path: string): Partial<ErrorObject> | null {
  if (typeof data === 'string') return isStorableText(data) ? null : { instancePath: path, keyword: 'text', params: {}, message: '含有不允许的字符（空字符或不完整的 Unicode 字符）' };
  if (Array.isArray(data)) {
    for (let i = 0; i < data.length; i++) {
      const found = unstorableText(data[i], `${path}/${i}`);
      if (found) return found;
    }
    return null;
  }
  if (data && typeof data === 'object') {
    for (const [key, value] of Object.entries(data)) {
      const found = unstorableText(key, path) ?? unstorableText(value, `${path}/${key}`);
      if (found) return found;
    }
  }
  return null;
}
