/**
 * Upload-suite helpers: multipart bodies with several `file` parts, links from seahub (followed as given),
 * chunked (Content-Range) requests, raw chunks over node:http so a client abort is a real socket abort,
 * and deterministic content. Links are absolute URLs the server hands out; nothing here builds one.
 */
import { createHash, randomBytes } from 'node:crypto'
import { request as httpRequest } from 'node:http'
import { request as httpsRequest } from 'node:https'
import type { APIResponse } from '@playwright/test'
import type { SeafileClient } from '../client/files.ts'

export const MiB = 1024 * 1024

export interface Part {
  name: string
  content: Uint8Array
}

export const sha1 = (data: Uint8Array): string => createHash('sha1').update(data).digest('hex')
export const bytes = (n: number): Buffer => randomBytes(n)

/** The file server's JSON answer (ret-json / upload-aj): `[{"id","name","size"}]`. */
export interface Uploaded {
  id: string
  name: string
  size: number
}

async function json<T>(res: APIResponse, what: string): Promise<T> {
  if (res.status() !== 200) throw new Error(`${what}: ${res.status()} ${(await res.text()).slice(0, 200)}`)
  return (await res.json()) as T
}

const repoApi = (repoId: string, tail: string) => `/api2/repos/${repoId}/${tail}`

export async function uploadLink(api: SeafileClient, repoId: string, dir = '/'): Promise<string> {
  return json<string>(
    await api.request('GET', repoApi(repoId, 'upload-link/'), { params: { p: dir } }),
    'upload-link',
  )
}

export async function updateLink(api: SeafileClient, repoId: string, dir = '/'): Promise<string> {
  return json<string>(
    await api.request('GET', repoApi(repoId, 'update-link/'), { params: { p: dir } }),
    'update-link',
  )
}

export interface MultipartFields {
  parent_dir?: string
  relative_path?: string
  replace?: string
  target_file?: string
  [field: string]: string | undefined
}

/** A multipart body with one `file` part per entry plus the fields, as FormData (repeated `file` keys). */
export function formOf(parts: Part[], fields: MultipartFields): FormData {
  const form = new FormData()
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) form.append(k, v)
  for (const p of parts) form.append('file', new Blob([Buffer.from(p.content)]), p.name)
  return form
}

/** POSTs files to a link; `query` is added to the link (e.g. `ret-json`). The link alone authorises it. */
export async function postFiles(
  api: SeafileClient,
  link: string,
  parts: Part[],
  fields: MultipartFields,
  query: Record<string, string> = {},
  headers: Record<string, string> = {},
): Promise<APIResponse> {
  const url = new URL(link)
  for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v)
  return api.request('POST', url.toString(), {
    multipart: formOf(parts, fields) as never,
    anonymous: true,
    headers,
  })
}

/** One-shot multipart upload with ret-json into `dir`; fails unless 200. */
export async function uploadJson(
  api: SeafileClient,
  repoId: string,
  dir: string,
  parts: Part[],
  fields: MultipartFields = {},
): Promise<Uploaded[]> {
  const link = await uploadLink(api, repoId, dir)
  const res = await postFiles(api, link, parts, { parent_dir: dir, ...fields }, { 'ret-json': '1' })
  return json<Uploaded[]>(res, `upload to ${dir}`)
}

/** The bytes behind a fresh download link (reuse when asked); the raw response for header checks. */
export async function download(
  api: SeafileClient,
  repoId: string,
  path: string,
  headers: Record<string, string> = {},
  reuse = false,
): Promise<APIResponse> {
  const link = await json<string>(
    await api.request('GET', repoApi(repoId, 'file/'), {
      params: reuse ? { p: path, reuse: 1 } : { p: path },
    }),
    `download link ${path}`,
  )
  return api.request('GET', link, { anonymous: true, headers })
}

/** Content-Disposition of a chunk request: `attachment; filename="<urlencoded>"` (fileop.go). */
export const chunkDisposition = (name: string) => `attachment; filename="${encodeURIComponent(name)}"`

/** Sends one chunk `[start, start+chunk.length)` of a file of `total` bytes. */
export async function postChunk(
  api: SeafileClient,
  link: string,
  name: string,
  dir: string,
  chunk: Uint8Array,
  start: number,
  total: number,
  opts: { range?: string; query?: Record<string, string>; fields?: MultipartFields } = {},
): Promise<APIResponse> {
  const range = opts.range ?? `bytes ${start}-${start + chunk.length - 1}/${total}`
  return postFiles(
    api,
    link,
    [{ name, content: chunk }],
    { parent_dir: dir, ...opts.fields },
    opts.query ?? { 'ret-json': '1' },
    { 'Content-Range': range, 'Content-Disposition': chunkDisposition(name) },
  )
}

/** Uploads `content` in chunks of `size`; returns every answer (the last one commits). */
export async function uploadChunked(
  api: SeafileClient,
  link: string,
  dir: string,
  name: string,
  content: Uint8Array,
  size: number,
): Promise<APIResponse[]> {
  const answers: APIResponse[] = []
  for (let at = 0; at < content.length; at += size) {
    const chunk = content.subarray(at, Math.min(at + size, content.length))
    answers.push(await postChunk(api, link, name, dir, chunk, at, content.length))
  }
  return answers
}

/** GET file-uploaded-bytes: status, `uploadedBytes` and whether `Accept-Ranges: bytes` came with it. */
export async function uploadedBytes(
  api: SeafileClient,
  repoId: string,
  dir: string,
  name: string,
): Promise<{ bytes: number; acceptRanges: boolean }> {
  const res = await api.request('GET', `/api/v2.1/repos/${repoId}/file-uploaded-bytes/`, {
    params: { parent_dir: dir, file_name: name },
  })
  const body = await json<{ uploadedBytes: number }>(res, 'file-uploaded-bytes')
  return { bytes: body.uploadedBytes, acceptRanges: /bytes/i.test(res.headers()['accept-ranges'] ?? '') }
}

/**
 * Starts a chunk over a raw socket, writes `sendBytes` of its multipart body, then destroys the request:
 * the server sees a connection torn down mid-body, as when a browser tab closes during an upload.
 */
export async function abortChunk(
  link: string,
  dir: string,
  name: string,
  chunk: Uint8Array,
  start: number,
  total: number,
  sendBytes: number,
): Promise<void> {
  const boundary = `----sc${randomBytes(8).toString('hex')}`
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="parent_dir"\r\n\r\n${dir}\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\n` +
      'Content-Type: application/octet-stream\r\n\r\n',
  )
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`)
  const url = new URL(link)
  url.searchParams.set('ret-json', '1')
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest
  await new Promise<void>((resolve) => {
    const req = send(url, {
      method: 'POST',
      headers: {
        'Content-Type': `multipart/form-data; boundary=${boundary}`,
        'Content-Length': String(head.length + chunk.length + tail.length),
        'Content-Range': `bytes ${start}-${start + chunk.length - 1}/${total}`,
        'Content-Disposition': chunkDisposition(name),
      },
    })
    req.on('error', () => resolve())
    req.on('close', () => resolve())
    req.write(head)
    req.write(Buffer.from(chunk.subarray(0, sendBytes)), () => {
      // Let the bytes reach the server before tearing the socket down.
      setTimeout(() => req.destroy(), 200)
    })
  })
}

/** Polls `probe` until it holds or `ms` elapse (the server may still be writing an aborted chunk). */
export async function eventually<T>(probe: () => Promise<T>, ok: (v: T) => boolean, ms = 5000): Promise<T> {
  const until = Date.now() + ms
  let v = await probe()
  while (!ok(v) && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 100))
    v = await probe()
  }
  return v
}
