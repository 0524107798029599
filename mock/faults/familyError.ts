/**
 * The error a fault answers with, in the family of the route it hits, as the real server (or the nginx in
 * front of it) would send it: seahub JSON `{"error_msg"}` (DRF `{"detail"}` for 401/429), Django's HTML
 * 500 page, the file server's `text/plain` line, nginx's HTML page for 502/503/504.
 */
import { drfError, fileserverError, renderError, seahubError } from '../errors.ts'

/** seahub (`/api2/`, `/api/v2.1/`) or the file server (everything else, `/seafhttp/…` included). */
export const familyOf = (path: string): 'seahub' | 'fileserver' =>
  /^\/api2?\//.test(path) ? 'seahub' : 'fileserver'

const SEAHUB_MESSAGES: Record<number, string> = {
  400: 'Bad request.',
  403: 'Permission denied.',
  404: 'Not found.',
  409: 'Conflict.',
  440: 'Library password is needed.',
  441: 'Library password magic is needed.',
  443: 'Above quota',
  447: 'Too many files in library.',
  520: 'Operation failed.',
}

// fileop.go / fileserver.go messages for the statuses the file server sends.
const FILESERVER_MESSAGES: Record<number, string> = {
  400: 'Bad request',
  403: 'Access token not found',
  404: '404 page not found',
  409: 'GC Conflict.',
  441: 'File does not exist.',
  442: 'File size is too large.',
  443: 'Out of quota.',
  500: 'Internal error.',
}

const REASONS: Record<number, string> = {
  502: 'Bad Gateway',
  503: 'Service Temporarily Unavailable',
  504: 'Gateway Time-out',
}

/** nginx's default error page, as seahub and the file server answer when their upstream is gone. */
function nginxPage(status: number): Response {
  const title = `${status} ${REASONS[status]}`
  return new Response(
    `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`,
    { status, headers: { 'Content-Type': 'text/html' } },
  )
}

/** The error answer of `status` for a request to `path`. */
export function familyError(path: string, status: number, message?: string): Response {
  if (REASONS[status]) return nginxPage(status)
  if (familyOf(path) === 'fileserver')
    return renderError(fileserverError(status, message ?? FILESERVER_MESSAGES[status] ?? 'Internal error.'))
  if (status === 401) return renderError(drfError(401, message ?? 'Invalid token'))
  if (status === 429)
    return renderError({
      ...drfError(429, message ?? 'Request was throttled. Expected available in 1 second.'),
      headers: { 'Retry-After': '1' },
    })
  if (status >= 500 && !SEAHUB_MESSAGES[status] && message === undefined)
    // An uncaught exception in a view: Django's HTML 500 page (DEBUG off).
    return new Response('<h1>Server Error (500)</h1>', {
      status,
      headers: { 'Content-Type': 'text/html; charset=utf-8' },
    })
  return renderError(seahubError(status, message ?? SEAHUB_MESSAGES[status] ?? 'Internal Server Error'))
}
