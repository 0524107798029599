/**
 * What a server may answer to a negative request. `core` holds for the real Seafile server: a 4xx in the
 * error shape of the route's family (seahub `{"error_msg"}`, DRF `{"detail"}`, serializer field lists,
 * Django's HTML 404/400 pages, file-server text), and a 5xx only where the spec documents that the real
 * server answers it for the operation (a bad raw block → 500, lock in Community Edition → HTML 500,
 * checkpassword mismatch → 500, RPC failures → 520; each has its x-seafile-evidence). `strict` allows no 5xx
 * at all and wants every request missing a required parameter refused.
 */
import type { NegativeCase } from './generate.ts'

export type Level = 'core' | 'strict'

export interface WireResponse {
  status: number
  contentType: string
  body: Buffer
  ms: number
}

/** Statuses that come from HTTP servers and proxies in front of the application (limits), any body. */
const SERVER_LIMITS = [413, 414, 431]

const isSeahubPath = (url: string) => /\/api2\/|\/api\/v2\.1\//.test(new URL(url, 'http://x').pathname)

/** Whether a path climbs out of its prefix once %2F is decoded and dot segments are resolved. */
const escapesPrefix = (url: string) => /(?:\/|%2f)\.\.(?:\/|%2f|$)/i.test(new URL(url, 'http://x').pathname)

/** Whether a parsed JSON body is one of seahub's error shapes. */
function seahubJsonShape(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false
  const v = value as Record<string, unknown>
  if (typeof v.error_msg === 'string' || typeof v.detail === 'string' || typeof v.error === 'string')
    return true
  // A serializer's validation errors: {"field": ["msg", ...]} (auth-token).
  const entries = Object.values(v)
  return entries.length > 0 && entries.every((x) => Array.isArray(x) && x.every((m) => typeof m === 'string'))
}

/** Why a 4xx body is not in its family's error shape, or undefined when it is. */
export function errorShapeProblem(url: string, res: WireResponse): string | undefined {
  const type = res.contentType.toLowerCase()
  const text = res.body.toString('utf8')
  if (SERVER_LIMITS.includes(res.status)) return undefined
  if (isSeahubPath(url)) {
    if (/json/.test(type)) {
      try {
        if (seahubJsonShape(JSON.parse(text))) return undefined
      } catch {
        return `${res.status} body is not JSON although typed ${res.contentType}: ${text.slice(0, 120)}`
      }
      return `${res.status} JSON body is not an error shape ({"error_msg"}, {"detail"} or field errors): ${text.slice(0, 120)}`
    }
    // Django's own pages: unmatched URLs (404), rejected requests (400 Bad Request).
    if (/html/.test(type) && (res.status === 404 || res.status === 400)) return undefined
    return `${res.status} answered ${res.contentType || 'no content type'} on a seahub route: ${text.slice(0, 120)}`
  }
  // A reverse proxy (nginx) decodes %2F and resolves dot segments before it routes: `..%2F..%2Fetc` in a
  // file-server token leaves /seafhttp/ and reaches seahub, whose 404 is Django's page (a deployment fact).
  if (res.status === 404 && /html/.test(type) && escapesPrefix(url)) return undefined
  // File server: http.Error's text/plain (upload handlers wrap it as {"error": …}), or the C server's JSON.
  if (/text\/plain/.test(type) || text.length === 0) return undefined
  if (/json/.test(type)) {
    try {
      if (seahubJsonShape(JSON.parse(text))) return undefined
    } catch {
      // A JSON-typed body the file server wrote with a raw newline (fileop.go::formatJSONError): opaque text.
      return undefined
    }
  }
  return `${res.status} answered ${res.contentType || 'no content type'} on a file-server route: ${text.slice(0, 120)}`
}

/**
 * seahub's DRF views read `request.data.get(…)`: a JSON body that parses to no object (`null`, a string, a
 * list) raises AttributeError, Django's HTML 500, on every view that takes JSON (24 operations of 11.0.13
 * probed: docs/real-server-findings-11.md `json-body-not-object-500`). Tolerated at core for any of them.
 */
function nonObjectJsonOnSeahub(c: NegativeCase, res: WireResponse): boolean {
  if (c.kind !== 'malformed-body' || res.status !== 500 || !isSeahubPath(c.request.url)) return false
  if (!/html/.test(res.contentType.toLowerCase())) return false
  const type = Object.entries(c.request.headers).find(([k]) => k.toLowerCase() === 'content-type')?.[1]
  if (!/^application\/json\s*(;|$)/i.test(type ?? '') || !c.request.body) return false
  try {
    const body: unknown = JSON.parse(Buffer.from(c.request.body).toString('utf8'))
    return typeof body !== 'object' || body === null || Array.isArray(body)
  } catch {
    return false
  }
}

/**
 * Whether a 4xx outside the family's error shapes is the JSON error body the spec documents for this
 * status on this operation (a view that writes its own, e.g. RepoHistoryChange.get's `{"err": …}`).
 */
function documentedJsonError(res: WireResponse, documented: number[], specProblems: string[]): boolean {
  if (!documented.includes(res.status) || specProblems.length > 0) return false
  if (!/json/.test(res.contentType.toLowerCase())) return false
  try {
    const body: unknown = JSON.parse(res.body.toString('utf8'))
    return typeof body === 'object' && body !== null && Object.keys(body).length > 0
  } catch {
    return false
  }
}

export interface Judgement {
  problems: string[]
  /** A documented real-server 5xx tolerated at core level. */
  tolerated?: string
}

/**
 * Judges one answer; `documented` are the statuses the spec lists for the operation, and `specProblems`
 * what the spec validator found wrong with this answer (a documented 5xx counts only in its documented
 * content type and body, so an HTML error page where the real server answers JSON is still a failure; a
 * 4xx outside the error shapes passes only as the JSON body the spec documents for it).
 */
export function judge(
  c: NegativeCase,
  res: WireResponse,
  documented: number[],
  level: Level,
  specProblems: string[] = [],
): Judgement {
  const problems: string[] = []
  if (res.status >= 500) {
    if (level === 'core' && documented.includes(res.status) && specProblems.length === 0)
      return { problems, tolerated: `${res.status} is documented for ${c.operation} (a real-server error)` }
    if (level === 'core' && nonObjectJsonOnSeahub(c, res))
      return { problems, tolerated: 'json-body-not-object-500 (docs/real-server-findings-11.md)' }
    const unlike =
      documented.includes(res.status) && specProblems[0]
        ? ` (not in its documented form: ${specProblems[0]})`
        : ''
    problems.push(`server error ${res.status}${unlike}: ${res.body.toString('utf8').slice(0, 160)}`)
  } else if (res.status >= 400) {
    const shape = errorShapeProblem(c.request.url, res)
    if (shape && !documentedJsonError(res, documented, specProblems)) problems.push(shape)
  } else if (res.status < 200) {
    problems.push(`unexpected status ${res.status}`)
  } else if (level === 'strict' && c.mustRefuse) {
    problems.push(`accepted with ${res.status} although ${c.detail}`)
  }
  return { problems }
}
