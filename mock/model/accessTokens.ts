/**
 * Web access tokens for the file server (server/web-accesstoken-mgr.c): a 36-character UUID naming
 * (repo, op, obj_id, user), valid for a fixed time from creation (`web_token_expire_time`, default 3600 s),
 * never refreshed. A one-time token is deleted by its first successful query. Like the C daemon, the table
 * lives in memory only: tokens do not survive a restart.
 */
import { randomUUID } from 'node:crypto'

/** `upload`, `update`, `upload-blks-api`, `download`, `download-link`, `view`, `downloadblks`, `download-dir`… */
export type AccessOp = string

export interface AccessToken {
  token: string
  repoId: string
  op: AccessOp
  /** JSON `{"parent_dir": …}` for uploads, a file id for downloads, `dummy` for updates. */
  objId: string
  user: string
  /** Milliseconds since the epoch. */
  expiresAt: number
  oneTime: boolean
}

export class AccessTokens {
  readonly #tokens = new Map<string, AccessToken>()

  constructor(
    /** Lifetime in seconds. */
    readonly ttl: number,
    readonly now: () => number = Date.now,
  ) {}

  create(input: Omit<AccessToken, 'token' | 'expiresAt'>): AccessToken {
    this.#sweep()
    const record: AccessToken = { ...input, token: randomUUID(), expiresAt: this.now() + this.ttl * 1000 }
    this.#tokens.set(record.token, record)
    return record
  }

  /**
   * seaf_web_at_manager_query_access_token: the live record, or `undefined` if unknown or expired; a
   * one-time token is consumed unless `peek`.
   */
  query(token: string, { peek = false } = {}): AccessToken | undefined {
    const record = this.#tokens.get(token)
    if (!record) return undefined
    if (record.expiresAt <= this.now()) {
      this.#tokens.delete(token)
      return undefined
    }
    if (record.oneTime && !peek) this.#tokens.delete(token)
    return record
  }

  /** Drops every token of a repo (deleting a library). */
  revokeRepo(repoId: string): void {
    for (const [token, record] of this.#tokens) if (record.repoId === repoId) this.#tokens.delete(token)
  }

  #sweep(): void {
    if (this.#tokens.size < 10_000) return
    const now = this.now()
    for (const [token, record] of this.#tokens) if (record.expiresAt <= now) this.#tokens.delete(token)
  }
}
