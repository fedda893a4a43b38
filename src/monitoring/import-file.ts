/**
 * `minzheng import <file> --source hr --batch 2025-03-01-001`: a department file from disk, as the
 * exchange job (no user; audited as the system). The format follows the extension: .csv, else NDJSON.
 */
import { readFile } from 'node:fs/promises';
import type { AppContext } from '../context.js';
import { monitoringDeps, type Clock } from './deps.js';
import { ingestBatch, type BatchReceipt } from './ingest.js';

export async function importFactFile(ctx: AppContext, path: string, options: { source: string; batchId: string; clock?: Clock }): Promise<BatchReceipt> {
  const content = await readFile(path, 'utf8');
  const format = /\.csv$/i.test(path) ? 'csv' : 'ndjson';
  return ingestBatch(monitoringDeps(ctx, options.clock), { source: options.source, batchId: options.batchId, format, content }, null);
}
