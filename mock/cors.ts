/**
 * CORS for browser clients (`corsOrigin`, default `*`). Seahub sends no CORS headers; the Go file server
 * allows any origin on its upload routes (fileserver.go: `Access-Control-Allow-Origin: *`). The mock lets a
 * web app on another origin use the whole API: preflights are answered, and responses to requests that
 * carry an `Origin` get the headers. Requests without `Origin` (every non-browser client) are untouched.
 */

type Fetch = (req: Request) => Promise<Response>

const ALLOW_METHODS = 'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS'
const DEFAULT_ALLOW_HEADERS =
  'Authorization, Content-Type, Content-Range, Content-Disposition, Accept, X-Requested-With, X-Mock-Namespace, X-Mock-Base-Url'

/** `*`, or the request's origin when it is in the list; `undefined` when CORS is off or it is not listed. */
export function allowedOrigin(setting: string, origin: string | null): string | undefined {
  if (setting === '' || setting === 'off' || setting === 'false') return undefined
  if (setting === '*') return '*'
  const allowed = setting.split(',').map((o) => o.trim().replace(/\/+$/, ''))
  return origin && allowed.includes(origin) ? origin : undefined
}

function corsHeaders(allow: string, req: Request): Record<string, string> {
  const headers: Record<string, string> = {
    'Access-Control-Allow-Origin': allow,
    'Access-Control-Expose-Headers': '*',
  }
  if (allow !== '*') headers['Vary'] = 'Origin'
  if (req.method === 'OPTIONS') {
    headers['Access-Control-Allow-Methods'] = ALLOW_METHODS
    headers['Access-Control-Allow-Headers'] =
      req.headers.get('access-control-request-headers') || DEFAULT_ALLOW_HEADERS
    headers['Access-Control-Max-Age'] = '86400'
  }
  return headers
}

/** Wraps a fetch handler with CORS per `setting` (`*`, comma-separated origins, or `off`). */
export const cors = (setting: string, next: Fetch): Fetch =>
  // Not async: a request without `Origin` goes on with no promise of this layer's own.
  function cors(req) {
    const allow = allowedFor(setting, req)
    return allow === undefined ? next(req) : withCorsAnswer(allow, req, next)
  }

const allowedFor = (setting: string, req: Request): string | undefined => {
  const origin = req.headers.get('origin')
  return origin === null ? undefined : allowedOrigin(setting, origin)
}

async function withCorsAnswer(allow: string, req: Request, next: Fetch): Promise<Response> {
  const preflight = req.method === 'OPTIONS' && req.headers.has('access-control-request-method')
  // A route that answers OPTIONS itself (the file server's upload routes) keeps its answer.
  const res = await next(req)
  if (preflight && !res.ok) return new Response(null, { status: 204, headers: corsHeaders(allow, req) })
  return withHeaders(res, corsHeaders(allow, req))
}

/** `res` with the CORS headers `req` calls for (an answer made before the CORS layer, e.g. a fault). */
export function withCors(setting: string, req: Request, res: Response): Response {
  const allow = allowedFor(setting, req)
  return allow === undefined ? res : withHeaders(res, corsHeaders(allow, req))
}

function withHeaders(res: Response, headers: Record<string, string>): Response {
  try {
    for (const [k, v] of Object.entries(headers)) res.headers.set(k, v)
    return res
  } catch {
    // Immutable headers (a Response from fetch()): copy.
    const copy = new Response(res.body, res)
    for (const [k, v] of Object.entries(headers)) copy.headers.set(k, v)
    return copy
  }
}
