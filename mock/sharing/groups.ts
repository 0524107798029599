/**
 * Groups (ccnet's Group and GroupUser tables): a numeric id, a name unique on the server (seahub checks
 * every personal group outside cloud mode), the creator, and members with a staff (admin) flag. The creator
 * is the first member and staff (ccnet group-mgr.c::create_group).
 */
import type { MetaStore } from '../store/MetaStore.ts'

export const GROUPS = 'groups'
const COUNTERS = 'sharing-counters'

export interface GroupMember {
  email: string
  isStaff: boolean
}

export interface GroupRecord {
  id: number
  name: string
  creator: string
  /** ccnet's `timestamp`: microseconds since the epoch. */
  ctime: number
  members: GroupMember[]
}

/** seahub/group/utils.py::validate_group_name: letters, digits, blank, `'`, `.`, `-`, `_`, brackets; ≤ 255. */
export const isValidGroupName = (name: string): boolean =>
  name.length > 0 && name.length <= 255 && /^[\p{L}\p{N}_\s'.()-]+$/u.test(name)

/** The next value of a named counter (ids are never reused, like auto-increment columns). */
export async function nextId(meta: MetaStore, name: string): Promise<number> {
  const next = ((await meta.get<number>(COUNTERS, name)) ?? 0) + 1
  await meta.put(COUNTERS, name, next)
  return next
}

export class Groups {
  constructor(readonly meta: MetaStore) {}

  get(id: number): Promise<GroupRecord | undefined> {
    return this.meta.get<GroupRecord>(GROUPS, String(id))
  }

  async list(): Promise<GroupRecord[]> {
    return (await this.meta.list<GroupRecord>(GROUPS)).map(([, g]) => g).sort((a, b) => a.id - b.id)
  }

  /** ccnet get_groups(email): the groups the user belongs to. */
  async ofUser(email: string): Promise<GroupRecord[]> {
    return (await this.list()).filter((g) => isMember(g, email))
  }

  async byName(name: string): Promise<GroupRecord | undefined> {
    return (await this.list()).find((g) => g.name === name)
  }

  async create(name: string, creator: string): Promise<GroupRecord> {
    const group: GroupRecord = {
      id: await nextId(this.meta, 'group'),
      name,
      creator,
      ctime: Date.now() * 1000,
      members: [{ email: creator, isStaff: true }],
    }
    await this.save(group)
    return group
  }

  save(group: GroupRecord): Promise<void> {
    return this.meta.put(GROUPS, String(group.id), group)
  }

  delete(id: number): Promise<void> {
    return this.meta.delete(GROUPS, String(id))
  }
}

export const isMember = (group: GroupRecord, email: string): boolean =>
  group.members.some((m) => m.email === email)

/** seaserv.check_group_staff: the member's staff flag (the creator is staff). */
export const isStaff = (group: GroupRecord, email: string): boolean =>
  group.members.some((m) => m.email === email && m.isStaff)
