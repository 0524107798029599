/**
 * Directory and file helpers: listing, mkdir, create/rename/move/copy/delete, upload through the upload
 * link and download through the download link. Links are absolute URLs the server hands out; the client
 * follows them as given and never builds file-server URLs itself.
 */
import type { APIResponse } from '@playwright/test'
import { ensureStatus } from './base.ts'
import type { RequestOptions } from './http.ts'
import { LibraryClient, repoPath } from './libraries.ts'
import type { Schemas } from './schemas.ts'

export type DirEntry = Schemas['DirEntry'] & { parent_dir?: string }

export interface DirListing {
  entries: DirEntry[]
  /** The `oid` header: the directory's object id. */
  oid: string | undefined
  /** True when the server answered `"uptodate"` to the `oid` sent. */
  uptodate: boolean
}

export interface UploadedFile {
  id: string
  name: string
  size: number
}

export interface UploadOptions {
  replace?: boolean
  relativePath?: string
}

/** The `p` query parameter of a Location header (seahub quotes it with urllib's quote). */
export function locationPath(res: APIResponse): string | undefined {
  const location = res.headers()['location']
  if (!location) return undefined
  return new URL(location, 'http://x').searchParams.get('p') ?? undefined
}

export class FileClient extends LibraryClient {
  async listDirRaw(repoId: string, p: string, params: Record<string, string> = {}): Promise<APIResponse> {
    return this.http.get(repoPath(repoId, 'dir/'), { params: { p, ...params } })
  }

  async listDir(repoId: string, p = '/', params: Record<string, string> = {}): Promise<DirListing> {
    return this.guard('list-directory', async () => {
      const res = await this.listDirRaw(repoId, p, params)
      await ensureStatus(res, 200, `list ${p}`)
      const body = (await res.json()) as DirEntry[] | 'uptodate'
      const oid = res.headers()['oid']
      return body === 'uptodate'
        ? { entries: [], oid, uptodate: true }
        : { entries: body, oid, uptodate: false }
    })
  }

  async dirOp(repoId: string, p: string, form: Record<string, string>): Promise<APIResponse> {
    return this.http.post(repoPath(repoId, 'dir/'), { params: { p }, form })
  }

  /** mkdir answers 201 "success"; the final path (maybe `name (1)`) is in the Location's `p`. */
  async mkdir(repoId: string, p: string): Promise<string> {
    return this.guard('mkdir', async () => {
      const res = await this.dirOp(repoId, p, { operation: 'mkdir' })
      await ensureStatus(res, 201, `mkdir ${p}`)
      return (locationPath(res) ?? p).replace(/^\/\//, '/')
    })
  }

  async deleteDirRaw(repoId: string, p: string): Promise<APIResponse> {
    return this.http.delete(repoPath(repoId, 'dir/'), { params: { p } })
  }

  async fileOp(
    repoId: string,
    p: string,
    form: Record<string, string>,
    o: RequestOptions = {},
  ): Promise<APIResponse> {
    return this.http.post(repoPath(repoId, 'file/'), { ...o, params: { p }, form })
  }

  /** An empty file; FileView.post create answers 201 "success". */
  async createFile(repoId: string, p: string): Promise<void> {
    await this.guard('create-file', async () => {
      await ensureStatus(await this.fileOp(repoId, p, { operation: 'create' }), 201, `create file ${p}`)
    })
  }

  async deleteFileRaw(repoId: string, p: string): Promise<APIResponse> {
    return this.http.delete(repoPath(repoId, 'file/'), { params: { p } })
  }

  /** The upload link: a JSON string holding an absolute `…/upload-api/<token>` URL. */
  async uploadLink(repoId: string, dir = '/'): Promise<string> {
    return this.guard('upload-link', async () => {
      const res = await this.http.get(repoPath(repoId, 'upload-link/'), { params: { p: dir } })
      await ensureStatus(res, 200, `upload link for ${dir}`)
      return (await res.json()) as string
    })
  }

  /** Uploads one file as multipart (`file` part, `parent_dir`), asking for the JSON answer with ret-json. */
  async uploadFile(
    repoId: string,
    dir: string,
    name: string,
    content: Uint8Array,
    options: UploadOptions = {},
  ): Promise<UploadedFile> {
    const link = await this.uploadLink(repoId, dir)
    return this.guard('upload', async () => {
      const url = new URL(link)
      url.searchParams.set('ret-json', '1')
      const multipart: Record<string, string | { name: string; mimeType: string; buffer: Buffer }> = {
        file: { name, mimeType: 'application/octet-stream', buffer: Buffer.from(content) },
        parent_dir: dir,
      }
      if (options.replace) multipart.replace = '1'
      if (options.relativePath) multipart.relative_path = options.relativePath
      // The token authorises the upload; the API token is not the file server's business.
      const res = await this.http.post(url.toString(), { multipart, anonymous: true })
      await ensureStatus(res, 200, `upload ${dir}${name}`)
      const [uploaded] = (await res.json()) as UploadedFile[]
      if (!uploaded) throw new Error(`upload ${name}: the answer lists no file`)
      return uploaded
    })
  }

  /** GET file/?p= answers a JSON string URL and the `oid` header (views.py::FileView.get). */
  async downloadLinkRaw(repoId: string, p: string, reuse = false): Promise<APIResponse> {
    return this.http.get(repoPath(repoId, 'file/'), { params: reuse ? { p, reuse: 1 } : { p } })
  }

  async downloadLink(repoId: string, p: string, reuse = false): Promise<string> {
    return this.guard('download-link', async () => {
      const res = await this.downloadLinkRaw(repoId, p, reuse)
      await ensureStatus(res, 200, `download link for ${p}`)
      return (await res.json()) as string
    })
  }

  /** The file's bytes, through a fresh one-time download link. */
  async downloadFile(repoId: string, p: string): Promise<Buffer> {
    const link = await this.downloadLink(repoId, p)
    return this.guard('download', async () => {
      const res = await this.http.get(link, { anonymous: true })
      await ensureStatus(res, 200, `download ${p}`)
      return res.body()
    })
  }

  /** PUT file/revert/ (p, commit_id) → {"success": true}. */
  async revertFileRaw(repoId: string, p: string, commitId: string): Promise<APIResponse> {
    return this.http.put(repoPath(repoId, 'file/revert/'), { form: { p, commit_id: commitId } })
  }
}

/** The typed client the fixtures hand to tests. */
export class SeafileClient extends FileClient {}
