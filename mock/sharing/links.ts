/**
 * Share links (seahub's FileShare and UploadLinkShare) and the private file shares older seahub kept
 * (PrivateFileDirShare). Tokens are lowercase hex (gen_token, SHARE_LINK_TOKEN_LENGTH = 20); passwords are
 * kept hashed (FileShare.password is make_password(...)).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import type { MetaOp, MetaStore } from '../store/MetaStore.ts'

const DOWNLOAD_LINKS = 'share-links'
const UPLOAD_LINKS = 'upload-links'
const PRIVATE_FILES = 'private-file-shares'

export const TOKEN_LENGTH = 20

/** FileShare.permission (seahub/share/models.py): what a link's visitors may do. */
export type LinkPermission =
  | 'view_download'
  | 'view_only'
  | 'edit_download'
  | 'edit_only'
  | 'view_download_upload'

export interface DownloadLink {
  token: string
  username: string
  repoId: string
  /** Normalised: `/a/b.txt` for a file, `/a/b/` for a folder. */
  path: string
  sType: 'f' | 'd'
  password?: string
  /** The password as given: seahub keeps it AES-encrypted too and the v2.1 views send it back. */
  passwordText?: string
  /** Absent: `view_download` (the api2 view sets no permission). */
  permission?: LinkPermission
  /** Milliseconds since the epoch; absent: never expires. */
  expireAt?: number
  /** Seconds. */
  ctime: number
  viewCnt: number
}

export interface UploadLink {
  token: string
  username: string
  repoId: string
  path: string
  password?: string
  passwordText?: string
  /** Milliseconds since the epoch; absent: never expires (the v2.1 view sets it). */
  expireAt?: number
  ctime: number
  viewCnt: number
}

export interface PrivateFileShare {
  token: string
  from: string
  to: string
  repoId: string
  path: string
  permission: 'r' | 'rw'
}

export const newToken = (length = TOKEN_LENGTH): string =>
  randomBytes(Math.ceil(length / 2))
    .toString('hex')
    .slice(0, length)

export function hashPassword(password: string, salt = randomBytes(8).toString('hex')): string {
  return `${salt}$${createHash('sha256')
    .update(salt + password)
    .digest('hex')}`
}

/** A link's password fields: the hash it is checked against, and the clear text the v2.1 views answer. */
export const linkPassword = (password: string): { password: string; passwordText: string } => ({
  password: hashPassword(password),
  passwordText: password,
})

export function checkPassword(password: string, stored: string): boolean {
  const [salt, digest] = stored.split('$')
  const actual = Buffer.from(hashPassword(password, salt).split('$')[1]!)
  const expected = Buffer.from(digest ?? '')
  return actual.length === expected.length && timingSafeEqual(actual, expected)
}

/** FileShare.is_expired, UploadLinkShare.is_expired. */
export const isExpired = (link: { expireAt?: number }, now = Date.now()): boolean =>
  link.expireAt !== undefined && link.expireAt < now

class Table<T extends { token: string }> {
  constructor(
    readonly meta: MetaStore,
    readonly ns: string,
  ) {}

  get(token: string): Promise<T | undefined> {
    return this.meta.get<T>(this.ns, token)
  }

  async list(filter: (r: T) => boolean = () => true): Promise<T[]> {
    return (await this.meta.list<T>(this.ns)).map(([, r]) => r).filter(filter)
  }

  save(record: T): Promise<void> {
    return this.meta.put(this.ns, record.token, record)
  }

  delete(token: string): Promise<void> {
    return this.meta.delete(this.ns, token)
  }
}

export class Links {
  readonly download: Table<DownloadLink>
  readonly upload: Table<UploadLink>
  readonly privateFiles: Table<PrivateFileShare>

  constructor(readonly meta: MetaStore) {
    this.download = new Table(meta, DOWNLOAD_LINKS)
    this.upload = new Table(meta, UPLOAD_LINKS)
    this.privateFiles = new Table(meta, PRIVATE_FILES)
  }

  /**
   * A deleted library's links go with it (seahub deletes its FileShare and UploadLinkShare rows; a private
   * file share of it could never be opened again either). One batch: all or none after a crash.
   */
  async removeRepos(repoIds: ReadonlySet<string>): Promise<void> {
    const of = (r: { repoId: string }) => repoIds.has(r.repoId)
    const tables: Table<{ token: string; repoId: string }>[] = [this.download, this.upload, this.privateFiles]
    const ops: MetaOp[] = []
    for (const table of tables)
      for (const r of await table.list(of)) ops.push({ op: 'delete', ns: table.ns, key: r.token })
    await this.meta.batch(ops)
  }
}
