/**
 * File locks (Pro: seafile_api.lock_file / check_file_lock), persisted. Community Edition has no locks and
 * answers an HTML 500; the mock behaves as Pro.
 */
import type { MetaStore } from '../store/MetaStore.ts'

export const LOCKS = 'locks'

export interface LockRecord {
  repoId: string
  path: string
  owner: string
  /** Seconds; 0 = never expires. */
  expire: number
  created: number
}

const key = (repoId: string, path: string) => `${repoId}\0${path}`

export class Locks {
  constructor(readonly meta: MetaStore) {}

  async get(repoId: string, path: string): Promise<LockRecord | undefined> {
    const lock = await this.meta.get<LockRecord>(LOCKS, key(repoId, path))
    if (lock && lock.expire > 0 && lock.expire <= Date.now() / 1000) return undefined
    return lock
  }

  lock(record: LockRecord): Promise<void> {
    return this.meta.put(LOCKS, key(record.repoId, record.path), record)
  }

  unlock(repoId: string, path: string): Promise<void> {
    return this.meta.delete(LOCKS, key(repoId, path))
  }
}
