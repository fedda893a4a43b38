import type { ResidentPersonRef } from '../api/resident-types.js';

/** A household member as residents see them: the masked name, the relation, the age; never the full ID number. */
export function PersonLabel({ person, withId = false }: { person: ResidentPersonRef; withId?: boolean }) {
  return (
    <span data-testid={`person-${person.personId}`}>
      <strong>{person.nameMasked}</strong>（{person.relationName}，{person.age} 岁）{withId ? <span>　{person.idNumberMasked}</span> : null}
    </span>
  );
}
