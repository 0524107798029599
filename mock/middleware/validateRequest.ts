/**
 * Request validation against the spec: a missing required or wrong-typed query or form parameter is a
 * 400 in the operation's error shape (seahub `{"error_msg": "<name> invalid."}`, the usual message of
 * seahub views; file server text), before the handler runs. Only operations that document a 400 are
 * checked, and parameters a handler checks itself (with the real server's own message) are skipped. If
 * the spec cannot be loaded, nothing is checked.
 */
import { type RequestProblem, RequestValidator } from '../../spec/requestValidator.ts'
import { fail, fileserverError, seahubError } from '../errors.ts'
import { readForm } from '../http/form.ts'
import { VIOLATION_HEADER } from '../http/requestLog.ts'
import { pathOf } from '../http/requestPath.ts'
import type { RequestCheck } from '../http/router.ts'

let shared: RequestValidator | null | undefined

function sharedValidator(log: (m: string) => void): RequestValidator | null {
  if (shared === undefined) {
    try {
      shared = new RequestValidator()
    } catch (err) {
      log(`mock: request validation is off, spec/openapi.yaml did not load: ${(err as Error).message}`)
      shared = null
    }
  }
  return shared
}

/**
 * The spec's answers are pure functions of the request line for bodiless requests, and finding the
 * operation scans every path of the spec: both are kept per validator, a bounded number of them.
 */
interface Memo {
  mediaType: Map<string, string | undefined>
  problems: Map<string, RequestProblem[]>
}
const MEMO_LIMIT = 4096
const memos = new WeakMap<RequestValidator, Memo>()

function remember<V>(map: Map<string, V>, key: string, make: () => V): V {
  if (map.has(key)) return map.get(key) as V
  const value = make()
  if (map.size >= MEMO_LIMIT) map.clear()
  map.set(key, value)
  return value
}

export const specRequestCheck = (given?: RequestValidator): RequestCheck =>
  async function validateRequest(c, selfChecked) {
    const v = given ?? sharedValidator(c.get('seaf').options.log)
    if (!v) return
    let memo = memos.get(v)
    if (!memo) {
      memo = { mediaType: new Map(), problems: new Map() }
      memos.set(v, memo)
    }
    const url = c.req.url
    const method = c.req.method
    const pathname = pathOf(url)
    const mediaType = remember(memo.mediaType, `${method} ${pathname}`, () =>
      v.badRequestMediaType(method, pathname),
    )
    if (!mediaType) return
    const hasBody =
      !['GET', 'HEAD', 'DELETE'].includes(method) || c.req.header('content-length') !== undefined
    const contentType = c.req.header('content-type')
    const query = () => new URL(url).searchParams
    const problems = hasBody
      ? v.check({ method, path: pathname, query: query(), form: await readForm(c), contentType })
      : remember(memo.problems, `${method} ${contentType ?? ''} ${url}`, () =>
          v.check({ method, path: pathname, query: query(), contentType }),
        )
    const problem = problems.find((p) => !selfChecked.includes(p.name))
    if (!problem) return
    const message = `${problem.name} invalid.`
    const error = mediaType.startsWith('text/') ? fileserverError(400, message) : seahubError(400, message)
    // The detail seahub's message leaves out, for the request log (as Prism's sl-violations header).
    const violation = `${problem.in} parameter ${problem.message}`.replace(/[^\x20-\x7e]/g, '?')
    fail({ ...error, headers: { [VIOLATION_HEADER]: violation } })
  }
