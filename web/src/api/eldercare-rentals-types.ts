/** Shapes of 康复辅具社区租赁 answers, as src/eldercare/schemas-rentals.ts publishes them. Money is fen. */
import type { Static } from 'typebox';
import type { CatalogueSchema, CoverageSchema, RentalRecordedSchema, RentalSchema, RentBody } from '../../../src/eldercare/schemas-rentals.js';

export type Rental = Static<typeof RentalSchema>;
export type DeviceCode = Rental['deviceCode'];
/** The server checks the device itself, to answer a bad one with its own Chinese message; the form offers the catalogue's. */
export type RentInput = Omit<Static<typeof RentBody>, 'deviceCode'> & { deviceCode: DeviceCode };
/** `replayed`: rented before and not yet returned; the first record comes back, not counted twice. */
export type RentalRecorded = Static<typeof RentalRecordedSchema>;
export type RentalCatalogue = Static<typeof CatalogueSchema>;
export type RentalCoverage = Static<typeof CoverageSchema>;
