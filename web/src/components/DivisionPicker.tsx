import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { TreeSelect } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../api/client.js';
import type { Division, DivisionTree } from '../api/types.js';

interface TreeNode {
  id: string;
  pId: string | null;
  value: string;
  title: string;
  isLeaf: boolean;
}

const toNode = (division: Division, parent: string | null): TreeNode => ({
  id: division.code,
  pId: parent,
  value: division.code,
  title: division.name,
  isLeaf: division.level === 'committee',
});

/** Shares the cache with DivisionName: the header has usually loaded the root already. */
const fetchDivision = (queryClient: QueryClient, code: string) => queryClient.fetchQuery({ queryKey: ['division', code], queryFn: () => api<DivisionTree>(`/divisions/${code}`), staleTime: 60 * 60_000 });

/**
 * Picks a division inside the user's jurisdiction: the tree starts at the jurisdiction and loads each
 * level's children when opened, so a city-wide user does not download 6,000 committees up front.
 */
export function DivisionPicker({ root, value, onChange, placeholder = '全部（本辖区）', testId = 'division-picker' }: { root: string; value?: string; onChange?: (code: string | undefined) => void; placeholder?: string; testId?: string }) {
  const queryClient = useQueryClient();
  const [nodes, setNodes] = useState<TreeNode[]>([]);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    let cancelled = false;
    fetchDivision(queryClient, root)
      .then((division) => {
        if (cancelled) return;
        setNodes([toNode(division, null), ...(division.children ?? []).map((child) => toNode(child, division.code))]);
      })
      .catch(() => !cancelled && setFailed(true));
    return () => {
      cancelled = true;
    };
  }, [root, queryClient]);

  async function loadChildren(node: { value?: string | number }) {
    const code = String(node.value);
    if (nodes.some((n) => n.pId === code)) return;
    const division = await fetchDivision(queryClient, code);
    setNodes((current) => [...current, ...(division.children ?? []).filter((child) => !current.some((n) => n.id === child.code)).map((child) => toNode(child, code))]);
  }

  return (
    <TreeSelect
      treeDataSimpleMode
      treeData={nodes}
      loadData={loadChildren}
      treeDefaultExpandedKeys={[root]}
      value={value}
      onChange={(code?: string) => onChange?.(code || undefined)}
      allowClear
      showSearch
      treeNodeFilterProp="title"
      placeholder={failed ? '区划列表暂不可用' : placeholder}
      disabled={failed}
      style={{ width: 260 }}
      popupMatchSelectWidth={false}
      data-testid={testId}
    />
  );
}
