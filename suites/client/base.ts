/**
 * The base of the typed Seafile client: the checked HTTP context, the capability guard and the account
 * operations (ping, tokens, server and account info). Library and file helpers build on it.
 */

import type { APIResponse } from '@playwright/test'
import type { Capability } from '../state.ts'
import type { Http, RequestOptions } from './http.ts'
import type { Schemas } from './schemas.ts'

/** Runs a step that provides a capability: skips when it already failed, records it when it fails now. */
export type Guard = <T>(capability: Capability, step: () => Promise<T>) => Promise<T>
const unguarded: Guard = (_capability, step) => step()

export class UnexpectedResponse extends Error {
  override name = 'UnexpectedResponse'
}

/** The body text shortened for an error message. */
export async function excerpt(res: APIResponse): Promise<string> {
  const text = (await res.body()).toString('utf8')
  return text.length > 200 ? `${text.slice(0, 200)}…` : text
}

/** Fails with what was being done, the status and the body unless the status is one of `expected`. */
export async function ensureStatus(
  res: APIResponse,
  expected: number | number[],
  what: string,
): Promise<void> {
  const allowed = Array.isArray(expected) ? expected : [expected]
  if (allowed.includes(res.status())) return
  throw new UnexpectedResponse(
    `${what}: expected ${allowed.join(' or ')}, got ${res.status()} ${await excerpt(res)} (${res.url()})`,
  )
}

export type ServerInfo = Schemas['AuthServerInfo']

export type AccountInfo = Schemas['AccountInfo']

export class BaseClient {
  constructor(
    readonly http: Http,
    protected readonly guard: Guard = unguarded,
  ) {}

  get token(): string | undefined {
    return this.http.token
  }

  /** A raw request through the checked context (for tests about statuses and error bodies). */
  request(method: Parameters<Http['fetch']>[0], url: string, options?: RequestOptions): Promise<APIResponse> {
    return this.http.fetch(method, url, options)
  }

  async ping(): Promise<APIResponse> {
    return this.http.get('/api2/ping/')
  }

  async authPing(): Promise<APIResponse> {
    return this.http.get('/api2/auth/ping/')
  }

  /** POST /api2/auth-token/ with form fields; the raw answer. */
  async requestToken(username: string, password: string): Promise<APIResponse> {
    return this.http.post('/api2/auth-token/', { form: { username, password }, anonymous: true })
  }

  /** A token for the account, or a failure saying why not. */
  async authToken(username: string, password: string): Promise<string> {
    return this.guard('login', async () => {
      const res = await this.requestToken(username, password)
      await ensureStatus(res, 200, `log in as ${username}`)
      const { token } = (await res.json()) as { token: string }
      return token
    })
  }

  async serverInfo(): Promise<ServerInfo> {
    const res = await this.http.get('/api2/server-info/')
    await ensureStatus(res, 200, 'server info')
    return (await res.json()) as ServerInfo
  }

  async accountInfo(): Promise<AccountInfo> {
    const res = await this.http.get('/api2/account/info/')
    await ensureStatus(res, 200, 'account info')
    return (await res.json()) as AccountInfo
  }
}
