/**
 * One line per request, as Prism prints them: method, path, status, time to the response's headers, and
 * for a refused request (4xx/5xx) why: the spec violation the request validation found (`X-Mock-Violation`),
 * else the error message of the answer (`error_msg`, `detail`, the file server's text). Levels: a 5xx is
 * `error`, a 4xx `warn`, the rest `info`; `debug` adds the request's and the answer's content types.
 * Quiet (`silent`) by default, for tests and in-process use; `seafile-conformance mock` logs at `info`.
 */

export const LOG_LEVELS = ['silent', 'error', 'warn', 'info', 'debug'] as const
export type LogLevel = (typeof LOG_LEVELS)[number]
export const LOG_FORMATS = ['text', 'json'] as const
export type LogFormat = (typeof LOG_FORMATS)[number]

/** The response header the request validation names its violation in (as Prism's `sl-violations`). */
export const VIOLATION_HEADER = 'X-Mock-Violation'

export interface RequestLogOptions {
  level: LogLevel
  format: LogFormat
  /** Where a line goes (default stdout). */
  write?: (line: string) => void
}

type Fetch = (req: Request) => Promise<Response>

const rank = (level: LogLevel) => LOG_LEVELS.indexOf(level)
/** An error message is at most this long in a log line. */
const MAX_REASON = 300

/** `fetch`, logging each exchange at or above `level`; `fetch` itself when silent. */
export function withRequestLog(fetch: Fetch, options: RequestLogOptions): Fetch {
  if (options.level === 'silent') return fetch
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`))
  return async (req) => {
    const started = performance.now()
    const res = await fetch(req)
    const ms = Math.round((performance.now() - started) * 10) / 10
    const level: LogLevel = res.status >= 500 ? 'error' : res.status >= 400 ? 'warn' : 'info'
    if (rank(level) > rank(options.level)) return res
    const url = new URL(req.url)
    const entry: Record<string, unknown> = {
      time: new Date().toISOString(),
      level,
      method: req.method,
      path: url.pathname + url.search,
      status: res.status,
      ms,
    }
    if (res.status >= 400) entry.reason = await reasonOf(res)
    if (options.level === 'debug') {
      entry.requestType = req.headers.get('content-type') ?? undefined
      entry.responseType = res.headers.get('content-type') ?? undefined
    }
    write(options.format === 'json' ? JSON.stringify(entry) : textLine(entry))
    return res
  }
}

function textLine(e: Record<string, unknown>): string {
  const head = `${String(e.level).toUpperCase().padEnd(5)} ${e.method} ${e.path} → ${e.status} ${e.ms} ms`
  const types = e.requestType || e.responseType ? ` [${e.requestType ?? '-'} → ${e.responseType ?? '-'}]` : ''
  return `${head}${e.reason ? `: ${e.reason}` : ''}${types}`
}

/** Why the answer refused the request, from a clone of its (small, error) body. */
async function reasonOf(res: Response): Promise<string | undefined> {
  const violation = res.headers.get(VIOLATION_HEADER)
  if (violation) return `request violates the spec: ${violation}`
  const type = res.headers.get('content-type') ?? ''
  if (!/json|text\/plain/.test(type) || !res.body) return undefined
  let text: string
  try {
    text = await res.clone().text()
  } catch {
    return undefined
  }
  if (type.includes('json')) {
    try {
      const body = JSON.parse(text) as Record<string, unknown>
      const message = body.error_msg ?? body.detail ?? body.error ?? Object.values(body)[0]
      text = Array.isArray(message) ? message.join(' ') : String(message)
    } catch {
      // Not JSON after all: the text itself.
    }
  }
  const line = text.trim().replace(/\s+/g, ' ')
  return line.length > MAX_REASON ? `${line.slice(0, MAX_REASON)}…` : line || undefined
}
