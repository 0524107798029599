/** Starred files and folders per user (seahub's UserStarredFiles table), persisted in the MetaStore. */
import type { MetaStore } from '../store/MetaStore.ts'

export const STARRED = 'starred'

export interface StarredRecord {
  email: string
  repoId: string
  path: string
  isDir: boolean
  /** Seconds. */
  created: number
}

const key = (email: string, repoId: string, path: string) => `${email}\0${repoId}\0${path}`

export class Starred {
  constructor(readonly meta: MetaStore) {}

  async star(record: StarredRecord): Promise<void> {
    if (!(await this.meta.get(STARRED, key(record.email, record.repoId, record.path))))
      await this.meta.put(STARRED, key(record.email, record.repoId, record.path), record)
  }

  unstar(email: string, repoId: string, path: string): Promise<void> {
    return this.meta.delete(STARRED, key(email, repoId, path))
  }

  async list(email: string): Promise<StarredRecord[]> {
    return (await this.meta.list<StarredRecord>(STARRED)).map(([, r]) => r).filter((r) => r.email === email)
  }

  /** The starred paths of one user in one repo. */
  async pathsIn(email: string, repoId: string): Promise<Set<string>> {
    return new Set((await this.list(email)).filter((r) => r.repoId === repoId).map((r) => r.path))
  }
}
