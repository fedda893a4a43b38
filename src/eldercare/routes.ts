/**
 * HTTP routes of 养老服务. Thin: validate (TypeBox), take the actor, call one service. Built by a factory so
 * a test can give the routes its own clock; the app mounts `eldercareRoutes`. Each part of the business line
 * registers its own routes file.
 */
import { Type } from 'typebox';
import type { AppContext } from '../context.js';
import type { AppInstance, RoutesPlugin } from '../http/types.js';
import { actorOf, bearer } from '../http/auth.js';
import { todayInShanghai } from '../kernel/index.js';
import { eldercareDeps, systemClock, type Clock } from './deps.js';
import { DateString, eldercareErrors, tags } from './schemas.js';
import { listSettings, setSetting } from './settings.js';
import { facilityRoutes } from './routes-facilities.js';
import { waitlistRoutes } from './routes-waitlist.js';
import { supervisionRoutes } from './routes-supervision.js';
import { mealRoutes } from './routes-meals.js';
import { rentalRoutes } from './routes-rentals.js';
import { subsidyRoutes } from './routes-subsidy.js';
import { ledgerRoutes } from './routes-ledgers.js';

/** Exported for the web app's settings page (type-only import). */
export const SettingSchema = Type.Object({
  name: Type.String(),
  label: Type.String(),
  unit: Type.String(),
  description: Type.String(),
  current: Type.Object({ from: DateString, value: Type.Unknown(), verified: Type.Boolean(), source: Type.String() }),
  history: Type.Array(Type.Object({ from: DateString, value: Type.Unknown(), verified: Type.Boolean(), source: Type.String() })),
});

export function createEldercareRoutes(clock: Clock = systemClock): RoutesPlugin {
  return async (app: AppInstance, ctx: AppContext) => {
    const deps = eldercareDeps(ctx, clock);

    app.get('/eldercare/settings', { schema: { tags, summary: '养老服务参数（现行值与历史，含是否已核实及来源）', security: bearer, response: { 200: Type.Array(SettingSchema), ...eldercareErrors } } }, async (request) =>
      listSettings(deps, actorOf(request), todayInShanghai(clock.now())),
    );
    app.put(
      '/eldercare/settings/:name',
      {
        schema: {
          tags,
          summary: '设置养老服务参数的新值（自生效日期起适用；仅市局管理员）',
          security: bearer,
          params: Type.Object({ name: Type.String() }),
          body: Type.Object({ from: DateString, value: Type.Unknown(), verified: Type.Boolean(), source: Type.String({ minLength: 1, maxLength: 500 }) }),
          response: { 200: SettingSchema, ...eldercareErrors },
        },
      },
      async (request) => setSetting(deps, actorOf(request), request.params.name, request.body),
    );

    await facilityRoutes(app, deps);
    await waitlistRoutes(app, deps);
    await supervisionRoutes(app, deps);
    await mealRoutes(app, deps);
    await rentalRoutes(app, deps);
    await subsidyRoutes(app, deps);
    await ledgerRoutes(app, deps);
  };
}

export const eldercareRoutes: RoutesPlugin = createEldercareRoutes();
