/**
 * The app's types, in a leaf file: module routes need them, and the app imports the modules to mount their
 * routes, so keeping them in app.ts would make every module's routes and the app import each other.
 */
import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { AppContext } from '../context.js';

export type AppInstance = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, TypeBoxTypeProvider>;

/** A module's HTTP routes: a plugin mounted under /api/v1. */
export type RoutesPlugin = (app: AppInstance, ctx: AppContext) => Promise<void>;
