/**
 * Which namespace (isolated state) a request belongs to: the `/__ns/<name>/…` URL prefix, else the
 * `X-Mock-Namespace` header, else `default`. The prefix is removed before the request reaches the core.
 */

export const DEFAULT_NAMESPACE = 'default'
export const NAMESPACE_HEADER = 'X-Mock-Namespace'
export const NAMESPACE_PREFIX = '/__ns/'

/** Letters, digits, `.`, `_`, `-`; 1–64 characters, not starting with punctuation (it becomes a URL segment). */
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/

export const isNamespaceName = (name: string): boolean => NAME.test(name)

export type NamespaceRoute =
  | { namespace: string; request: Request; error?: undefined }
  | { error: string; namespace?: undefined; request?: undefined }

export function namespaceOf(req: Request): NamespaceRoute {
  const url = new URL(req.url)
  const header = req.headers.get(NAMESPACE_HEADER)
  if (!url.pathname.startsWith(NAMESPACE_PREFIX)) {
    if (header === null || header === '') return { namespace: DEFAULT_NAMESPACE, request: req }
    if (!isNamespaceName(header)) return { error: `invalid ${NAMESPACE_HEADER} "${header}": ${NAME}` }
    return { namespace: header, request: req }
  }
  const rest = url.pathname.slice(NAMESPACE_PREFIX.length)
  const slash = rest.indexOf('/')
  const name = decodeURIComponent(slash < 0 ? rest : rest.slice(0, slash))
  if (!isNamespaceName(name)) return { error: `invalid namespace "${name}" in the URL: ${NAME}` }
  if (header && header !== name)
    return { error: `${NAMESPACE_HEADER} "${header}" and the URL's "${name}" differ` }
  url.pathname = slash < 0 ? '/' : rest.slice(slash)
  return { namespace: name, request: withUrl(req, url.href) }
}

/** The same request at another URL; the body is passed on as a stream, never read. */
export function withUrl(req: Request, url: string): Request {
  const hasBody = req.body !== null && req.method !== 'GET' && req.method !== 'HEAD'
  return new Request(url, {
    method: req.method,
    headers: req.headers,
    body: hasBody ? req.body : undefined,
    redirect: req.redirect,
    signal: req.signal,
    ...(hasBody ? { duplex: 'half' } : {}),
  } as RequestInit)
}
