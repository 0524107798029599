/**
 * `POST /__mock__/client-sso/<token>`: what the user's browser does on the real server (log in through SSO,
 * confirm on `/client-sso/<token>/complete/`), so a client polling `GET /api2/client-sso-link/<token>/` sees
 * `success`. Body (JSON): `{"username": "...", "status": "success" | "error"}`, plus optionally the device
 * fields of `auth-token` (`platform`, `device_id`, `device_name`, `client_version`, `platform_version`) for a
 * device token, as the `shib_*` parameters give on the real server.
 */
import { clientAuthOf } from '../model/clientAuth.ts'
import type { Seafile } from '../model/seafile.ts'

export const CLIENT_SSO_PREFIX = '/__mock__/client-sso/'

const json = (body: unknown, status = 200) =>
  new Response(`${JSON.stringify(body, null, 2)}\n`, {
    status,
    headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' },
  })

const str = (v: unknown): string => (typeof v === 'string' ? v : '')

export async function approveClientSso(req: Request, pathname: string, seaf: Seafile): Promise<Response> {
  if (req.method !== 'POST') return json({ error: 'use POST' }, 405)
  const token = pathname.slice(CLIENT_SSO_PREFIX.length).replace(/\/+$/, '')
  let body: Record<string, unknown>
  try {
    body = (JSON.parse((await req.text()) || '{}') ?? {}) as Record<string, unknown>
  } catch {
    return json({ error: 'the body must be JSON' }, 400)
  }
  const auth = clientAuthOf(seaf)
  if (!(await auth.getSsoToken(token))) return json({ error: `no client SSO token ${token}` }, 404)
  if (body.status === 'error') {
    await auth.completeSso(token, 'error')
    return json({ token, status: 'error' })
  }
  const username = str(body.username)
  if (!(await seaf.users.get(username))) return json({ error: `no user ${JSON.stringify(username)}` }, 400)
  const platform = str(body.platform)
  const device = platform
    ? {
        platform,
        deviceId: str(body.device_id),
        deviceName: str(body.device_name),
        clientVersion: str(body.client_version),
        platformVersion: str(body.platform_version),
      }
    : undefined
  const apiKey = await seaf.users.issueToken(username, device)
  await auth.completeSso(token, { username, apiKey })
  return json({ token, status: 'success', username })
}
