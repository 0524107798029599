/**
 * `seafile-conformance/msw`: msw 2 handlers that answer every request under your client's Seafile URL
 * with the mock itself, so a web, desktop or mobile client's tests need no server process.
 *
 * - Node (`setupServer` from `msw/node`): the mock's core runs in process, created on first request (or
 *   pass `server`, from `createMockServer()`).
 * - Browser (`setupWorker` from `msw/browser`): the core needs Node (crypto, zlib, streams), so pass
 *   `target`, the URL of a running `seafile-conformance mock`; requests are forwarded there.
 *
 * Either way one implementation answers, with the same seed and state as the mock over HTTP. Links the
 * mock returns (upload and download links) point back at `baseUrl`, so msw handles those requests too.
 *
 * ```ts
 * import { setupServer } from 'msw/node'
 * import { createSeafileHandlers } from 'seafile-conformance/msw'
 * const server = setupServer(...createSeafileHandlers({ baseUrl: 'https://seafile.example.test' }))
 * ```
 */
import { bypass, type HttpHandler, http } from 'msw'
import type { MockOptions, MockServer } from './index.ts'

/** The base URL when none is given; any URL your client is configured with will do. */
export const DEFAULT_BASE_URL = 'http://seafile.mock'

export interface SeafileHandlersOptions {
  /** The server URL your client uses (may have a path, e.g. `https://example.com/seafile`). */
  baseUrl?: string
  /** Node: the in-process mock to answer with; default: one created on first request from `mock`. */
  server?: Pick<MockServer, 'fetch'> | Promise<Pick<MockServer, 'fetch'>>
  /** Node: options of the mock created on first request (e.g. `{ seed: 'default' }`). */
  mock?: Partial<MockOptions>
  /** Browser: the URL of a running mock (`seafile-conformance mock --seed default`) to forward to. */
  target?: string
  /** Sent as `X-Mock-Namespace` on every request: state of your own, e.g. one per test worker. */
  namespace?: string
}

type Send = (pathAndQuery: string, request: Request, headers: Headers) => Promise<Response>

/** One msw handler for every method and path under `baseUrl`. */
export function createSeafileHandlers(options: SeafileHandlersOptions = {}): HttpHandler[] {
  const base = new URL(options.baseUrl ?? DEFAULT_BASE_URL)
  const basePath = base.pathname.replace(/\/+$/, '')
  const prefix = base.origin + basePath
  const send = options.target ? forwardTo(options.target) : inProcess(options, base.origin)
  const under = (url: string) => url === prefix || /^[/?#]/.test(url.slice(prefix.length, prefix.length + 1))
  return [
    http.all(
      ({ request }) => request.url.startsWith(prefix) && under(request.url),
      async ({ request }) => {
        const url = new URL(request.url)
        // Copied entry by entry: `new Headers(request.headers)` drops some of them under msw's Node
        // interceptor (seen with msw 2.15: Authorization lost on a POST).
        const headers = new Headers()
        for (const [name, value] of request.headers) headers.append(name, value)
        headers.set('X-Mock-Base-Url', prefix)
        if (options.namespace) headers.set('X-Mock-Namespace', options.namespace)
        return send((url.pathname.slice(basePath.length) || '/') + url.search, request, headers)
      },
    ),
  ]
}

/**
 * Ready-made handlers for `http://seafile.mock` (DEFAULT_BASE_URL), answered by an in-process mock with the
 * `default` seed, created on the first request: `setupServer(...handlers)`.
 */
export const handlers: HttpHandler[] = createSeafileHandlers({ mock: { seed: 'default' } })

const hasBody = (req: Request) => req.body !== null && req.method !== 'GET' && req.method !== 'HEAD'

/** Node: the request goes to the core's `fetch`, its body streamed. */
function inProcess(options: SeafileHandlersOptions, origin: string): Send {
  let server: Promise<Pick<MockServer, 'fetch'>> | undefined
  return async (pathAndQuery, request, headers) => {
    server ??= Promise.resolve(options.server ?? startInProcess(options.mock))
    const init = {
      method: request.method,
      headers,
      body: hasBody(request) ? request.body : undefined,
      duplex: 'half',
      redirect: 'manual',
    } as RequestInit
    return (await server).fetch(new Request(origin + pathAndQuery, init))
  }
}

async function startInProcess(mock: Partial<MockOptions> = {}): Promise<Pick<MockServer, 'fetch'>> {
  if (typeof process === 'undefined' || !process.versions?.node) {
    throw new Error(
      '[seafile-conformance/msw] the mock core runs in Node only; in a browser pass `target`, the URL of a running `seafile-conformance mock`',
    )
  }
  // A computed specifier: bundlers building the browser side leave the Node core out.
  const core = new URL(import.meta.url.endsWith('.ts') ? './index.ts' : './index.js', import.meta.url).href
  const { createMockServer } = (await import(/* @vite-ignore */ core)) as typeof import('./index.ts')
  return createMockServer(mock)
}

/** Browser (or Node): the request is sent on to a running mock; msw lets it through (`bypass`). */
function forwardTo(target: string): Send {
  const root = target.replace(/\/+$/, '')
  return async (pathAndQuery, request, headers) => {
    const url = root + pathAndQuery
    // bypass() marks the headers; the body goes in fetch's init, as bytes: browsers do not stream request
    // bodies over HTTP/1.1, and a Request with a body trips msw's Node interceptor once @hono/node-server
    // has replaced the global Request (it does when a mock listens in the same process).
    const marked = bypass(url, { method: request.method, headers }).headers
    const body = hasBody(request) ? await request.arrayBuffer() : undefined
    return fetch(url, { method: request.method, headers: marked, body })
  }
}
