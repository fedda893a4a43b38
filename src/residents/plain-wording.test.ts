import { describe, expect, it } from 'vitest';
import { hadUnconfirmedFigure, plainWording } from './plain-wording.js';

describe('plain wording for residents', () => {
  it('takes the staff flag 参数待核实 out of each form the engines write, leaving the sentence whole', () => {
    // src/policy/render.ts: `（${from} 起，参数待核实）`
    expect(plainWording('家庭人均月收入低于低保标准 1,510 元（2025-07 起，参数待核实）')).toBe('家庭人均月收入低于低保标准 1,510 元（2025-07 起）');
    // src/monitoring/rules.ts: a trailing `（参数待核实）`
    expect(plainWording('可能符合低收入家庭条件（参数待核实）')).toBe('可能符合低收入家庭条件');
    // src/policies/shanghai/checks.ts: `；消费支出参数待核实` inside a sentence
    expect(plainWording('人均支出高于收入；消费支出参数待核实。')).toBe('人均支出高于收入。');
    expect(plainWording('已核实的说明不变')).toBe('已核实的说明不变');
    expect(hadUnconfirmedFigure('（2025-07 起，参数待核实）')).toBe(true);
    expect(hadUnconfirmedFigure('（2025-07 起）')).toBe(false);
  });
});
