/**
 * The pack this installation runs (the Shanghai reference configuration). Loaded lazily so the engine's
 * index does not import a pack at module load (packs import the engine: a static import would be a cycle).
 * Services take a `pack` argument wherever a caller (a test, a what-if over a draft pack) wants another.
 */
import type { PolicyPack } from './programme.js';

export async function activePack(): Promise<PolicyPack> {
  return (await import('../policies/shanghai/index.js')).shanghaiPack;
}
