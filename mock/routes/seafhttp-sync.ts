/**
 * The desktop client's sync protocol under `/seafhttp` (fileserver/sync_api.go; desktop-client-sync-protocol.md
 * §2.3): the download half here, the upload half in `mock/sync/uploadRoutes.ts`. Bodies are read raw whatever
 * the Content-Type: libcurl labels JSON and binary POSTs `application/x-www-form-urlencoded`.
 */
import { Hono } from 'hono'
import type { SyncBackend } from '../sync/backend.ts'
import { parseCommit } from '../sync/commitJson.ts'
import { fsIdsToSend } from '../sync/fsIdList.ts'
import { EMPTY_ID } from '../sync/fsObjects.ts'
import { isObjectId, isRepoId, missingIds, parseIdList } from '../sync/idLists.ts'
import { encodePack, type PackEntry } from '../sync/packFormat.ts'
import { SeafileSyncBackend } from '../sync/seafileBackend.ts'
import {
  accessChecks,
  bytes,
  fsError,
  type Handler,
  REPO,
  readIdList,
  repoIdOf,
  text,
} from '../sync/syncHttp.ts'
import { dirLoader } from '../sync/updateBranch.ts'
import { registerUploadRoutes } from '../sync/uploadRoutes.ts'
import type { RouteModule } from './types.ts'

/**
 * Serves the sync protocol at `<origin>/seafhttp` over the mock's store (seaf-cli drops any path of the
 * server URL, so it must be at the root). Sync tokens come from download-info (`seaf.syncTokens`).
 */
export const seafhttpSyncModule: RouteModule = ({ app, seaf }) => {
  app.route('/seafhttp', seafhttpSyncRoutes(new SeafileSyncBackend(seaf)))
}

/** sync_api.go::maxObjectPackSize: pack-fs stops after 1 MiB; the client asks again for the rest. */
const MAX_PACK_SIZE = 1 << 20

export function seafhttpSyncRoutes(backend: SyncBackend): Hono {
  const app = new Hono()
  const access = accessChecks(backend)
  const { authorize, validateToken } = access
  /** mux's `{slash:\/?}` and any method: with or without a trailing slash (the parent router is strict). */
  const route = (path: string, handler: Handler) => app.on('ALL', [path, `${path}/`], handler)

  // fileserver.go::handleProtocolVersion
  route('/protocol-version', () => text(200, '{"version": 2}'))

  route(`${REPO}/permission-check`, async (c) => {
    const op = c.req.query('op')
    if (op !== 'download' && op !== 'upload') return fsError(400, 'op is invalid')
    const clientId = c.req.query('client_id') ?? ''
    if (clientId !== '' && clientId.length !== 40) return fsError(400, 'client_id is invalid')
    const status = await backend.repoStatus(repoIdOf(c))
    if (status === 'deleted') return fsError(444, 'repo was deleted')
    if (status === 'corrupted') return fsError(445, 'repo was corrupted')
    const grant = await authorize(c, op)
    if (grant instanceof Response) return grant
    const clientName = c.req.query('client_name') ?? ''
    if (clientId !== '' && clientName !== '') await backend.notePeer?.(grant.token, clientId, clientName)
    return text(200, '')
  })

  for (const path of [`${REPO}/commit/HEAD`, `${REPO}/commit/HEAD/`]) {
    app.get(path, async (c) => {
      const repoId = repoIdOf(c)
      // sync_api.go::getHeadCommit: a missing library is 444 before the token is looked at.
      if ((await backend.repoStatus(repoId)) === 'deleted') return fsError(444, '')
      const grant = await validateToken(c)
      if (grant instanceof Response) return grant
      const head = await backend.headCommitId(repoId)
      if (!head) return fsError(400, '')
      return text(200, `{"is_corrupted": 0, "head_commit_id": "${head}"}`)
    })
  }

  app.get(`${REPO}/commit/:commitId{[0-9a-z]{40}}`, async (c) => {
    const grant = await authorize(c, 'download')
    if (grant instanceof Response) return grant
    // Served as stored: the client's own bytes for the commits it uploaded.
    const raw = await backend.readCommit(repoIdOf(c), c.req.param('commitId'))
    return raw ? text(200, raw) : fsError(404, '')
  })

  app.get(`${REPO}/block/:blockId{[0-9a-z]{40}}`, async (c) => {
    const grant = await authorize(c, 'download')
    if (grant instanceof Response) return grant
    // sync_api.go::getBlockInfo: a missing block is a 500 with an empty message.
    const block = await backend.readBlock(repoIdOf(c), c.req.param('blockId'))
    return block ? bytes(block) : fsError(500, '')
  })

  route(`${REPO}/fs-id-list`, async (c) => {
    const serverHead = c.req.query('server-head') ?? ''
    if (!isObjectId(serverHead)) return fsError(400, 'Invalid server-head parameter.')
    const clientHead = c.req.query('client-head') ?? ''
    if (clientHead !== '' && !isObjectId(clientHead)) return fsError(400, 'Invalid client-head parameter.')
    const grant = await authorize(c, 'download')
    if (grant instanceof Response) return grant
    const repoId = repoIdOf(c)
    const rootOf = async (commitId: string) => {
      const raw = await backend.readCommit(repoId, commitId)
      if (!raw) throw new Error(`Failed to load commit ${repoId}:${commitId}`)
      return parseCommit(raw).rootId
    }
    try {
      const serverRoot = await rootOf(serverHead)
      const clientRoot = clientHead === '' ? EMPTY_ID : await rootOf(clientHead)
      const dirOnly = (c.req.query('dir-only') ?? '') !== ''
      const ids = await fsIdsToSend(serverRoot, clientRoot, dirLoader(backend, repoId), dirOnly)
      return text(200, JSON.stringify(ids))
    } catch {
      return fsError(500, '')
    }
  })

  route('/repo/head-commits-multi', async (c) => {
    let repoIds: string[]
    try {
      repoIds = parseIdList(new Uint8Array(await c.req.arrayBuffer()))
    } catch {
      return fsError(400, '')
    }
    if (repoIds.length === 0 || !repoIds.every(isRepoId)) return fsError(400, '')
    const heads: Record<string, string> = {}
    for (const repoId of repoIds) {
      const head = await backend.headCommitId(repoId)
      if (head) heads[repoId] = head
    }
    return text(200, JSON.stringify(heads))
  })

  route(`${REPO}/pack-fs`, async (c) => {
    const grant = await authorize(c, 'download')
    if (grant instanceof Response) return grant
    const ids = await readIdList(c)
    if (ids instanceof Response) return ids
    const repoId = repoIdOf(c)
    const entries: PackEntry[] = []
    let total = 0
    for (const id of ids) {
      if (!isObjectId(id)) return fsError(400, `Invalid fs id ${id}`)
      const data = await backend.readFsObject(repoId, id)
      if (!data) return fsError(500, '')
      entries.push({ id, data })
      total += data.byteLength
      if (total >= MAX_PACK_SIZE) break
    }
    return bytes(encodePack(entries))
  })

  for (const [path, exists] of [
    ['check-fs', (repoId: string, id: string) => backend.hasFsObject(repoId, id)],
    ['check-blocks', (repoId: string, id: string) => backend.hasBlock(repoId, id)],
  ] as const) {
    // sync_api.go::postCheckExistCB asks for download permission, for uploads too.
    route(`${REPO}/${path}`, async (c) => {
      const grant = await authorize(c, 'download')
      if (grant instanceof Response) return grant
      const ids = await readIdList(c)
      if (ids instanceof Response) return ids
      const repoId = repoIdOf(c)
      return text(200, JSON.stringify(await missingIds(ids, (id) => exists(repoId, id))))
    })
  }

  route(`${REPO}/quota-check`, async (c) => {
    const grant = await validateToken(c)
    if (grant instanceof Response) return grant
    const delta = c.req.query('delta') ?? ''
    if (!/^[+-]?\d+$/.test(delta) || !Number.isSafeInteger(Number(delta))) {
      return fsError(400, 'Invalid delta parameter')
    }
    if (await backend.quotaExceeded(repoIdOf(c), Number(delta))) return fsError(443, 'Out of quota.\n')
    return text(200, '')
  })

  // sync_api.go::getJWTTokenCB: the notification server is off, which the client ignores.
  route(`${REPO}/jwt-token`, () => fsError(404, ''))

  registerUploadRoutes(app, backend, access)

  // headCommitOperCB, commitOperCB, blockOperCB: a method other than GET and PUT is a bare 400.
  for (const path of [
    `${REPO}/commit/HEAD`,
    `${REPO}/commit/HEAD/`,
    `${REPO}/commit/:id`,
    `${REPO}/block/:id`,
  ]) {
    app.all(path, () => fsError(400, ''))
  }
  return app
}
