/**
 * What a client talks to: CORS around the mock's own endpoints (`/__mock__/`, `/docs/`, `/openapi.yaml`)
 * and the namespaces, each a whole core. With `adminApi` off it is the default core alone (plus CORS).
 */
import { adminRoutes } from '../admin/adminRoutes.ts'
import { cors } from '../cors.ts'
import { docsRoutes, isDocsPath } from '../docs/docsRoutes.ts'
import { pathOf } from '../http/requestPath.ts'
import type { ResolvedOptions } from '../options.ts'
import { isPlainRequest, requestLinkBase, useRequestLinkBase, withLinkBase } from './linkBase.ts'
import { DEFAULT_NAMESPACE, namespaceOf } from './namespaceOf.ts'
import { type Core, Namespaces, type OpenCore } from './registry.ts'

export interface Front {
  fetch(req: Request): Promise<Response>
  /** The default namespace's core as of now (a reset replaces it). */
  readonly defaultCore: Core
  readonly namespaces: Namespaces
  close(): Promise<void>
}

export async function createFront(options: ResolvedOptions, open: OpenCore): Promise<Front> {
  let defaultCore: Core | undefined
  const namespaces = new Namespaces(options, async (name, opts) => {
    const core = await open(name, opts)
    useRequestLinkBase(core.seaf)
    if (name === DEFAULT_NAMESPACE) defaultCore = core
    return core
  })
  await namespaces.get(DEFAULT_NAMESPACE)

  const defaultFetch = (req: Request): Promise<Response> => {
    const core = namespaces.opened(DEFAULT_NAMESPACE)
    return core ? core.fetch(req) : namespaces.get(DEFAULT_NAMESPACE).then((c) => c.fetch(req))
  }
  // Not async for the common case: a plain API call to the default namespace, with links based on its own
  // origin, goes straight to the core with no URL parsed and no promise of the front's own.
  const route = (req: Request): Promise<Response> =>
    !options.adminApi || (isPlainRequest(req) && !isFrontPath(pathOf(req.url)))
      ? defaultFetch(req)
      : routed(req)
  const routed = async function mockFront(req: Request): Promise<Response> {
    const routed = namespaceOf(req)
    if (routed.error !== undefined) {
      return new Response(`${routed.error}\n`, { status: 400, headers: { 'Content-Type': 'text/plain' } })
    }
    const { namespace, request } = routed
    const pathname = pathOf(request.url)
    if (pathname.startsWith('/__')) {
      const admin = await adminRoutes(request, pathname, namespace, namespaces)
      if (admin) return admin
    }
    if (isDocsPath(pathname)) {
      const docs = await docsRoutes(request, pathname, requestLinkBase(req, namespace, options.publicUrl))
      if (docs) return docs
    }
    const core = await namespaces.get(namespace)
    const base = requestLinkBase(req, namespace, options.publicUrl)
    // The base the core finds by itself needs no async context (which costs every promise a hook).
    if (base === (core.seaf.options.publicUrl ?? new URL(request.url).origin)) return core.fetch(request)
    return withLinkBase(base, () => core.fetch(request))
  }

  return {
    fetch: cors(options.corsOrigin, route),
    get defaultCore() {
      return defaultCore!
    },
    namespaces,
    close: () => namespaces.close(),
  }
}

/** Paths the front answers itself or rewrites: the mock's own endpoints, namespaces, the docs. */
const isFrontPath = (pathname: string): boolean => pathname.startsWith('/__') || isDocsPath(pathname)
