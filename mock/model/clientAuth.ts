/**
 * The desktop client's and SeaDrive's bootstrap tokens, persisted in the MetaStore like seahub's tables:
 * - ClientLoginToken (seahub/base/models.py): 32 hex (`gen_token(32)`), one use, valid 30 s, opens a web
 *   session through `GET /client-login/?token=`;
 * - ClientSSOToken: 60 hex (`gen_token(30) + gen_token(30)`), `waiting` until the browser login completes it
 *   (`success` with the user and an API token) or fails (`error`); the client polls its status.
 */
import { randomUUID } from 'node:crypto'
import type { MetaStore } from '../store/MetaStore.ts'

const LOGIN_TOKENS = 'clientLoginTokens'
const SSO_TOKENS = 'clientSsoTokens'

/** base/models.py::_CLIENT_LOGIN_TOKEN_EXPIRATION_SECONDS. */
export const CLIENT_LOGIN_TTL_S = 30
/** settings.py::CLIENT_SSO_TOKEN_EXPIRATION (5 minutes from the browser's first visit). */
export const CLIENT_SSO_TTL_S = 5 * 60

/** seahub.utils.gen_token: the first `length` hex digits of a uuid4. */
const genToken = (length: number) => randomUUID().replaceAll('-', '').slice(0, length)

interface LoginTokenRecord {
  username: string
  /** Milliseconds. */
  created: number
}

export type SsoStatus = 'waiting' | 'success' | 'error'

export interface SsoTokenRecord {
  status: SsoStatus
  username?: string
  apiKey?: string
  /** Milliseconds; set when the browser opened the link (or the mock approved it). */
  accessedAt?: number
}

export class ClientAuth {
  constructor(
    readonly meta: MetaStore,
    readonly now: () => number = Date.now,
  ) {}

  async createLoginToken(username: string): Promise<string> {
    const token = genToken(32)
    await this.meta.put(LOGIN_TOKENS, token, { username, created: this.now() } satisfies LoginTokenRecord)
    return token
  }

  /** ClientLoginTokenManager.get_username: deletes the token, then its user if it was still fresh. */
  async useLoginToken(token: string): Promise<string | undefined> {
    const record = await this.meta.get<LoginTokenRecord>(LOGIN_TOKENS, token)
    if (!record) return undefined
    await this.meta.delete(LOGIN_TOKENS, token)
    return this.now() - record.created <= CLIENT_LOGIN_TTL_S * 1000 ? record.username : undefined
  }

  async createSsoToken(): Promise<string> {
    const token = genToken(30) + genToken(30)
    await this.meta.put(SSO_TOKENS, token, { status: 'waiting' } satisfies SsoTokenRecord)
    return token
  }

  getSsoToken(token: string): Promise<SsoTokenRecord | undefined> {
    return this.meta.get<SsoTokenRecord>(SSO_TOKENS, token)
  }

  /** What the browser side ends with: `success` for a user and their API token, or `error`. */
  async completeSso(
    token: string,
    outcome: { username: string; apiKey: string } | 'error',
  ): Promise<boolean> {
    const record = await this.getSsoToken(token)
    if (!record) return false
    const accessedAt = record.accessedAt ?? this.now()
    const next: SsoTokenRecord =
      outcome === 'error'
        ? { status: 'error', accessedAt }
        : { status: 'success', accessedAt, username: outcome.username, apiKey: outcome.apiKey }
    await this.meta.put(SSO_TOKENS, token, next)
    return true
  }
}

const bySeafile = new WeakMap<object, ClientAuth>()

/** One ClientAuth per core (per namespace), on its MetaStore. */
export function clientAuthOf(seaf: { meta: MetaStore }): ClientAuth {
  let found = bySeafile.get(seaf)
  if (!found) {
    found = new ClientAuth(seaf.meta)
    bySeafile.set(seaf, found)
  }
  return found
}
