import { Link } from 'react-router-dom';
import { useAuth } from '../auth/AuthContext.js';

export interface PersonLinkProps {
  id: number;
  /** The name as the server gave it (masked for a caller who may not read the person). */
  name: string | null | undefined;
  /** A masked name gets no link: the person's page would refuse the caller. */
  masked?: boolean;
  testId?: string;
}

/** A person by name, linked to the person's page for those who may open it; never a bare number. */
export function PersonLink({ id, name, masked = false, testId }: PersonLinkProps) {
  const { can } = useAuth();
  const text = name?.trim() || '姓名未登记';
  if (masked || !can('registry.read')) return <span data-testid={testId}>{text}</span>;
  return (
    <Link to={`/registry/persons/${id}`} data-testid={testId}>
      {text}
    </Link>
  );
}

/** A household by its head's name (王建国户), linked to the household page for those who may open it. */
export function HouseholdLink({ id, name, masked = false, testId }: PersonLinkProps) {
  const { can } = useAuth();
  const text = name?.trim() || '家庭（户主未登记）';
  if (masked || !can('registry.read')) return <span data-testid={testId}>{text}</span>;
  return (
    <Link to={`/registry/households/${id}`} data-testid={testId}>
      {text}
    </Link>
  );
}
