import type { Config } from './config.js';
import type { Database } from './db/index.js';

/** What every module's services and routes are given: the database and the configuration, nothing global. */
export interface AppContext {
  db: Database;
  config: Config;
}
