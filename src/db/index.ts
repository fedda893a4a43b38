export { openDatabase, copyValue, type Database, type DatabaseOptions, type PoolStats, type RawSession } from './database.js';
export { BinaryCopyWriter } from './copy-binary.js';
export { migrate, migrationFileNames, type MigrationSource } from './migrate.js';
export { emit, dispatchOutbox, hasPendingEvents, type EventHandler, type StoredEvent } from './outbox.js';
export type { CoreTables } from './core-tables.js';
export { isConnectionError, databaseAnswers, waitForDatabase, retryAfterOutage, type OutageOptions } from './connection-errors.js';
export { DatabaseStartError } from './pglite-lock.js';
export { APP_ROLE, appDatabaseUrl } from './app-role.js';
export { backupPostgres, restorePostgres, backupPglite, restorePglite, readManifest, compareCounts, countTables, manifestPath, type BackupManifest, type CountDifference } from './backup.js';
