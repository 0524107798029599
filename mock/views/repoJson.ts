/** The library objects of seahub's views, built from the repo record and its head commit. */
import type { RepoRecord } from '../model/repos.ts'
import type { Permission, Seafile } from '../model/seafile.ts'
import { relativeTime, sizeFormat, userInfo } from './format.ts'

async function headFacts(seaf: Seafile, repo: RepoRecord) {
  const head = await seaf.repos.head(repo)
  const stats = await seaf.fs.stats(head.root_id)
  return { head, ...stats }
}

function encryptionFields(repo: RepoRecord) {
  const e = repo.encryption
  return e ? { enc_version: e.encVersion, magic: e.magic, random_key: e.randomKey } : {}
}

/** An own library in `GET /api2/repos/` (Repos.get, `type: "repo"`). */
export async function repoListItem(seaf: Seafile, repo: RepoRecord, perm: Permission) {
  const { head, size } = await headFacts(seaf, repo)
  const owner = await userInfo(seaf, repo.owner)
  const modifier = await userInfo(seaf, head.creator_name)
  return {
    type: 'repo',
    id: repo.id,
    owner: repo.owner,
    owner_name: owner.name,
    owner_contact_email: owner.contact_email,
    name: repo.name,
    mtime: head.ctime,
    modifier_email: modifier.email,
    modifier_contact_email: modifier.contact_email,
    modifier_name: modifier.name,
    mtime_relative: relativeTime(head.ctime),
    size,
    size_formatted: sizeFormat(size),
    encrypted: repo.encryption !== undefined,
    permission: perm,
    virtual: false,
    root: '',
    head_commit_id: head.commit_id,
    version: repo.version,
    salt: repo.encryption?.salt ?? '',
    ...encryptionFields(repo),
  }
}

/** seahub/api2/views.py::repo_download_info. */
export async function downloadInfo(
  seaf: Seafile,
  repo: RepoRecord,
  user: string,
  perm: Permission,
  token: string,
  base: string,
) {
  const { head, size } = await headFacts(seaf, repo)
  const url = new URL(base)
  return {
    relay_id: '44e8f253849ad910dc142247227c8ece8ec0f971',
    relay_addr: url.hostname,
    relay_port: url.port || (url.protocol === 'https:' ? '443' : '80'),
    email: user,
    token,
    repo_id: repo.id,
    repo_name: repo.name,
    repo_desc: repo.desc,
    repo_size: size,
    repo_size_formatted: sizeFormat(size),
    mtime: head.ctime,
    mtime_relative: relativeTime(head.ctime),
    encrypted: repo.encryption ? 1 : '',
    enc_version: repo.encryption?.encVersion ?? 0,
    salt: repo.encryption?.salt ?? '',
    magic: repo.encryption?.magic ?? '',
    random_key: repo.encryption?.randomKey ?? '',
    repo_version: repo.version,
    head_commit_id: head.commit_id,
    permission: perm,
    pwd_hash: '',
    pwd_hash_algo: '',
    pwd_hash_params: '',
  }
}

/** `GET /api2/repos/{id}/` (Repo.get). */
export async function repoInfo(seaf: Seafile, repo: RepoRecord, user: string, perm: Permission) {
  const { head, size, files } = await headFacts(seaf, repo)
  const modifier = await userInfo(seaf, head.creator_name)
  return {
    type: 'repo',
    id: repo.id,
    owner: repo.owner === user ? 'self' : 'share',
    name: repo.name,
    desc: repo.desc,
    mtime: head.ctime,
    size,
    encrypted: repo.encryption !== undefined,
    root: head.root_id,
    permission: perm,
    modifier_email: modifier.email,
    modifier_contact_email: modifier.contact_email,
    modifier_name: modifier.name,
    file_count: files,
    head_commit_id: head.commit_id,
    ...(repo.encryption ? { ...encryptionFields(repo), salt: repo.encryption.salt } : {}),
  }
}
