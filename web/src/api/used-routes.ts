/**
 * Every API route the web app calls, as the OpenAPI document names it. The e2e suite checks each one
 * against /openapi.json, so a route renamed on the server fails a test instead of a caseworker's click.
 * Keep it next to the calls: add a line when a page starts using a route.
 */
import { ACTION_PATHS } from './assistance.js';

export const USED_ROUTES: readonly string[] = [
  'POST /auth/login',
  'POST /auth/logout',
  'GET /auth/me',
  'GET /divisions/{code}',
  'GET /persons',
  'GET /persons/{id}',
  'GET /households/{id}',
  'GET /households/{id}/policy-input',
  'GET /persons/{id}/facts',
  'GET /households/{id}/facts',
  'GET /audit',
  'GET /audit/verify',
  'POST /policy/evaluate',
  'GET /policy/parameters',
  'POST /policy/simulate',
  'POST /policy/screen',
  'GET /policy/screen/{id}',
  'POST /assistance/cases',
  'GET /assistance/cases',
  'GET /assistance/cases/{id}',
  ...Object.values(ACTION_PATHS).map((segment) => `POST /assistance/cases/{id}/${segment}`),
  'POST /assistance/cases/{id}/objections/{seq}/resolve',
  'GET /assistance/cases/{id}/payments',
  'GET /assistance/cases/{id}/decision-notice',
  'GET /assistance/verifications/{id}',
  'GET /assistance/verifications/{id}/reproduce',
  'GET /assistance/reviews/due',
  'GET /assistance/payment-runs',
  'POST /assistance/payment-runs',
  'GET /assistance/payment-runs/{id}/export',
  'GET /monitoring/warnings',
  'GET /monitoring/warnings/{id}',
  'POST /monitoring/warnings/{id}/visit',
  'POST /monitoring/warnings/{id}/handle',
  'POST /monitoring/warnings/{id}/close',
  'GET /monitoring/leads',
  'GET /monitoring/leads/{id}',
  'POST /monitoring/leads/{id}/contact',
  'POST /monitoring/leads/{id}/outcome',
  'GET /monitoring/dashboard',
  'POST /monitoring/exchange/{source}/batches/{batchId}',
  'GET /monitoring/exchange/{source}/batches/{batchId}',
  'GET /assistance/stats',
];

/** Called, but not served yet: the page says so until the owning module lands them. */
export const AWAITED_ROUTES: readonly string[] = [];
