/**
 * The base of the absolute links the core writes (upload links, download links, Location): for a named
 * namespace they carry its `/__ns/<name>` prefix, so a client that follows them stays in its namespace
 * even without the header. The core computes links with `Seafile.linkBase(requestUrl)` from its options
 * or the request's origin; `useRequestLinkBase` makes it read the per-request base set by the front.
 */
import { AsyncLocalStorage } from 'node:async_hooks'
import type { Seafile } from '../model/seafile.ts'
import { DEFAULT_NAMESPACE, NAMESPACE_HEADER, NAMESPACE_PREFIX } from './namespaceOf.ts'

const current = new AsyncLocalStorage<string>()

/** A header that sets the public base of links, e.g. msw's base URL (`https://seafile.example.com/seafile`). */
export const BASE_URL_HEADER = 'X-Mock-Base-Url'

/**
 * Where the client reached the mock: `publicUrl` if configured, else `X-Mock-Base-Url`, else a proxy's
 * `X-Forwarded-Proto`/`X-Forwarded-Host`, else the request's origin; plus the namespace prefix.
 */
export function requestLinkBase(req: Request, namespace: string, publicUrl: string | undefined): string {
  const url = new URL(req.url)
  const forwardedHost = req.headers.get('x-forwarded-host')?.split(',')[0]?.trim()
  const forwardedProto = req.headers.get('x-forwarded-proto')?.split(',')[0]?.trim()
  const base =
    publicUrl ??
    req.headers.get(BASE_URL_HEADER)?.replace(/\/+$/, '') ??
    (forwardedHost ? `${forwardedProto || url.protocol.slice(0, -1)}://${forwardedHost}` : url.origin)
  return namespace === DEFAULT_NAMESPACE ? base : `${base}${NAMESPACE_PREFIX}${encodeURIComponent(namespace)}`
}

/**
 * A request for the default namespace whose links the core can base on its own origin: no namespace
 * header, no base URL header, no proxy's forwarded host (a `/__ns/` path is checked by the caller).
 */
export function isPlainRequest(req: Request): boolean {
  const h = req.headers
  return !h.get(NAMESPACE_HEADER) && h.get(BASE_URL_HEADER) === null && !h.get('x-forwarded-host')?.trim()
}

/** Runs `fn` (a request to a core) with `base` as the base of every link it writes. */
export const withLinkBase = <T>(base: string, fn: () => T): T => current.run(base, fn)

/** Makes `seaf.linkBase` answer the per-request base when one is set (instance override, core untouched). */
export function useRequestLinkBase(seaf: Seafile): void {
  const own = seaf.linkBase.bind(seaf)
  seaf.linkBase = (requestUrl: string) => current.getStore() ?? own(requestUrl)
}
