/**
 * Request validation against the spec: a missing required or wrong-typed query or form parameter is a
 * 400 in the operation's error shape (seahub `{"error_msg": "<name> invalid."}`, the usual message of
 * seahub views; file server text), before the handler runs. Only operations that document a 400 are
 * checked, and parameters a handler checks itself (with the real server's own message) are skipped. If
 * the spec cannot be loaded, nothing is checked.
 */
import { RequestValidator } from '../../spec/requestValidator.ts'
import { fail, fileserverError, seahubError } from '../errors.ts'
import { readForm } from '../http/form.ts'
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

export const specRequestCheck = (given?: RequestValidator): RequestCheck =>
  async function validateRequest(c, selfChecked) {
    const v = given ?? sharedValidator(c.get('seaf').options.log)
    if (!v) return
    const url = new URL(c.req.url)
    const mediaType = v.badRequestMediaType(c.req.method, url.pathname)
    if (!mediaType) return
    const hasBody =
      !['GET', 'HEAD', 'DELETE'].includes(c.req.method) || c.req.header('content-length') !== undefined
    const problems = v.check({
      method: c.req.method,
      path: url.pathname,
      query: url.searchParams,
      form: hasBody ? await readForm(c) : undefined,
      contentType: c.req.header('content-type'),
    })
    const problem = problems.find((p) => !selfChecked.includes(p.name))
    if (!problem) return
    const message = `${problem.name} invalid.`
    fail(mediaType.startsWith('text/') ? fileserverError(400, message) : seahubError(400, message))
  }
