import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client.js';
import type { DivisionTree } from '../api/types.js';

export function useDivision(code: string | null | undefined) {
  return useQuery({
    queryKey: ['division', code],
    queryFn: ({ signal }) => api<DivisionTree>(`/divisions/${code}`, { signal }),
    enabled: !!code,
    // Division names change by decree, a few times a year.
    staleTime: 60 * 60_000,
  });
}

/**
 * A division code shown as its name — with its district in front for a street or committee when `full`
 * (潍坊新村街道 alone does not say which district). While loading, or if it can not be read, the code itself.
 */
export function DivisionName({ code, full = false }: { code: string | null | undefined; full?: boolean }) {
  const division = useDivision(code);
  const parentCode = full && division.data && division.data.level !== 'district' && division.data.level !== 'province' ? division.data.parentCode : null;
  const parent = useDivision(parentCode);
  if (!code) return <>—</>;
  if (!division.data) return <span title={division.isError ? '区划名称暂不可用' : undefined}>{code}</span>;
  const name = parent.data ? `${parent.data.name} ${division.data.name}` : division.data.name;
  // A native title, not an antd Tooltip: tables show dozens of these.
  return <span title={`区划代码 ${code}`}>{name}</span>;
}
