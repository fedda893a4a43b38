export { IdVault } from './id-vault.js';
export { SHANGHAI_CITY, SHANGHAI_DISTRICTS, SHANGHAI_STREETS, type DivisionSeed } from './shanghai-divisions.js';
