/** A domain event, written to the outbox in the same transaction as the change that caused it. */
export interface DomainEvent<P = Record<string, unknown>> {
  /** e.g. `registry.person.died` — module, entity, past-tense verb. */
  topic: string;
  /** The entity the event is about, for ordering and idempotency. */
  key: string;
  payload: P;
}
