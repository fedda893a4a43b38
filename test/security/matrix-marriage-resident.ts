/**
 * Matrix entries of 婚姻登记网上预约 in the residents' end (branch `marriage`): a resident session only, so every staff
 * role gets 401 and nothing is written. What a resident may do with their session (book, the partner sees and
 * cancels, one transaction with the notices) is tested in src/residents/marriage-booking.test.ts.
 */
import type { Permission } from '../../src/access/index.js';

/** The part of matrix.ts's RouteRule these entries use (importing it would make the two files import each other). */
interface RouteRule {
  guard: Permission | 'public' | 'resident';
  params?: Record<string, 'unknown' | { literal: string }>;
  query?: () => string;
  body?: () => unknown;
  table?: string;
}

const resident = (rule: Omit<RouteRule, 'guard'> = {}): RouteRule => ({ guard: 'resident', ...rule });

export const MARRIAGE_RESIDENT_MATRIX: Record<string, RouteRule> = {
  'GET /api/v1/resident/marriage/offices': resident(),
  'GET /api/v1/resident/marriage/slots': resident({ query: () => 'officeId=11&day=2030-01-02' }),
  'GET /api/v1/resident/marriage/bookings': resident(),
  'POST /api/v1/resident/marriage/bookings': resident({
    table: 'marriage.bookings',
    body: () => ({ officeId: 11, day: '2030-01-02', slot: '09:00', service: 'marriage', partner: { name: '林晓雯', idNumber: '310115199611200424' } }),
  }),
  'POST /api/v1/resident/marriage/bookings/{id}/cancel': resident({ params: { id: { literal: '999999999' } }, table: 'marriage.bookings' }),
};
