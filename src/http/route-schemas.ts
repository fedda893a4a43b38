/**
 * Tightens every route's request schemas as the route is added, so no module can forget it, and completes its
 * documented answers with the ones the HTTP layer itself gives. Fuzzing `/openapi.json` found 500s from:
 * integers without an upper bound (an id of 10^20 reached PostgreSQL), and unknown properties that were carried
 * along unnoticed. The schemas are copied, not edited: TypeBox schemas are shared between routes and responses.
 */
import type { FastifyInstance, RouteOptions } from 'fastify';
import { ErrorBody } from './schemas.js';

type JsonSchema = Record<string, unknown>;

/** Numbers in JSON are doubles: above this, two different ids read the same, and PostgreSQL's bigint ends near 2^63. */
const LARGEST = Number.MAX_SAFE_INTEGER;
/** Path and query values are short by nature; an id, a code or a search term. */
const LONGEST_QUERY_TEXT = 1000;

export interface RouteSchemaOptions {
  /** Whether a route is throttled (and so may answer 429). */
  throttled(route: RouteOptions): boolean;
}

export function hardenRouteSchemas(app: FastifyInstance, options: RouteSchemaOptions): void {
  app.addHook('onRoute', (route) => {
    const schema = route.schema as Record<string, unknown> | undefined;
    if (!schema) return;
    for (const part of ['params', 'querystring', 'query'] as const) {
      if (schema[part]) schema[part] = harden(schema[part] as JsonSchema, { closeObjects: part !== 'params', maxLength: LONGEST_QUERY_TEXT });
    }
    if (schema.body) schema.body = harden(schema.body as JsonSchema, { closeObjects: true });
    if (schema.response) {
      const response = { ...(schema.response as Record<string, unknown>) };
      for (const status of answersOfTheHttpLayer(route, schema, options)) response[status] ??= ErrorBody;
      schema.response = response;
    }
  });
}

/** Statuses any route of its kind can answer before or around its handler. */
function answersOfTheHttpLayer(route: RouteOptions, schema: Record<string, unknown>, options: RouteSchemaOptions): number[] {
  const statuses: number[] = [];
  const methods = [route.method].flat();
  const takesBody = methods.some((m) => m === 'POST' || m === 'PUT' || m === 'PATCH');
  if (schema.params || schema.querystring || schema.query || schema.body || takesBody) statuses.push(400);
  if (Array.isArray(schema.security) && schema.security.length > 0) statuses.push(401);
  // The router answers 414 for a path parameter longer than its limit (find-my-way's maxParamLength, 100).
  if (schema.params) statuses.push(414);
  if (takesBody) statuses.push(413, 415);
  if (options.throttled(route)) statuses.push(429);
  return statuses;
}

interface HardenOptions {
  closeObjects: boolean;
  maxLength?: number;
}

function harden(schema: JsonSchema, options: HardenOptions): JsonSchema {
  const copy: JsonSchema = {};
  for (const [key, value] of Object.entries(schema)) copy[key] = hardenValue(key, value, options);
  const types = [schema.type].flat();
  if (types.includes('integer') || types.includes('number')) {
    if (copy.maximum === undefined && copy.exclusiveMaximum === undefined) copy.maximum = LARGEST;
    if (copy.minimum === undefined && copy.exclusiveMinimum === undefined) copy.minimum = -LARGEST;
  }
  if (types.includes('string') && options.maxLength !== undefined && copy.maxLength === undefined && copy.enum === undefined && copy.const === undefined) copy.maxLength = options.maxLength;
  if (options.closeObjects && types.includes('object') && copy.properties && copy.additionalProperties === undefined && copy.patternProperties === undefined) copy.additionalProperties = false;
  return copy;
}

function hardenValue(key: string, value: unknown, options: HardenOptions): unknown {
  if (Array.isArray(value)) return SCHEMA_LISTS.has(key) ? value.map((item) => (isSchema(item) ? harden(item, options) : item)) : value;
  if (!isSchema(value)) return value;
  // `properties` maps names to schemas; every other object-valued keyword here is itself a schema.
  if (key === 'properties' || key === 'patternProperties' || key === '$defs' || key === 'definitions') {
    return Object.fromEntries(Object.entries(value).map(([name, sub]) => [name, isSchema(sub) ? harden(sub, options) : sub]));
  }
  if (key === 'const' || key === 'default' || key === 'examples') return value;
  return harden(value, options);
}

const SCHEMA_LISTS = new Set(['anyOf', 'oneOf', 'allOf', 'items', 'prefixItems']);

function isSchema(value: unknown): value is JsonSchema {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
