import { SHANGHAI_DISTRICTS } from '../shanghai-divisions.js';
import { OUTSIDE_COUNTIES } from './outside.js';
import { mix32 } from './random.js';

/** ID-number address codes: the 16 districts first (index = district position), then the outside counties. */
export const ADDRESS_CODES: string[] = [...SHANGHAI_DISTRICTS.map((d) => d.code.slice(0, 6)), ...OUTSIDE_COUNTIES.map((c) => c.code6)];
export const SHANGHAI_CODE_COUNT = SHANGHAI_DISTRICTS.length;

/** Per (address code, birth day, sex) there are 499 sequence numbers (odd for men, even non-zero for women). */
const PER_SLOT = 499;

/**
 * Hands out ID-number sequence numbers without collisions at any city size: a counter per (address code,
 * birth day, sex) slot, mapped through a per-slot permutation of 0..498 so the numbers look scattered.
 * The counters are a fixed-size array (≈ 12 MB for 110 years × 100 codes), independent of the population.
 * A full slot (only conceivable far beyond 25 M persons) moves the birth date one day earlier.
 */
export class IdAllocator {
  private readonly counters: Uint16Array;
  private readonly days: number;
  /** The birth day the last `allocate` settled on. */
  day = 0;

  constructor(
    private readonly firstDay: number,
    lastDay: number,
  ) {
    this.days = lastDay - firstDay + 1;
    this.counters = new Uint16Array(ADDRESS_CODES.length * this.days * 2);
  }

  /** The 3-digit sequence for someone born on `birthDay` (or, see `day`, just before). */
  allocate(code: number, birthDay: number, male: boolean): number {
    let day = Math.max(birthDay, this.firstDay);
    for (;;) {
      const slot = ((code * this.days + (day - this.firstDay)) << 1) | (male ? 1 : 0);
      const k = this.counters[slot];
      if (k < PER_SLOT) {
        this.counters[slot] = k + 1;
        this.day = day;
        const s = (k * 7 + (mix32(slot) % PER_SLOT)) % PER_SLOT;
        return male ? 2 * s + 1 : 2 * s + 2;
      }
      day -= 1;
      if (day < this.firstDay) throw new RangeError('ID-number sequence space exhausted');
    }
  }
}
