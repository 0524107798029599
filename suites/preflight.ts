/**
 * Checks before a run that the target answers like Seafile and the accounts can log in, so a wrong URL
 * or password gives one clear line instead of a hundred failed tests.
 */
import type { Config } from './config.ts'

export class PreflightError extends Error {
  override name = 'PreflightError'
}

const TIMEOUT_MS = 60_000

async function call(url: string, init: RequestInit = {}): Promise<Response> {
  try {
    return await fetch(url, { ...init, signal: AbortSignal.timeout(TIMEOUT_MS), redirect: 'manual' })
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause
    const why = cause?.code ?? cause?.message ?? (err as Error).message
    throw new PreflightError(`cannot reach ${new URL(url).origin}: ${why}`)
  }
}

async function login(target: string, username: string, password: string, flags: string): Promise<void> {
  const res = await call(`${target}/api2/auth-token/`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams({ username, password }),
  })
  if (res.status === 200) return
  const body = (await res.text()).slice(0, 200)
  if (res.status === 400) throw new PreflightError(`wrong credentials for ${username} (${flags}): ${body}`)
  if (res.status === 429)
    throw new PreflightError(`the server throttles logins (429): ${body}; wait a minute`)
  throw new PreflightError(`logging in as ${username} answered ${res.status}: ${body}`)
}

/** Resolves when the target looks like Seafile and every configured account can log in. */
export async function preflight(config: Config): Promise<void> {
  const target = config.target!
  const ping = await call(`${target}/api2/ping/`, { headers: { accept: 'application/json' } })
  const text = await ping.text()
  // Only a target that is plainly not Seafile stops the run; a ping with the wrong status is for the suite.
  if (!text.includes('pong'))
    throw new PreflightError(
      `${target}: not a Seafile server: GET /api2/ping/ answered ${ping.status} ${(ping.headers.get('content-type') ?? '').split(';')[0]}`,
    )
  if (config.token) {
    const res = await call(`${target}/api2/auth/ping/`, {
      headers: { authorization: `Token ${config.token}` },
    })
    if (res.status !== 200) throw new PreflightError(`the token (--token) was refused: ${res.status}`)
  } else if (!config.user || config.password === undefined) {
    throw new PreflightError(
      'no credentials: pass --user and --password (or --token), or set SEAFILE_USER/SEAFILE_PASSWORD',
    )
  } else await login(target, config.user, config.password, '--user/--password')
  if (config.user2 && config.password2 !== undefined)
    await login(target, config.user2, config.password2, '--user2/--password2')
  if (config.adminUser && config.adminPassword !== undefined)
    await login(target, config.adminUser, config.adminPassword, '--admin-user/--admin-password')
}
