import { parentPort, workerData } from 'node:worker_threads';
import { IdVault } from '../id-vault.js';
import { sealChunk } from './seal.js';

const vault = new IdVault(Buffer.from(workerData.secret as Uint8Array));
parentPort?.on('message', (m: { id: number; chunk: string }) => {
  parentPort?.postMessage({ id: m.id, sealed: sealChunk(m.chunk, vault) });
});
