/** Monitoring's names for the shared batch-file reader (`kernel/batch-file.ts`), which the social-organisation imports use too. */
export { parseBatchFile as parseExchangeFile, type ParsedFile, type ParsedRow, type RawRecord, type RawValue, type BatchFormat as ExchangeFormat } from '../kernel/index.js';
