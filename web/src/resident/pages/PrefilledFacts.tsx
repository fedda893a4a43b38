import { Descriptions } from 'antd';
import type { PrefilledFact } from '../../api/resident-types.js';

/** 两个免于提交: what the government already holds, shown so the resident sees it need not be submitted. */
export function PrefilledFacts({ facts }: { facts: PrefilledFact[] }) {
  return (
    <Descriptions
      bordered
      column={1}
      size="small"
      style={{ background: '#fff' }}
      items={facts.map((fact) => ({
        key: fact.label,
        label: fact.label,
        children: (
          <>
            <div>{fact.value}</div>
            <div style={{ color: 'rgba(0,0,0,0.65)', fontSize: '0.85em' }}>来源：{fact.source}</div>
          </>
        ),
      }))}
      data-testid="prefilled-facts"
    />
  );
}
