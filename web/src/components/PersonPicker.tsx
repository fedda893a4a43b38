import { useQuery } from '@tanstack/react-query';
import { Select, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../api/client.js';
import { useHousehold } from '../api/registry.js';
import type { Person, PersonPage } from '../api/types.js';

const ID_NUMBER = /^\d{17}[\dXx]$/;
const PICK_LIMIT = 20;

/** A name prefix, or a whole ID number (the registry matches numbers only in full, by their keyed hash). */
function searchable(text: string): boolean {
  const t = text.trim();
  return ID_NUMBER.test(t) || (t.length >= 1 && !/^\d+$/.test(t));
}

function usePickerSearch(text: string) {
  const [debounced, setDebounced] = useState(text);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(text.trim()), 250);
    return () => clearTimeout(timer);
  }, [text]);
  return useQuery({
    queryKey: ['person-picker', debounced],
    // In the body, as the search page does: an ID number must not land in URLs or logs.
    queryFn: ({ signal }) => api<PersonPage>('/persons/search', { body: { q: debounced, limit: PICK_LIMIT }, signal }),
    enabled: searchable(debounced),
    staleTime: 30_000,
  });
}

function personLabel(p: Person): string {
  const age = new Date().getFullYear() - Number(p.birthDate.slice(0, 4));
  return `${p.name}（${p.sex === 'M' ? '男' : '女'}，${age} 岁，${p.idNumber}）${p.deathDate ? ' · 已故' : ''}`;
}

interface PickerProps {
  value?: number;
  onChange?(value: number | undefined, person?: Person): void;
  placeholder?: string;
  testId?: string;
  /** A person to show for the initial value before any search (e.g. from the URL). */
  initialPerson?: Person | null;
  disabled?: boolean;
}

/**
 * 人员选择: type a name (prefix) or a full ID number; the registry search answers within the user's
 * jurisdiction only (and audits the search). The form receives the person's registry id.
 */
export function PersonPicker({ value, onChange, placeholder, testId, initialPerson, disabled }: PickerProps) {
  const [text, setText] = useState('');
  const [picked, setPicked] = useState<Person | null>(initialPerson ?? null);
  useEffect(() => {
    if (initialPerson) setPicked(initialPerson);
  }, [initialPerson]);
  const search = usePickerSearch(text);
  const found = search.data?.items ?? [];
  const options = [...(picked && !found.some((p) => p.id === picked.id) ? [picked] : []), ...found].map((p) => ({ value: p.id, label: personLabel(p), person: p }));
  return (
    <Select<number>
      showSearch
      allowClear
      disabled={disabled}
      value={value}
      placeholder={placeholder ?? '输入姓名或身份证号码查找（限本辖区）'}
      filterOption={false}
      onSearch={setText}
      loading={search.isFetching}
      notFoundContent={text.trim() ? search.isFetching ? '查找中…' : searchable(text) ? '本辖区内未找到此人' : <Typography.Text type="secondary">请输入姓名，或完整的18位身份证号码</Typography.Text> : '输入姓名或身份证号码'}
      options={options}
      onChange={(id, option) => {
        const person = (Array.isArray(option) ? undefined : (option as { person?: Person } | undefined))?.person;
        setPicked(person ?? null);
        onChange?.(id ?? undefined, person);
      }}
      data-testid={testId}
      style={{ width: '100%' }}
    />
  );
}

/**
 * 家庭选择: find a member by name or ID number (within the jurisdiction) and take their current household.
 * Persons without a household are shown but cannot be chosen.
 */
export function HouseholdPicker({ value, onChange, placeholder, testId, disabled }: Omit<PickerProps, 'initialPerson'>) {
  const [text, setText] = useState('');
  const [picked, setPicked] = useState<Person | null>(null);
  const search = usePickerSearch(text);
  const found = search.data?.items ?? [];
  // A value given from outside (the URL) is shown by its head's name, not as a number.
  const given = useHousehold(value !== undefined && !picked ? value : Number.NaN);
  const head = given.data?.members.find((m) => m.relation === 'head') ?? given.data?.members[0];
  const people = [...(picked && !found.some((p) => p.id === picked.id) ? [picked] : []), ...found];
  const options = [
    ...(given.data && !people.some((p) => p.householdId === given.data.id) ? [{ value: given.data.id, label: head ? `${head.name}户` : '（无现有成员的家庭）', disabled: false, person: undefined }] : []),
    ...people.map((p) => ({
      value: p.householdId ?? -p.id,
      label: p.householdId ? `${p.name}所在家庭（${p.idNumber}）` : `${p.name}（未登记家庭）`,
      disabled: !p.householdId,
      person: p,
    })),
  ];
  return (
    <Select<number>
      showSearch
      allowClear
      disabled={disabled}
      value={value}
      placeholder={placeholder ?? '输入家庭成员姓名或身份证号码查找（限本辖区）'}
      filterOption={false}
      onSearch={setText}
      loading={search.isFetching}
      notFoundContent={text.trim() ? (search.isFetching ? '查找中…' : '本辖区内未找到') : '输入家庭成员姓名或身份证号码'}
      options={options}
      onChange={(id, option) => {
        const person = (Array.isArray(option) ? undefined : (option as { person?: Person } | undefined))?.person;
        setPicked(person ?? null);
        onChange?.(id && id > 0 ? id : undefined, person);
      }}
      data-testid={testId}
      style={{ width: '100%' }}
    />
  );
}
