/**
 * Request validation. Query strings and path parameters arrive as text, so they are coerced to the schema's
 * types ("20" → 20); JSON bodies are not: with coercion a `null` sent for an optional number field became 0
 * (Ajv coerces inside `anyOf`), silently storing a price or a score of 0.
 */
import { Ajv, type Options } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifySchema, FastifySchemaCompiler } from 'fastify';

const base: Options = { removeAdditional: false, allErrors: false, useDefaults: true, strict: false };

function ajv(options: Options): Ajv {
  const instance = new Ajv({ ...base, ...options });
  (addFormats as unknown as (a: Ajv) => Ajv)(instance);
  return instance;
}

export function requestValidators(): FastifySchemaCompiler<FastifySchema> {
  const coercing = ajv({ coerceTypes: 'array' });
  const exact = ajv({ coerceTypes: false });
  return ({ schema, httpPart }) => (httpPart === 'body' ? exact : coercing).compile(schema as object) as ReturnType<FastifySchemaCompiler<FastifySchema>>;
}
