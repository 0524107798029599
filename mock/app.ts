/**
 * The one Hono app: the model on every request, seahub and file-server route modules, one error handler,
 * Django's and Go's 404s. Only fetch-standard APIs, so the same core serves node:http, msw and tests.
 */
import { Hono } from 'hono'
import { RegExpRouter } from 'hono/router/reg-exp-router'
import { SmartRouter } from 'hono/router/smart-router'
import { TrieRouter } from 'hono/router/trie-router'
import { ERRORS, renderError, SeafileError } from './errors.ts'
import type { MockEnv } from './http/env.ts'
import { MemoRouter } from './http/memoRouter.ts'
import { type RequestCheck, SeahubRoutes } from './http/router.ts'
import type { Seafile } from './model/seafile.ts'
import type { RouteModule } from './routes/types.ts'

const SEAHUB_PREFIXES = ['/api2/', '/api/']

export function createApp(seaf: Seafile, modules: RouteModule[], check?: RequestCheck): Hono<MockEnv> {
  const app = new Hono<MockEnv>({
    router: new MemoRouter(new SmartRouter({ routers: [new RegExpRouter(), new TrieRouter()] })),
  })
  app.use('*', async function model(c, next) {
    c.set('seaf', seaf)
    await next()
  })
  const routes = new SeahubRoutes(app, check)
  for (const register of modules) register({ routes, app, seaf })
  routes.finish()

  app.notFound((c) => {
    const { pathname, search } = new URL(c.req.url)
    if (!SEAHUB_PREFIXES.some((p) => pathname.startsWith(p))) {
      // Go's http.ServeMux / mux router.
      return new Response('404 page not found\n', {
        status: 404,
        headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' },
      })
    }
    // CommonMiddleware (APPEND_SLASH): a URL that matches once a slash is added is redirected there.
    if (!pathname.endsWith('/') && routes.hasPath(`${pathname}/`)) {
      return new Response(null, { status: 301, headers: { Location: `${pathname}/${search}` } })
    }
    return renderError(ERRORS.DJANGO_NOT_FOUND)
  })

  app.onError((err, c) => {
    if (err instanceof SeafileError) return renderError(err.value)
    seaf.options.log(`mock: ${c.req.method} ${c.req.url}: ${(err as Error).stack ?? String(err)}`)
    return new Response('<h1>Server Error (500)</h1>', {
      status: 500,
      headers: { 'Content-Type': 'text/html; charset=utf-8' },
    })
  })
  return app
}
