import { describe, expect, it } from 'vitest';
import { divisionAncestors, divisionLevel, divisionPrefix, isWithin, normaliseDivisionCode } from './division-code.js';

describe('division codes', () => {
  it('normalises GB/T 2260 six-digit and nine-digit township codes to twelve digits', () => {
    expect(normaliseDivisionCode('310115')).toBe('310115000000');
    expect(normaliseDivisionCode('310115004')).toBe('310115004000');
    expect(normaliseDivisionCode('310115004001')).toBe('310115004001');
    expect(normaliseDivisionCode('31011')).toBeNull();
    expect(normaliseDivisionCode('31011500400a')).toBeNull();
  });

  it('tells the level from the code', () => {
    expect(divisionLevel('310000000000')).toBe('province');
    expect(divisionLevel('320100000000')).toBe('prefecture');
    expect(divisionLevel('310115000000')).toBe('district');
    expect(divisionLevel('310115004000')).toBe('street');
    expect(divisionLevel('310115004001')).toBe('committee');
  });

  it('checks a jurisdiction subtree by prefix', () => {
    expect(divisionPrefix('310115004000')).toBe('310115004');
    expect(isWithin('310115004012', '310115004000')).toBe(true);
    expect(isWithin('310115005012', '310115004000')).toBe(false);
    expect(isWithin('310115005012', '310000000000')).toBe(true);
    expect(isWithin('320102000000', '310000000000')).toBe(false);
  });

  it('lists ancestors from the top down', () => {
    expect(divisionAncestors('310115004001')).toEqual(['310000000000', '310115000000', '310115004000']);
  });
});
