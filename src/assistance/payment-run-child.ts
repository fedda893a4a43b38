/**
 * A payment run in a process of its own, for the crash test: the parent kills it with SIGKILL mid-run.
 * Usage: tsx payment-run-child.ts '<json>' with {url?, dataDir?, secretKey, actor, district, month, batchSize, delayMs}.
 */
import type { Actor } from '../access/index.js';
import { openDatabase } from '../db/index.js';
import { AccountVault, systemClock } from './deps.js';
import { runPayments } from './payments.js';

interface ChildArgs {
  url?: string;
  dataDir?: string;
  secretKey: string;
  actor: Actor;
  district: string;
  month: string;
  batchSize: number;
  delayMs: number;
}

const args = JSON.parse(process.argv[2] ?? '{}') as ChildArgs;
const db = await openDatabase(args.url ? { url: args.url, poolSize: 2 } : { dataDir: args.dataDir });
const deps = { db, clock: systemClock, accounts: new AccountVault(Buffer.from(args.secretKey, 'base64')) };
await runPayments(deps, args.actor, args.district, args.month, {
  batchSize: args.batchSize,
  afterBatch: async (written) => {
    process.stdout.write(`batch ${written}\n`);
    await new Promise((resolve) => setTimeout(resolve, args.delayMs));
  },
});
process.stdout.write('done\n');
await db.close();
