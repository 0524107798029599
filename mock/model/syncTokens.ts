/**
 * Repo sync tokens (`seafile_api.generate_repo_token`): the `token` of download-info, sent by the desktop
 * client as `Seafile-Repo-Token`. 40 random hex, one per (repo, user), persisted like the real RepoUserToken
 * table.
 */
import { randomBytes } from 'node:crypto'
import type { MetaStore } from '../store/MetaStore.ts'

export const SYNC_TOKENS = 'syncTokens'

export interface SyncTokenRecord {
  repoId: string
  user: string
}

export class SyncTokens {
  constructor(readonly meta: MetaStore) {}

  /** The user's token for the repo, created on first use. */
  async issue(repoId: string, user: string): Promise<string> {
    const existing = (await this.meta.list<SyncTokenRecord>(SYNC_TOKENS)).find(
      ([, t]) => t.repoId === repoId && t.user === user,
    )
    if (existing) return existing[0]
    const token = randomBytes(20).toString('hex')
    await this.meta.put(SYNC_TOKENS, token, { repoId, user } satisfies SyncTokenRecord)
    return token
  }

  grant(token: string): Promise<SyncTokenRecord | undefined> {
    return this.meta.get<SyncTokenRecord>(SYNC_TOKENS, token)
  }

  /** Drops every token of a repo (deleting a library). */
  async revokeRepo(repoId: string): Promise<void> {
    const tokens = (await this.meta.list<SyncTokenRecord>(SYNC_TOKENS)).filter(([, t]) => t.repoId === repoId)
    await this.meta.batch(tokens.map(([key]) => ({ op: 'delete' as const, ns: SYNC_TOKENS, key })))
  }
}
