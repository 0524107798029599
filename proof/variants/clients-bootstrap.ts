/**
 * Broken servers for the client bootstrap endpoints (client-login, client-sso-link, devices, device-wiped,
 * repo-tokens), library API tokens (repo-api-tokens, via-repo-token) and the v2.1 library extras
 * (set-password, related-users, groups, group libraries, custom share permissions). Each breaks one rule.
 */
import {
  bodyOf,
  jsonOf,
  type ProxiedRequest,
  type ProxiedResponse,
  pathOf,
  textOf,
  type Variant,
} from '../proxy.ts'
import { isJson, ok } from './shared.ts'

/** Rewrites the JSON body of the responses to `method path` (a regular expression on the path). */
const mapJson =
  (method: string, path: RegExp, fn: (body: unknown, req: ProxiedRequest) => unknown) =>
  (req: ProxiedRequest, res: ProxiedResponse): ProxiedResponse =>
    req.method === method && path.test(pathOf(req)) && isJson(res) && res.status === 200
      ? { ...res, body: bodyOf(JSON.stringify(fn(jsonOf(res.body), req))) }
      : res

/** The real server's refusal (`status` to `method path`) becomes `answer` with 200. */
const letThrough =
  (method: string, path: RegExp, status: number, answer: unknown) =>
  (req: ProxiedRequest, res: ProxiedResponse): ProxiedResponse =>
    req.method === method && path.test(pathOf(req)) && res.status === status ? ok(answer) : res

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}'
const TOKENS = new RegExp(`^/api/v2\\.1/repos/${UUID}/repo-api-tokens/`)
const VIA = /^\/api\/v2\.1\/via-repo-token\//
const GROUP_LIB = new RegExp(`^/api/v2\\.1/groups/\\d+/libraries/${UUID}/$`)

const bootstrap: Variant[] = [
  {
    name: 'client-login-token-reusable',
    breaks: 'a client-login token logs the browser in once (a used token starts no session)',
    grep: 'client-login: a 32-hex token',
    onResponse: (req, res) => {
      if (pathOf(req) !== '/client-login/' || res.status !== 302) return res
      const headers = new Headers(res.headers)
      headers.set('set-cookie', 'sessionid=0123456789abcdef; HttpOnly; Path=/')
      return { ...res, headers }
    },
  },
  {
    name: 'client-login-token-short',
    breaks: 'client-login answers a 32-hex token',
    grep: 'client-login: a 32-hex token',
    onResponse: mapJson('POST', /^\/api2\/client-login\/$/, (b) => {
      const { token } = b as { token?: string }
      return token ? { token: token.slice(0, 30) } : b
    }),
  },
  {
    name: 'client-sso-success-without-token',
    breaks: 'a completed SSO login gives the API token (apiToken)',
    grep: 'client-sso-link: a link, waiting',
    onResponse: mapJson('GET', /^\/api2\/client-sso-link\/[^/]+\/$/, (b) => {
      const { apiToken: _t, ...rest } = b as Record<string, unknown>
      return rest
    }),
  },
  {
    name: 'client-sso-unknown-token-waits',
    breaks: 'an unknown SSO token is 404 (not a waiting login)',
    grep: 'client-sso-link: an unknown token',
    onResponse: (req, res) =>
      req.method === 'GET' && /^\/api2\/client-sso-link\/[^/]+\/$/.test(pathOf(req)) && res.status === 404
        ? ok({ status: 'waiting' })
        : res,
  },
  {
    name: 'wiped-device-no-header',
    breaks: 'a wiped device token is refused with X-Seafile-Wiped: true',
    grep: 'devices: a device login is listed, wiped',
    onResponse: (_req, res) => {
      if (!res.headers.has('x-seafile-wiped')) return res
      const headers = new Headers(res.headers)
      headers.delete('x-seafile-wiped')
      return { ...res, headers }
    },
  },
  {
    name: 'devices-list-empty',
    breaks: 'a device login is listed in GET /api2/devices/',
    grep: 'devices: a device login is listed, wiped',
    onResponse: mapJson('GET', /^\/api2\/devices\/$/, () => []),
  },
  {
    name: 'device-unlink-dropped',
    breaks: 'unlinking a device deletes its token',
    grep: 'devices: a plain unlink',
    onRequest: (req) =>
      req.method === 'DELETE' && pathOf(req) === '/api2/devices/' ? ok({ success: true }) : undefined,
  },
  {
    name: 'device-unlink-without-platform',
    breaks: 'unlinking a device without platform is 400 platform invalid.',
    grep: 'devices: unlinking without platform',
    onResponse: letThrough('DELETE', /^\/api2\/devices\/$/, 400, { success: true }),
  },
  {
    name: 'device-wiped-accepts-unmarked',
    breaks: 'device-wiped refuses a device that was not marked to be wiped',
    grep: 'devices: a device login is listed, wiped',
    onResponse: (req, res) =>
      pathOf(req) === '/api2/device-wiped/' && textOf(res.body).includes('invalid device token')
        ? ok({})
        : res,
  },
  {
    name: 'repo-tokens-lists-missing',
    breaks: 'repo-tokens leaves out libraries that do not exist',
    grep: 'repo-tokens: a sync token per readable',
    onResponse: mapJson('GET', /^\/api2\/repo-tokens\/$/, (b) => ({
      ...(b as object),
      '00000000-0000-4000-8000-000000000000': 'f'.repeat(40),
    })),
  },
  {
    name: 'repo-tokens-bad-ids-ok',
    breaks: 'repo-tokens without ids or with a malformed id is 400',
    grep: 'repo-tokens: no ids',
    onResponse: letThrough('GET', /^\/api2\/repo-tokens\/$/, 400, {}),
  },
]

const repoApiTokens: Variant[] = [
  {
    name: 'repo-api-token-duplicate-ok',
    breaks: 'a second token of the same app is 400 … already exists.',
    grep: 'the owner makes, lists, changes and deletes a token',
    onResponse: (req, res) =>
      req.method === 'POST' &&
      TOKENS.test(pathOf(req)) &&
      res.status === 400 &&
      textOf(res.body).includes('exists')
        ? ok({
            repo_id: '',
            app_name: 'sc-app',
            generated_by: '',
            permission: 'rw',
            api_token: 'f'.repeat(40),
          })
        : res,
  },
  {
    name: 'repo-api-token-delete-dropped',
    breaks: 'a deleted library API token stops working',
    grep: 'the owner makes, lists, changes and deletes a token',
    onRequest: (req) =>
      req.method === 'DELETE' && TOKENS.test(pathOf(req)) ? ok({ success: true }) : undefined,
  },
  {
    name: 'repo-api-token-others-allowed',
    breaks: "another user may not list a library's tokens (403)",
    grep: "another user may not see or make a library's tokens",
    onResponse: letThrough('GET', TOKENS, 403, { repo_api_tokens: [] }),
  },
  {
    name: 'via-repo-read-only-writes',
    breaks: 'a read-only library token may not make folders (403 Permission denied.)',
    grep: 'a read-only token reads but may not write',
    onResponse: letThrough('POST', /^\/api\/v2\.1\/via-repo-token\/dir\/$/, 403, { success: true }),
  },
  {
    name: 'via-repo-user-perm-rw',
    breaks: "the listing's user_perm is the token's permission",
    grep: 'a read-only token reads but may not write',
    onResponse: mapJson('GET', /^\/api\/v2\.1\/via-repo-token\/dir\/$/, (b) => ({
      ...(b as object),
      user_perm: 'rw',
    })),
  },
  {
    name: 'via-repo-account-token-accepted',
    breaks: 'an account token is refused on via-repo-token (401 Token inactive or deleted)',
    grep: 'tokens do not cross',
    onResponse: (req, res) =>
      VIA.test(pathOf(req)) && res.status === 401
        ? ok({ repo_id: '', repo_name: '', size: 0, file_count: 0, last_modified: '' })
        : res,
  },
  {
    name: 'via-repo-mkdir-dropped',
    breaks: 'a folder made with a library token is in the library',
    grep: 'a read-write token browses',
    onRequest: (req) =>
      req.method === 'POST' &&
      pathOf(req) === '/api/v2.1/via-repo-token/dir/' &&
      textOf(req.body).includes('mkdir')
        ? ok({
            type: 'dir',
            repo_id: '',
            parent_dir: '/',
            obj_name: 'docs',
            obj_id: '0'.repeat(40),
            mtime: '',
          })
        : undefined,
  },
  {
    name: 'via-repo-revert-dropped',
    breaks: 'a revert with a library token brings the file back',
    grep: 'a token brings back a deleted file and folder',
    onRequest: (req) =>
      req.method === 'POST' && VIA.test(pathOf(req)) && textOf(req.body).includes('revert')
        ? ok({ success: true })
        : undefined,
  },
  {
    name: 'via-repo-folder-message',
    breaks: "a missing folder is 404 'Folder <path>/ not found.' (normalised path)",
    grep: 'via-repo-token argument errors',
    onResponse: (req, res) =>
      VIA.test(pathOf(req)) && res.status === 404 && textOf(res.body).includes('Folder /nope/')
        ? { ...res, body: bodyOf(JSON.stringify({ error_msg: 'Folder not found.' })) }
        : res,
  },
  {
    name: 'via-repo-delete-missing-404',
    breaks: 'deleting a missing file with a library token is {"success": true}',
    grep: 'via-repo-token argument errors',
    onResponse: (req, res) =>
      req.method === 'DELETE' &&
      pathOf(req) === '/api/v2.1/via-repo-token/file/' &&
      !textOf(res.body).includes('commit_id')
        ? ok({ error_msg: 'File not found' }, 404)
        : res,
  },
]

const libraryExtras: Variant[] = [
  {
    name: 'set-password-v21-wrong-ok',
    breaks: 'a wrong library password is 400 Wrong password (v2.1)',
    grep: 'set-password \\(v2.1\\): wrong password',
    onResponse: letThrough('POST', new RegExp(`^/api/v2\\.1/repos/${UUID}/set-password/$`), 400, {
      success: true,
    }),
  },
  {
    name: 'set-password-v21-unencrypted-ok',
    breaks: 'set-password on an unencrypted library is 400',
    grep: 'set-password \\(v2.1\\): no password',
    onResponse: letThrough('POST', new RegExp(`^/api/v2\\.1/repos/${UUID}/set-password/$`), 400, {
      success: true,
    }),
  },
  {
    name: 'related-users-no-owner',
    breaks: "related-users lists the library's owner",
    grep: 'related-users: the owner',
    onResponse: mapJson('GET', new RegExp(`^/api/v2\\.1/repos/${UUID}/related-users/$`), (b) => ({
      user_list: (b as { user_list: unknown[] }).user_list.slice(1),
    })),
  },
  {
    name: 'groups-v21-no-admins',
    breaks: "the v2.1 group list names the group's admins",
    grep: 'groups \\(v2.1\\): a new group',
    onResponse: mapJson('GET', /^\/api\/v2\.1\/groups\/$/, (b) =>
      (b as Record<string, unknown>[]).map((g) => ({ ...g, admins: [] })),
    ),
  },
  {
    name: 'groups-v21-with-repos-ignored',
    breaks: "with_repos=1 adds each group's libraries",
    grep: 'groups \\(v2.1\\): a new group',
    onResponse: mapJson('GET', /^\/api\/v2\.1\/groups\/$/, (b) =>
      (b as Record<string, unknown>[]).map(({ repos: _r, ...g }) => g),
    ),
  },
  {
    name: 'group-library-delete-dropped',
    breaks: 'removing a group library unshares it',
    grep: 'removing a group library',
    onRequest: (req) =>
      req.method === 'DELETE' && GROUP_LIB.test(pathOf(req)) && req.headers.has('authorization')
        ? ok({ success: true })
        : undefined,
  },
  {
    name: 'group-library-member-may-delete',
    breaks: 'a plain group member may not remove a group library (403)',
    grep: 'removing a group library',
    onResponse: letThrough('DELETE', GROUP_LIB, 403, { success: true }),
  },
  {
    name: 'custom-share-permission-invented',
    breaks: 'an unknown custom share permission is 404',
    grep: 'custom share permissions',
    onResponse: letThrough('GET', /\/custom-share-permissions\/\d+\/$/, 404, {
      permission: { id: 1, name: 'x', description: '', permission: {} },
    }),
  },
]

export const CLIENTS_BOOTSTRAP_VARIANTS: Variant[] = [...bootstrap, ...repoApiTokens, ...libraryExtras]
