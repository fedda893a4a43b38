/** Shapes of 婚姻登记 answers and requests, as src/marriage/schemas.ts publishes them. */
import type { Static } from 'typebox';
import type {
  BookingBody,
  BookingSchema,
  CertificateSchema,
  CheckSchema,
  DivorceApplyBody,
  DivorceSchema,
  FiguresSchema,
  ImportBody,
  ImportSchema,
  JudgementBody,
  JudgementSchema,
  MarriageSchema,
  OfficeSchema,
  RegistrationBody,
  RegistrationSchema,
  ReviewSchema,
  SlotSchema,
  ResidentBookingBody,
  ResidentBookingSchema,
  ResidentOfficeSchema,
} from '../../../src/marriage/schemas.js';

export type Office = Static<typeof OfficeSchema>;
export type Slot = Static<typeof SlotSchema>;
export type Booking = Static<typeof BookingSchema>;
export type ResidentOffice = Static<typeof ResidentOfficeSchema>;
export type ResidentBooking = Static<typeof ResidentBookingSchema>;
export type ResidentBookingInput = Static<typeof ResidentBookingBody>;
export type BookingInput = Static<typeof BookingBody>;
export type Check = Static<typeof CheckSchema>;
export type RegistrationInput = Static<typeof RegistrationBody>;
export type Registration = Static<typeof RegistrationSchema>;
export type MarriageRecord = Static<typeof MarriageSchema>;
export type Divorce = Static<typeof DivorceSchema>;
export type DivorceApplyInput = Static<typeof DivorceApplyBody>;
export type Certificate = Static<typeof CertificateSchema>;
export type JudgementInput = Static<typeof JudgementBody>;
export type Judgement = Static<typeof JudgementSchema>;
export type ImportInput = Static<typeof ImportBody>;
export type ImportReport = Static<typeof ImportSchema>;
export type Review = Static<typeof ReviewSchema>;
export type Figures = Static<typeof FiguresSchema>;
