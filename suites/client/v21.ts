/**
 * The api/v2.1 library, folder and file views as the mobile apps, rclone and seafile-js call them
 * (seahub/api2/endpoints/repos.py, dir.py, file.py): thin wrappers that keep each raw response, so tests
 * assert statuses and bodies themselves.
 */
import type { APIResponse } from '@playwright/test'
import { ensureStatus } from './base.ts'
import type { SeafileClient } from './files.ts'
import type { RequestOptions } from './http.ts'

export interface V21Entry {
  type: 'file' | 'dir'
  id: string
  name: string
  mtime: number
  permission: string
  parent_dir: string
  starred?: boolean
  size?: number
}

export interface V21Listing {
  user_perm?: string
  dir_id?: string
  dirent_list: V21Entry[]
}

export interface V21FileInfo {
  type: 'file'
  repo_id: string
  parent_dir: string
  obj_name: string
  obj_id: string
  size: number | ''
  mtime: string
  is_locked: boolean
}

export interface V21DirInfo {
  type: 'dir'
  repo_id: string
  parent_dir: string
  obj_name: string
  obj_id: string
  mtime: string
}

const repo = (repoId: string, rest = '') => `/api/v2.1/repos/${repoId}/${rest}`

/** Body options: a form by default, JSON (as rclone sends it) with `json: true`. */
const body = (fields: Record<string, string>, json = false): RequestOptions =>
  json ? { data: fields, headers: { 'Content-Type': 'application/json' } } : { form: fields }

export const v21 = {
  listRepos: (api: SeafileClient, types: string[] = []) => {
    const query = types.map((t) => `type=${encodeURIComponent(t)}`).join('&')
    return api.request('GET', `/api/v2.1/repos/${query ? `?${query}` : ''}`)
  },
  repoInfo: (api: SeafileClient, repoId: string) => api.request('GET', repo(repoId)),
  deleteRepo: (api: SeafileClient, repoId: string) => api.request('DELETE', repo(repoId)),

  listDir: (api: SeafileClient, repoId: string, params: Record<string, string> = {}) =>
    api.request('GET', repo(repoId, 'dir/'), { params }),
  dirOp: (api: SeafileClient, repoId: string, p: string, fields: Record<string, string>, json = false) =>
    api.request('POST', repo(repoId, 'dir/'), { params: { p }, ...body(fields, json) }),
  deleteDir: (api: SeafileClient, repoId: string, p: string) =>
    api.request('DELETE', repo(repoId, 'dir/'), { params: { p } }),

  fileInfo: (api: SeafileClient, repoId: string, p: string) =>
    api.request('GET', repo(repoId, 'file/'), { params: { p } }),
  fileOp: (api: SeafileClient, repoId: string, p: string, fields: Record<string, string>, json = false) =>
    api.request('POST', repo(repoId, 'file/'), { params: { p }, ...body(fields, json) }),
  lockOp: (api: SeafileClient, repoId: string, p: string, operation: string) =>
    api.request('PUT', repo(repoId, 'file/'), { params: { p }, form: { operation } }),
  deleteFile: (api: SeafileClient, repoId: string, p: string) =>
    api.request('DELETE', repo(repoId, 'file/'), { params: { p } }),
}

/** The JSON body of a 200, or a failure naming `what`. */
export async function ok200<T>(res: APIResponse, what: string): Promise<T> {
  await ensureStatus(res, 200, what)
  return (await res.json()) as T
}

/** The v2.1 listing of `p`. */
export const listV21 = async (
  api: SeafileClient,
  repoId: string,
  p = '/',
  extra: Record<string, string> = {},
) => ok200<V21Listing>(await v21.listDir(api, repoId, { p, ...extra }), `v2.1 list ${p}`)

/** `POST …/file/?p=` with `operation=create`: the created file's info. */
export const createV21 = async (api: SeafileClient, repoId: string, p: string) =>
  ok200<V21FileInfo>(await v21.fileOp(api, repoId, p, { operation: 'create' }), `v2.1 create ${p}`)
