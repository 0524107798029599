import type { Hono } from 'hono'
import type { MockEnv } from '../http/env.ts'
import type { SeahubRoutes } from '../http/router.ts'
import type { Seafile } from '../model/seafile.ts'

/** What a route module gets: seahub routes (auth, validation, 405s), the raw app (file server), the model. */
export interface RouteContext {
  routes: SeahubRoutes
  app: Hono<MockEnv>
  seaf: Seafile
}

/** A route module: `mock/routes/<resource>.ts` exports one of these. */
export type RouteModule = (ctx: RouteContext) => void
