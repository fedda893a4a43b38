/** The resident marriage-booking calls (src/residents/routes-marriage.ts); each route is in USED_ROUTES. */
import type { ResidentBooking, ResidentBookingInput, ResidentOffice, Slot } from '../../api/marriage-types.js';
import { residentApi } from '../client.js';

export const marriageKeys = {
  offices: ['resident', 'marriage', 'offices'] as const,
  slots: (officeId: number, day: string) => ['resident', 'marriage', 'slots', officeId, day] as const,
  bookings: ['resident', 'marriage', 'bookings'] as const,
};

export const fetchMarriageOffices = (signal?: AbortSignal) => residentApi<ResidentOffice[]>('/resident/marriage/offices', { signal });
export const fetchMarriageSlots = (officeId: number, day: string, signal?: AbortSignal) => residentApi<Slot[]>('/resident/marriage/slots', { query: { officeId, day }, signal });
export const fetchMarriageBookings = (signal?: AbortSignal) => residentApi<ResidentBooking[]>('/resident/marriage/bookings', { signal });
export const bookMarriage = (input: ResidentBookingInput) => residentApi<ResidentBooking>('/resident/marriage/bookings', { body: input });
export const cancelMarriageBooking = (id: number) => residentApi<ResidentBooking>(`/resident/marriage/bookings/${id}/cancel`, { method: 'POST' });
