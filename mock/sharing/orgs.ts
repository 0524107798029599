/**
 * Organizations of a multi-tenancy server (ccnet's Organization and OrgUser tables): a name, a unique URL
 * prefix, the creator (its first member and staff), a quota in bytes and a member limit.
 */
import type { MetaStore } from '../store/MetaStore.ts'
import { nextId } from './groups.ts'

const ORGS = 'orgs'

export interface OrgRecord {
  id: number
  name: string
  prefix: string
  creator: string
  /** Seconds. */
  ctime: number
  quota: number
  memberLimit: number
  members: string[]
}

export class Orgs {
  constructor(readonly meta: MetaStore) {}

  async list(): Promise<OrgRecord[]> {
    return (await this.meta.list<OrgRecord>(ORGS)).map(([, o]) => o)
  }

  async byPrefix(prefix: string): Promise<OrgRecord | undefined> {
    return (await this.list()).find((o) => o.prefix === prefix)
  }

  /** ccnet get_orgs_by_user: the first organization the user belongs to. */
  async ofUser(email: string): Promise<OrgRecord | undefined> {
    return (await this.list()).find((o) => o.members.includes(email))
  }

  async create(input: Omit<OrgRecord, 'id' | 'ctime' | 'members'>): Promise<OrgRecord> {
    const org: OrgRecord = {
      id: await nextId(this.meta, 'org'),
      ...input,
      ctime: Math.floor(Date.now() / 1000),
      members: [input.creator],
    }
    await this.meta.put(ORGS, String(org.id), org)
    return org
  }
}
