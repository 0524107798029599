/**
 * Library API tokens (seahub/repo_api_tokens/models.py::RepoAPITokens): one per (library, app name), 40 hex
 * (`hmac(uuid4, sha1)`), `r` or `rw`, made by the owner (or a group library's admin). A token acts on its
 * one library through `/api/v2.1/via-repo-token/*` (`Authorization: Token <key>`), never as a user.
 */
import { createHash, randomUUID } from 'node:crypto'
import type { MetaStore } from '../store/MetaStore.ts'

const REPO_API_TOKENS = 'repoApiTokens'

export type RepoApiPermission = 'r' | 'rw'

export interface RepoApiTokenRecord {
  token: string
  repoId: string
  appName: string
  generatedBy: string
  permission: RepoApiPermission
  /** Milliseconds. */
  generatedAt: number
}

export class RepoApiTokens {
  constructor(readonly meta: MetaStore) {}

  get(token: string): Promise<RepoApiTokenRecord | undefined> {
    return this.meta.get<RepoApiTokenRecord>(REPO_API_TOKENS, token)
  }

  /** The library's tokens, newest first (`order_by('-generated_at')`). */
  async ofRepo(repoId: string): Promise<RepoApiTokenRecord[]> {
    const all = (await this.meta.list<RepoApiTokenRecord>(REPO_API_TOKENS)).map(([, t]) => t)
    return all.filter((t) => t.repoId === repoId).reverse()
  }

  async byApp(repoId: string, appName: string): Promise<RepoApiTokenRecord | undefined> {
    return (await this.ofRepo(repoId)).find((t) => t.appName === appName)
  }

  async create(input: Omit<RepoApiTokenRecord, 'token' | 'generatedAt'>): Promise<RepoApiTokenRecord> {
    const token = createHash('sha1').update(randomUUID()).digest('hex')
    const record: RepoApiTokenRecord = { ...input, token, generatedAt: Date.now() }
    await this.meta.put(REPO_API_TOKENS, token, record)
    return record
  }

  save(record: RepoApiTokenRecord): Promise<void> {
    return this.meta.put(REPO_API_TOKENS, record.token, record)
  }

  delete(token: string): Promise<void> {
    return this.meta.delete(REPO_API_TOKENS, token)
  }
}

const bySeafile = new WeakMap<object, RepoApiTokens>()

/** One store per core (per namespace), on its MetaStore. */
export function repoApiTokensOf(seaf: { meta: MetaStore }): RepoApiTokens {
  let found = bySeafile.get(seaf)
  if (!found) {
    found = new RepoApiTokens(seaf.meta)
    bySeafile.set(seaf, found)
  }
  return found
}
