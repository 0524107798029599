/**
 * `createMockServer()`: a small, stateful Seafile. Every change a client makes is kept (in memory, or under
 * `dataDir`) and every id is computed as the real server computes it.
 *
 * ```ts
 * const server = await createMockServer()
 * const res = await server.request('/api2/ping/')        // in-process, no socket
 * const { url, close } = await server.listen(0)          // node:http on loopback
 * ```
 */
import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { createApp } from './app.ts'
import { createFaultLayer } from './faults/layer.ts'
import { tuneServerProcess } from './http/processTuning.ts'
import { withRequestLog } from './http/requestLog.ts'
import { specRequestCheck } from './middleware/validateRequest.ts'
import { Seafile } from './model/seafile.ts'
import { createFront } from './namespaces/front.ts'
import { type MockOptions, type ResolvedOptions, resolveOptions } from './options.ts'
import { seahubRouteModules } from './routes/index.ts'
import type { RouteModule } from './routes/types.ts'
import { seedOnce } from './seed/seedOnce.ts'

export { Seafile } from './model/seafile.ts'
export type { MockOptions, ResolvedOptions } from './options.ts'
export type { RouteContext, RouteModule } from './routes/types.ts'

export interface MockServer {
  readonly options: ResolvedOptions
  /** The default namespace's model, for tests and for colleagues' route modules (a reset replaces it). */
  readonly seaf: Seafile
  fetch(req: Request): Promise<Response>
  /** A request to the core, in process: `path` is relative to `http://localhost`. */
  request(path: string, init?: RequestInit): Promise<Response>
  /** Serves over node:http; `port` 0 picks a free one. */
  listen(port?: number, host?: string): Promise<{ url: string; close(): Promise<void> }>
  /** Closes listeners and flushes the stores. */
  close(): Promise<void>
}

export interface CreateMockServerExtras {
  /** Route modules added after the built-in ones (file-server uploads, sharing, sync). */
  modules?: RouteModule[]
}

export async function createMockServer(
  options: Partial<MockOptions> = {},
  extras: CreateMockServerExtras = {},
): Promise<MockServer> {
  const resolved = resolveOptions(options)
  // Throttling and fault injection (mock/faults) wrap everything; a bad rule fails before any store opens.
  const faults = createFaultLayer(resolved)
  const check = resolved.validateRequests ? specRequestCheck() : undefined
  const modules = [...seahubRouteModules, ...(extras.modules ?? [])]
  // Every namespace (X-Mock-Namespace, /__ns/<name>/) is a whole core: its own model, seed and routes.
  const front = await createFront(resolved, async (_name, opts) => {
    const seaf = await Seafile.open(opts)
    if (opts.seed) await seedOnce(seaf, opts.seed)
    const app = createApp(seaf, modules, check)
    // Hono answers a promise whenever a handler is async, and every mock route is.
    return { seaf, fetch: (req: Request) => Promise.resolve(app.fetch(req)) }
  })
  const closers = new Set<() => Promise<void>>()

  const fetch = withRequestLog(faults.wrap(front.fetch), {
    level: resolved.logLevel,
    format: resolved.logFormat,
  })
  return {
    options: resolved,
    get seaf() {
      return front.defaultCore.seaf
    },
    fetch,
    request: (path, init) => fetch(new Request(new URL(path, 'http://localhost'), init)),
    listen(port = resolved.port, host = resolved.host) {
      if (resolved.tuneProcess) tuneServerProcess()
      return new Promise((resolve, reject) => {
        const server = serve({ fetch, port, hostname: host }, (info: AddressInfo) => {
          const url = `http://${info.address.includes(':') ? `[${info.address}]` : info.address}:${info.port}`
          const close = () =>
            new Promise<void>((done) => {
              closers.delete(close)
              server.close(() => done())
              ;(server as { closeAllConnections?: () => void }).closeAllConnections?.()
            })
          closers.add(close)
          resolve({ url, close })
        })
        server.once('error', reject)
      })
    },
    async close() {
      await Promise.all([...closers].map((close) => close()))
      await front.close()
    },
  }
}
