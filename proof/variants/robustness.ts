/** Robustness (suites/robustness): each breaks one rule the negative, auth, access or share-link specs check. */
import { bodyOf, jsonOf, pathOf, textOf, type Variant } from '../proxy.ts'
import { isJson, ok } from './shared.ts'

/** The library created last, for malformed-id-hits-newest-library. */
const newestLibrary: { id?: string } = {}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

export const robustnessVariants: Variant[] = [
  {
    name: 'auth-matrix-no-token',
    breaks: 'every token-protected operation refuses a request without a token (403 detail)',
    // A few operations are enough to catch it (each failing test restarts a Playwright worker).
    grep: 'auth matrix.*(GET /api2/repos/ |GET /api2/account/info/ |DELETE /api2/repos/\\{repo_id\\}/ )',
    onResponse: (req, res) =>
      !req.headers.has('authorization') && res.status === 403 && textOf(res.body).includes('credentials')
        ? ok([])
        : res,
  },
  {
    name: 'malformed-400-as-500',
    breaks: 'a malformed request gets a 4xx, never a 5xx (seahub errors naming an invalid parameter)',
    grep: 'negative requests',
    onResponse: (req, res) =>
      pathOf(req).startsWith('/api') && res.status === 400 && /invalid/i.test(textOf(res.body))
        ? {
            status: 500,
            headers: new Headers({ 'content-type': 'text/html' }),
            body: bodyOf('<h1>Server Error (500)</h1>'),
          }
        : res,
  },
  {
    name: 'share-link-password-ignored',
    breaks: 'a share link with a password opens only with that password',
    grep: 'link with a password',
    onResponse: (req, res) =>
      /^\/api2\/(d|f)\//.test(pathOf(req)) && res.status === 403 && /Password/.test(textOf(res.body))
        ? ok(
            pathOf(req).endsWith('/dir/')
              ? [{ type: 'file', name: 'seed.txt', size: 0 }]
              : { name: 'seed.txt' },
          )
        : res,
  },
  {
    name: 'stranger-permitted',
    breaks: 'a user without a share is refused on library-scoped operations',
    grep: 'without a share.*(GET|DELETE) /api2/repos/\\{repo_id\\}/ ',
    onResponse: (req, res) =>
      /^\/api(2|\/v2\.1)\/repos\/[0-9a-f-]{36}\//.test(pathOf(req)) &&
      res.status === 403 &&
      req.headers.has('authorization')
        ? ok('success')
        : res,
  },
  {
    name: 'admin-check-missing',
    breaks: 'admin-only operations refuse a user who is not an administrator',
    grep: 'admin-only',
    onResponse: (_req, res) =>
      res.status === 403 && textOf(res.body).includes('You do not have permission to perform this action.')
        ? ok([])
        : res,
  },
  {
    name: 'documented-5xx-as-html',
    breaks: "a documented 5xx comes in its documented form (the file server's text line, seahub's JSON)",
    grep: 'generated malformed requests get a 4xx',
    // The status stays one the spec lists for the operation; only the body is an nginx error page.
    onResponse: (_req, res) =>
      res.status >= 500 && !/html/.test(res.headers.get('content-type') ?? '')
        ? {
            status: res.status,
            headers: new Headers({ 'content-type': 'text/html' }),
            body: bodyOf(`<html><body><h1>${res.status} Internal Server Error</h1></body></html>`),
          }
        : res,
  },
  {
    name: 'malformed-id-hits-newest-library',
    breaks: 'a malformed request leaves alone every library it does not name (the witness library)',
    grep: 'generated malformed requests get a 4xx',
    // A lenient lookup: a write naming a library id that is not a UUID goes to the newest library instead.
    onRequest: (req) => {
      const m = /^(\/api(?:2|\/v2\.1)\/repos\/)([^/]+)(\/.*)$/.exec(pathOf(req))
      if (!m || !newestLibrary.id || req.method === 'GET' || !req.headers.has('authorization'))
        return undefined
      const [, head = '', id = '', rest = ''] = m
      if (UUID.test(id) || id === 'public' || id === 'batch') return undefined
      req.url = head + newestLibrary.id + rest + req.url.slice(pathOf(req).length)
      return undefined
    },
    onResponse: (req, res) => {
      if (req.method === 'POST' && /^\/api(2|\/v2\.1)\/repos\/$/.test(pathOf(req)) && isJson(res)) {
        const created = jsonOf(res.body) as { repo_id?: string; id?: string }
        newestLibrary.id = created.repo_id ?? created.id ?? newestLibrary.id
      }
      return res
    },
  },
]
