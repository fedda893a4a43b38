export * from './errors.js';
export * from './money.js';
export * from './dates.js';
export * from './id-number.js';
export * from './credit-code.js';
export * from './division-code.js';
export * from './events.js';
export * from './csv.js';
