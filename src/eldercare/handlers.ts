import type { EventHandler } from '../db/index.js';

export const eldercareHandlers: EventHandler[] = [];
