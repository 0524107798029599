/**
 * The desktop client's sync protocol (`/seafhttp`, fileserver/sync_api.go) spoken as seaf-daemon speaks
 * it: the repo token in `Seafile-Repo-Token`, libcurl's form Content-Type on POSTs whatever the body.
 * Requests go through the suite's recorded context, unchecked (the spec describes the Web API only).
 */
import type { APIResponse } from '@playwright/test'
import type { BaseClient } from '../client/base.ts'
import { ensureStatus } from '../client/base.ts'
import { decodePack, encodePack, type FsObject } from './objects.ts'

const FORM = { 'Content-Type': 'application/x-www-form-urlencoded' }

/**
 * The file server's sync root as seaf-daemon finds it (http-tx-mgr.c): `<origin>/seafhttp`, the path of the
 * server URL dropped (seaf-cli::get_base_url); when that has no protocol version, `http://host:8082`.
 */
export async function findSyncRoot(api: BaseClient, target: string): Promise<string> {
  const origin = new URL(target).origin
  const candidates = [`${origin}/seafhttp`]
  if (origin.startsWith('http:')) candidates.push(`http://${new URL(target).hostname}:8082`)
  for (const root of candidates) {
    const res = await api
      .request('GET', `${root}/protocol-version`, { spec: false, anonymous: true })
      .catch(() => undefined)
    if (res?.ok() && /"version"/.test(await res.text())) return root
  }
  throw new Error(`no sync protocol at ${candidates.join(' or ')}/protocol-version`)
}

export class SyncApi {
  constructor(
    readonly api: BaseClient,
    /** `<origin>/seafhttp` (see findSyncRoot). */
    readonly root: string,
    readonly repoId: string,
    /** The sync token of download-info. */
    readonly token: string,
  ) {}

  /** A raw request on this library; `token: null` sends none. */
  call(
    method: 'GET' | 'POST' | 'PUT',
    path: string,
    {
      body,
      token = this.token,
      params,
    }: { body?: Buffer; token?: string | null; params?: Record<string, string> } = {},
  ): Promise<APIResponse> {
    const headers: Record<string, string> = method === 'POST' ? { ...FORM } : {}
    if (token !== null) headers['Seafile-Repo-Token'] = token
    return this.api.request(method, `${this.root}/repo/${this.repoId}/${path}`, {
      spec: false,
      anonymous: true,
      headers,
      params,
      data: body,
    })
  }

  async headCommit(): Promise<string> {
    const res = await this.call('GET', 'commit/HEAD')
    await ensureStatus(res, 200, 'GET commit/HEAD')
    const body = (await res.json()) as { is_corrupted: number; head_commit_id: string }
    if (body.is_corrupted !== 0)
      throw new Error(`commit/HEAD says the library is corrupted: ${JSON.stringify(body)}`)
    return body.head_commit_id
  }

  async commit(id: string): Promise<Record<string, unknown>> {
    const res = await this.call('GET', `commit/${id}`)
    await ensureStatus(res, 200, `GET commit/${id}`)
    return JSON.parse((await res.body()).toString('utf8'))
  }

  async fsIdList(serverHead: string, clientHead?: string): Promise<string[]> {
    const params: Record<string, string> = { 'server-head': serverHead }
    if (clientHead) params['client-head'] = clientHead
    const res = await this.call('GET', 'fs-id-list/', { params })
    await ensureStatus(res, 200, 'GET fs-id-list')
    return (await res.json()) as string[]
  }

  /** pack-fs, asking again for what a short answer left out (the server may stop after 1 MiB). */
  async packFs(ids: string[]): Promise<Map<string, Buffer>> {
    const objects = new Map<string, Buffer>()
    let rest = ids
    while (rest.length > 0) {
      const res = await this.call('POST', 'pack-fs/', {
        body: Buffer.from(JSON.stringify(rest.slice(0, 100))),
      })
      await ensureStatus(res, 200, 'POST pack-fs')
      const got = decodePack(await res.body())
      if (got.length === 0) throw new Error(`pack-fs returned nothing for ${rest.length} ids`)
      for (const o of got) objects.set(o.id, o.stored)
      rest = rest.filter((id) => !objects.has(id))
    }
    return objects
  }

  async block(id: string): Promise<Buffer> {
    const res = await this.call('GET', `block/${id}`)
    await ensureStatus(res, 200, `GET block/${id}`)
    return res.body()
  }

  /** check-fs or check-blocks: the ids the server lacks. */
  async missing(kind: 'check-fs' | 'check-blocks', ids: string[]): Promise<string[]> {
    const res = await this.call('POST', `${kind}/`, { body: Buffer.from(JSON.stringify(ids)) })
    await ensureStatus(res, 200, `POST ${kind}`)
    return (await res.json()) as string[]
  }

  recvFs(objects: FsObject[]): Promise<APIResponse> {
    return this.call('POST', 'recv-fs/', { body: encodePack(objects) })
  }

  putBlock(id: string, bytes: Buffer): Promise<APIResponse> {
    return this.call('PUT', `block/${id}`, { body: bytes })
  }

  putCommit(id: string, raw: Buffer): Promise<APIResponse> {
    return this.call('PUT', `commit/${id}`, { body: raw })
  }

  updateBranch(head: string): Promise<APIResponse> {
    return this.call('PUT', 'commit/HEAD/', { params: { head } })
  }
}
