/**
 * The link objects of the v2.1 views: share_links.py::get_share_link_info (create, update, one link, a
 * library's links), the shorter entry ShareLinks.get lists, and upload_links.py::get_upload_link_info.
 */

import { lookup } from '../model/repoTree.ts'
import type { Permission, Seafile } from '../model/seafile.ts'
import { isDirMode } from '../sync/fsObjects.ts'
import { isoTime, userInfo } from '../views/format.ts'
import { type DownloadLink, isExpired, type UploadLink } from './links.ts'
import { canEditFile, linkPermissions } from './v21LinkArgs.ts'

/** `'/'` for the root, else the last name of the path (trailing slash dropped). */
export const objName = (path: string): string =>
  path === '/' ? '/' : (path.replace(/\/+$/, '').split('/').at(-1) ?? '')

/** datetime_to_isoformat_timestr of an optional expiry (ms); `''` for none. */
const expireDate = (ms: number | undefined) => (ms === undefined ? '' : isoTime(Math.floor(ms / 1000)))

/** The dirent at `path` of the repo's head, if both still exist. */
async function direntAt(seaf: Seafile, repoId: string, path: string) {
  const repo = await seaf.repos.get(repoId)
  if (!repo) return { repo: undefined, dirent: undefined }
  return { repo, dirent: await lookup(seaf.fs, (await seaf.repos.head(repo)).root_id, path) }
}

/** gen_shared_link: `<SERVICE_URL>/f/<token>/` or `/d/<token>/`. */
export const shareLinkUrl = (base: string, link: DownloadLink) => `${base}/${link.sType}/${link.token}/`

/** gen_shared_upload_link: `<SERVICE_URL>/u/d/<token>/`. */
export const uploadLinkUrl = (base: string, link: UploadLink) => `${base}/u/d/${link.token}/`

/** ShareLinks.get's entry (no obj_id, no can_edit; the user's folder permission instead). */
export async function shareLinkListEntry(
  seaf: Seafile,
  base: string,
  link: DownloadLink,
  folderPermission: Permission | undefined,
) {
  const repo = await seaf.repos.get(link.repoId)
  return {
    username: link.username,
    repo_id: link.repoId,
    repo_name: repo?.name ?? '',
    path: link.path,
    obj_name: objName(link.path),
    is_dir: link.sType === 'd',
    token: link.token,
    link: shareLinkUrl(base, link),
    view_cnt: link.viewCnt,
    ctime: isoTime(link.ctime),
    expire_date: expireDate(link.expireAt),
    is_expired: isExpired(link),
    permissions: linkPermissions(link.permission),
    password: link.passwordText ?? '',
    repo_folder_permission: folderPermission ?? '',
  }
}

/** get_share_link_info. */
export async function shareLinkInfo(seaf: Seafile, base: string, link: DownloadLink) {
  const { repo, dirent } = await direntAt(seaf, link.repoId, link.path)
  const isDir = link.sType === 'd'
  const name = objName(link.path)
  const live = dirent && isDirMode(dirent.mode) === isDir
  return {
    username: link.username,
    repo_id: link.repoId,
    repo_name: repo?.name ?? '',
    path: link.path,
    obj_name: name,
    obj_id: live ? dirent.id : '',
    is_dir: isDir,
    token: link.token,
    link: shareLinkUrl(base, link),
    view_cnt: link.viewCnt,
    ctime: isoTime(link.ctime),
    expire_date: expireDate(link.expireAt),
    is_expired: isExpired(link),
    permissions: linkPermissions(link.permission),
    password: link.passwordText ?? '',
    can_edit: Boolean(repo && !isDir && live && canEditFile(name)),
  }
}

/** get_upload_link_info (gen_shared_upload_link: `<SERVICE_URL>/u/d/<token>/`). */
export async function uploadLinkInfo(seaf: Seafile, base: string, link: UploadLink) {
  const { repo, dirent } = await direntAt(seaf, link.repoId, link.path)
  return {
    repo_id: link.repoId,
    repo_name: repo?.name ?? '',
    path: link.path,
    obj_name: objName(link.path),
    obj_id: dirent && isDirMode(dirent.mode) ? dirent.id : '',
    view_cnt: link.viewCnt,
    ctime: isoTime(link.ctime),
    link: uploadLinkUrl(base, link),
    token: link.token,
    username: link.username,
    expire_date: expireDate(link.expireAt),
    is_expired: isExpired(link),
    password: link.passwordText ?? '',
  }
}

/**
 * The entry of a library's link lists (repo_share_links.py:30 and repo_upload_links.py:26, the views' own
 * get_*_link_info): the creator by user name, nickname and contact e-mail, the link's place and times, and
 * `is_dir` for a share link; no view count, password, permissions or object id (seen on 11.0.13).
 */
export async function repoLinkListEntry(
  seaf: Seafile,
  link: DownloadLink | UploadLink,
  url: string,
  repoName: string,
) {
  const who = await userInfo(seaf, link.username)
  return {
    creator_email: link.username,
    creator_name: who.name,
    creator_contact_email: who.contact_email,
    path: link.path,
    obj_name: objName(link.path),
    ...('sType' in link ? { is_dir: link.sType === 'd' } : {}),
    token: link.token,
    link: url,
    ctime: isoTime(link.ctime),
    expire_date: expireDate(link.expireAt),
    repo_id: link.repoId,
    repo_name: repoName,
  }
}
