/**
 * Registration of seahub routes: token auth where the view requires it, request validation against the
 * spec, and DRF's 405 `Method "X" not allowed.` for the other methods of a known path.
 */
import type { Hono } from 'hono'
import { drfError, fail } from '../errors.ts'
import { authenticate, hasTokenHeader } from '../middleware/tokenAuth.ts'
import type { MockContext, MockEnv } from './env.ts'

export type Handler = (c: MockContext) => Promise<Response> | Response
type Method = 'GET' | 'POST' | 'PUT' | 'DELETE'

export interface RouteOptions {
  /**
   * The view requires an authenticated user (default true); `optional`: anyone may call it, but a `Token`
   * header is still checked (DRF authenticates before a view without permission classes: bad token → 401).
   */
  auth?: boolean | 'optional'
  /** Parameters whose absence or shape the handler reports itself, with the real server's message. */
  selfChecked?: string[]
}

/** Checks a request's query and form against the spec before the handler runs. */
export type RequestCheck = (c: MockContext, selfChecked: string[]) => Promise<void>

export class SeahubRoutes {
  readonly #paths = new Map<string, { auth: boolean }>()

  constructor(
    readonly app: Hono<MockEnv>,
    readonly check?: RequestCheck,
  ) {}

  on(method: Method, path: string, handler: Handler, options: RouteOptions = {}): this {
    const auth = options.auth ?? true
    const seen = this.#paths.get(path)
    this.#paths.set(path, { auth: auth === true || (seen?.auth ?? false) })
    const check = this.check
    const selfChecked = options.selfChecked ?? []
    // One handler rather than a middleware chain: each link of a chain costs every request.
    this.app.on(method, path, async (c) => {
      if (auth === true || (auth === 'optional' && hasTokenHeader(c))) await authenticate(c)
      await check?.(c, selfChecked)
      return handler(c)
    })
    return this
  }

  get = (path: string, handler: Handler, options?: RouteOptions): this =>
    this.on('GET', path, handler, options)
  post = (path: string, handler: Handler, options?: RouteOptions): this =>
    this.on('POST', path, handler, options)
  put = (path: string, handler: Handler, options?: RouteOptions): this =>
    this.on('PUT', path, handler, options)
  delete = (path: string, handler: Handler, options?: RouteOptions): this =>
    this.on('DELETE', path, handler, options)

  /** Whether a concrete path matches a registered template (`{id}`/`:id` segments match one segment). */
  hasPath(path: string): boolean {
    for (const template of this.#paths.keys()) {
      const pattern = template
        .split('/')
        .map((seg) => (seg.startsWith(':') ? '[^/]+' : seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
        .join('/')
      if (new RegExp(`^${pattern}$`).test(path)) return true
    }
    return false
  }

  /**
   * Registers, after every route, the 405 of DRF's `http_method_not_allowed`. DRF authenticates first
   * (APIView.initial), so an anonymous wrong method on an authenticated view is still 403.
   */
  finish(): void {
    for (const [path, { auth }] of this.#paths) {
      const notAllowed: Handler = (c) => fail(drfError(405, `Method "${c.req.method}" not allowed.`))
      this.app.all(path, async (c) => {
        if (auth) await authenticate(c)
        return notAllowed(c)
      })
    }
  }
}
