/**
 * The upload half of the sync protocol, in the order seaf-daemon calls it (http-tx-mgr.c): PUT commit,
 * recv-fs, PUT block, then PUT commit/HEAD. The mock re-hashes commits, fs objects and blocks on receipt and
 * refuses mismatches (the Go server stores them unchecked), so a client's id computation is tested.
 */
import { createHash } from 'node:crypto'
import type { Hono } from 'hono'
import type { SyncBackend } from './backend.ts'
import { CommitJsonError, commitIdMatches, parseCommit } from './commitJson.ts'
import { checkReceivedFsObject, FsObjectError } from './fsObjects.ts'
import { isObjectId } from './idLists.ts'
import { decodePack, PackFormatError } from './packFormat.ts'
import { type AccessChecks, fsError, REPO, repoIdOf, text } from './syncHttp.ts'
import { updateBranch } from './updateBranch.ts'

export function registerUploadRoutes(app: Hono, backend: SyncBackend, { authorize }: AccessChecks): void {
  for (const path of [`${REPO}/commit/HEAD`, `${REPO}/commit/HEAD/`]) {
    app.put(path, async (c) => {
      // sync_api.go::putUpdateBranchCB checks `head` before the token.
      const head = c.req.query('head') ?? ''
      if (!isObjectId(head)) return fsError(400, `commit id ${head} is invalid`)
      const grant = await authorize(c, 'upload')
      if (grant instanceof Response) return grant
      const outcome = await updateBranch(backend, repoIdOf(c), grant.user, head)
      return outcome.ok ? text(200, '') : fsError(outcome.status, outcome.message)
    })
  }

  app.put(`${REPO}/commit/:commitId{[0-9a-z]{40}}`, async (c) => {
    const grant = await authorize(c, 'upload')
    if (grant instanceof Response) return grant
    const repoId = repoIdOf(c)
    const commitId = c.req.param('commitId')
    const raw = new Uint8Array(await c.req.arrayBuffer())
    let commit: ReturnType<typeof parseCommit>
    try {
      commit = parseCommit(raw)
    } catch (err) {
      if (err instanceof CommitJsonError) return fsError(400, err.message)
      throw err
    }
    if (commit.repoId !== repoId) return fsError(400, 'The repo id in commit does not match current repo id')
    // Only parsed, not checked against its tree: the client sends the commit before its fs objects.
    if (commit.commitId !== commitId || !commitIdMatches(commit)) {
      return fsError(400, `Commit id ${commitId} does not match its content`)
    }
    await backend.writeCommit(repoId, commit, raw)
    return text(200, '')
  })

  app.put(`${REPO}/block/:blockId{[0-9a-z]{40}}`, async (c) => {
    const grant = await authorize(c, 'upload')
    if (grant instanceof Response) return grant
    const blockId = c.req.param('blockId')
    const body = new Uint8Array(await c.req.arrayBuffer())
    const actual = createHash('sha1').update(body).digest('hex')
    if (actual !== blockId) return fsError(400, `Block id ${blockId} does not match its content (${actual})`)
    await backend.writeBlock(repoIdOf(c), blockId, body)
    return text(200, '')
  })

  for (const path of [`${REPO}/recv-fs`, `${REPO}/recv-fs/`]) {
    app.all(path, async (c) => {
      const grant = await authorize(c, 'upload')
      if (grant instanceof Response) return grant
      const repoId = repoIdOf(c)
      try {
        const entries = decodePack(new Uint8Array(await c.req.arrayBuffer()))
        for (const { id, data } of entries) checkReceivedFsObject(id, data)
        for (const { id, data } of entries) await backend.writeFsObject(repoId, id, data)
      } catch (err) {
        if (err instanceof PackFormatError || err instanceof FsObjectError) return fsError(400, err.message)
        throw err
      }
      return text(200, '')
    })
  }
}
