/**
 * What the desktop client, SeaDrive and the mobile apps call around login (seahub/api2/views_auth.py,
 * endpoints/sso/client_sso_link.py, views.py::DevicesView, RemoteWipeReportView, RepoTokensView): one-time
 * web login tokens, the SSO link and its status, the user's devices (their v2 tokens), remote wipe, and the
 * sync tokens of several libraries at once.
 */
import { randomBytes } from 'node:crypto'
import { ERRORS, fail, seahubError } from '../errors.ts'
import { field, pathParam, queryParam, readForm } from '../http/form.ts'
import { drfResponse, pyJsonResponse } from '../http/responses.ts'
import { CLIENT_SSO_TTL_S, clientAuthOf } from '../model/clientAuth.ts'
import { TOKENS, type TokenRecord } from '../model/users.ts'
import { isoTime } from '../views/format.ts'
import type { RouteContext } from './types.ts'

/** api2/models.py::DESKTOP_PLATFORMS; get_user_devices lists them before the mobile ones. */
const DESKTOP_PLATFORMS = ['windows', 'linux', 'mac']
const MOBILE_PLATFORMS = ['ios', 'android']
const priority = (platform: string) =>
  DESKTOP_PLATFORMS.includes(platform) ? 0 : MOBILE_PLATFORMS.includes(platform) ? 1 : 2

/** views.py::_REPO_ID_PATTERN, used with `re.match` (anchored at the start only). */
const REPO_ID_PREFIX = /^[-0-9a-f]{36}/

/** TokenV2.as_dict as DevicesView.get sends it (`last_accessed` as ISO text, `is_desktop_client`). */
function deviceJson(key: string, t: TokenRecord & { device: NonNullable<TokenRecord['device']> }) {
  return {
    key,
    user: t.email,
    platform: t.device.platform,
    device_id: t.device.deviceId,
    device_name: t.device.deviceName,
    client_version: t.device.clientVersion,
    platform_version: t.device.platformVersion,
    last_accessed: isoTime(t.created),
    last_login_ip: null,
    wiped_at: null,
    is_desktop_client: DESKTOP_PLATFORMS.includes(t.device.platform),
  }
}

export function clientBootstrapRoutes({ routes, app, seaf }: RouteContext): void {
  const auth = clientAuthOf(seaf)

  // ClientLoginTokenView.post: a 32-hex token the client opens as /client-login/?token=… within 30 s; `{}`
  // for a user with two-factor authentication on (a TOTP secret, the seed's `totpSecret`).
  routes.post('/api2/client-login/', async (c) => {
    const user = c.get('user') as { email: string; totpSecret?: string }
    if (user.totpSecret) return pyJsonResponse({})
    return pyJsonResponse({ token: await auth.createLoginToken(user.email) })
  })

  // views/__init__.py::client_token_login: a fresh token logs the browser in (a session cookie); any token,
  // used or not, redirects to `next` (default the libraries page).
  app.get('/client-login/', async (c) => {
    const token = c.req.query('token') ?? ''
    const user = token.length === 32 ? await auth.useLoginToken(token) : undefined
    const headers = new Headers({ Location: c.req.query('next') ?? '/libraries/' })
    if (user)
      headers.set(
        'Set-Cookie',
        `sessionid=${randomBytes(16).toString('hex')}; HttpOnly; Path=/; SameSite=Lax`,
      )
    return new Response(null, { status: 302, headers })
  })

  // ClientSSOLink.post (no authentication): the link the client opens in the local browser.
  routes.post(
    '/api2/client-sso-link/',
    async (c) =>
      drfResponse({ link: `${seaf.linkBase(c.req.url)}/client-sso/${await auth.createSsoToken()}/` }),
    { auth: false },
  )

  // ClientSSOLink.get: `waiting`/`error`, or `success` with the user and the API token (then 5 minutes).
  routes.get(
    '/api2/client-sso-link/:token/',
    async (c) => {
      const t = await auth.getSsoToken(pathParam(c, 'token'))
      if (!t) fail(ERRORS.DRF_NOT_FOUND)
      if (t.status !== 'success') return drfResponse({ status: t.status })
      if (!t.accessedAt || Date.now() - t.accessedAt >= CLIENT_SSO_TTL_S * 1000)
        return drfResponse({ status: 'error' })
      return drfResponse({ status: 'success', username: t.username, apiToken: t.apiKey })
    },
    { auth: false },
  )

  // RemoteWipeReportView.post (no authentication): the wiped device confirms; its token goes.
  routes.post(
    '/api2/device-wiped/',
    async (c) => {
      const token = field(await readForm(c), 'token') ?? ''
      if (token.length !== 40) fail(seahubError(400, 'token invalid.'))
      const record = await seaf.meta.get<TokenRecord>(TOKENS, token)
      if (!record?.device) fail(seahubError(404, `token ${token} not found.`))
      if (record.wipedAt === undefined) fail(seahubError(400, 'invalid device token'))
      await seaf.meta.delete(TOKENS, token)
      return pyJsonResponse({})
    },
    { auth: false, selfChecked: ['token'] },
  )

  routes.get('/api2/devices/', async (c) => {
    const email = c.get('user').email
    const mine = (await seaf.meta.list<TokenRecord>(TOKENS)).filter(
      (e): e is [string, TokenRecord & { device: NonNullable<TokenRecord['device']> }] =>
        e[1].email === email && e[1].device !== undefined && e[1].wipedAt === undefined,
    )
    mine.sort(
      ([, a], [, b]) => priority(a.device.platform) - priority(b.device.platform) || b.created - a.created,
    )
    return drfResponse(mine.map(([key, t]) => deviceJson(key, t)))
  })

  // DevicesView.delete → do_unlink_device: the device's token goes, or with wipe_device=true is marked.
  routes.delete(
    '/api2/devices/',
    async (c) => {
      const form = await readForm(c)
      const platform = field(form, 'platform') ?? ''
      const deviceId = field(form, 'device_id') ?? ''
      if (!platform) fail(seahubError(400, 'platform invalid.'))
      if (!deviceId) fail(seahubError(400, 'device_id invalid.'))
      const wipe = field(form, 'wipe_device') === 'true'
      const email = c.get('user').email
      for (const [key, t] of await seaf.meta.list<TokenRecord>(TOKENS)) {
        if (t.email !== email || t.device?.platform !== platform || t.device.deviceId !== deviceId) continue
        if (wipe) await seaf.meta.put(TOKENS, key, { ...t, wipedAt: Math.floor(Date.now() / 1000) })
        else await seaf.meta.delete(TOKENS, key)
      }
      return drfResponse({ success: true })
    },
    { selfChecked: ['platform', 'device_id', 'wipe_device'] },
  )

  // RepoTokensView.get: a sync token per readable library of `repos=id,id`; others are left out.
  routes.get(
    '/api2/repo-tokens/',
    async (c) => {
      const ids = (queryParam(c, 'repos') ?? '').split(',').filter(Boolean)
      if (ids.length === 0) fail(seahubError(400, 'You must specify libaries ids'))
      if (ids.some((id) => !REPO_ID_PREFIX.test(id))) fail(seahubError(400, 'Libraries ids are invalid'))
      const email = c.get('user').email
      const tokens: Record<string, string> = {}
      for (const id of ids) {
        const repo = await seaf.repos.get(id)
        if (!repo || !(await seaf.getPermission(email, repo))) continue
        tokens[id] = await seaf.syncTokens.issue(id, email)
      }
      return pyJsonResponse(tokens)
    },
    { selfChecked: ['repos'] },
  )
}
