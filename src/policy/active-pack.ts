/**
 * The pack this installation runs, installed at start by the composition root (src/modules.ts) or a worker
 * process's entry. The engine never imports a pack: packs are written with the engine, so an engine that
 * imported one would import itself. Services take a `pack` argument wherever a caller (a test, a what-if over a
 * draft pack) wants another.
 */
import type { PolicyPack } from './programme.js';

let installed: PolicyPack | undefined;

export function installPolicyPack(pack: PolicyPack): void {
  installed = pack;
}

export async function activePack(): Promise<PolicyPack> {
  if (!installed) throw new Error('no policy pack installed: import src/modules.ts (or call installPolicyPack) at start');
  return installed;
}
