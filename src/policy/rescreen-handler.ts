/**
 * The outbox handler that re-screens the households a registry event names. Its own leaf: screening reads it
 * (a snapshot is current only when this handler has nothing pending) and the module's index exports it, so
 * neither has to import the other. The implementation loads on the first event (see store-api.ts).
 */
import type { EventHandler } from '../db/index.js';

export const rescreenOnRegistryChange: EventHandler = {
  name: 'policy.rescreen-on-registry-change',
  topics: [
    'registry.facts.recorded',
    'registry.fact.corrected',
    'registry.person.died',
    'registry.person.moved',
    'registry.person.disability_changed',
    'registry.person.labor_capacity_changed',
    'registry.household.member_added',
    'registry.household.member_removed',
  ],
  handle: async (trx, event) => (await import('./rescreen.js')).rescreenOnRegistryChange.handle(trx, event),
  handleMany: async (trx, events) => (await import('./rescreen.js')).rescreenOnRegistryChange.handleMany(trx, events),
};
