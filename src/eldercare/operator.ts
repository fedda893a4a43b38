import type { Actor, Permission } from '../access/index.js';

/** Whether the actor is staff of the organisation that operates the facility (a registry organisation id). */
export const operates = (actor: Actor, facilityOrganisationId: number | null): boolean => actor.role === 'institution_staff' && actor.organisationId != null && actor.organisationId === facilityOrganisationId;

/**
 * The permission an action on a facility asks of this actor: an institution's own staff act with
 * `eldercare.operate` on the facilities their organisation runs; everyone else (institution staff elsewhere
 * included) needs the staff permission, so a request outside their own facility is refused and audited as usual.
 */
export const permissionFor = (actor: Actor, facilityOrganisationId: number | null, staffPermission: Permission): Permission => (operates(actor, facilityOrganisationId) ? 'eldercare.operate' : staffPermission);
