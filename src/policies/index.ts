/** The policy packs this build ships, by id: a screening worker process installs the one its run names. */
import type { PolicyPack } from '../policy/index.js';
import { shanghaiPack } from './shanghai/index.js';

export const policyPacks: Readonly<Record<string, PolicyPack>> = { [shanghaiPack.id]: shanghaiPack };
