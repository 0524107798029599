import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { MockServer } from '../index.ts'
import { commitChain } from '../model/commits.ts'
import { listDir } from '../model/repoTree.ts'
import { commitNewFile, makeDir } from '../model/treeOps.ts'
import { startServer } from '../testing/harness.ts'
import { EMPTY_ID, readFsObject } from './fsObjects.ts'
import { decodePack, encodePack } from './packFormat.ts'
import { clientCommit, dirObject, fileDirent, fileObject } from './testing/objects.ts'

const USER = 'user@example.com'
let server: MockServer
let repoId: string
let token: string

beforeEach(async () => {
  server = await startServer()
  repoId = (await server.seaf.repos.create({ name: 'lib', owner: USER })).id
  token = await server.seaf.syncTokens.issue(repoId, USER)
})
afterEach(() => server.close())

/** A web-API change: a file stored and committed through the model, as the upload routes do. */
async function webUpload(parent: string, name: string, content: string) {
  const file = await server.seaf.storeFileFromStream(Buffer.from(content))
  await commitNewFile(server.seaf, repoId, parent, name, { fileId: file.fileId, size: file.size }, USER)
}

const sync = (method: string, path: string, body?: Uint8Array | string, tok = token) =>
  server.request(`/seafhttp/repo/${repoId}/${path}`, {
    method,
    body: body as BodyInit | undefined,
    headers: { 'Seafile-Repo-Token': tok, 'Content-Type': 'application/x-www-form-urlencoded' },
  })
const head = async () =>
  ((await (await sync('GET', 'commit/HEAD')).json()) as { head_commit_id: string }).head_commit_id
const webNames = async (path = '/') => {
  const repo = (await server.seaf.repos.get(repoId))!
  const root = (await server.seaf.repos.head(repo)).root_id
  return (await listDir(server.seaf.fs, root, path))?.map((d) => d.name)
}

describe('sync over the mock’s store', () => {
  it('clones what the web API committed', async () => {
    await makeDir(server.seaf, repoId, USER, '/docs')
    await webUpload('/docs', 'a.txt', 'hello world\n')
    const h = await head()
    expect(h).toBe((await server.seaf.repos.get(repoId))!.headCommitId)
    const commit = JSON.parse(await (await sync('GET', `commit/${h}`)).text())
    expect(commit).toMatchObject({ commit_id: h, repo_id: repoId, description: 'Added "a.txt"' })
    const ids: string[] = await (await sync('GET', `fs-id-list/?server-head=${h}`)).json()
    expect(ids).toHaveLength(3)
    const pack = decodePack(
      new Uint8Array(await (await sync('POST', 'pack-fs/', JSON.stringify(ids))).arrayBuffer()),
    )
    const file = pack.map((e) => readFsObject(e.data)).find((o) => o.type === 1)
    expect(file?.type === 1 && file.blockIds).toEqual(['22596363b3de40b06f981fb85d82312e8c0ed511'])
    expect(await (await sync('GET', 'block/22596363b3de40b06f981fb85d82312e8c0ed511')).text()).toBe(
      'hello world\n',
    )
  })

  it('makes a client upload the head the web API lists, keeping the client’s commit bytes', async () => {
    await webUpload('/', 'web.txt', 'web\n')
    const base = await head()
    const rootDirents = (await listDir(
      server.seaf.fs,
      (
        await server.seaf.repos.head((await server.seaf.repos.get(repoId))!)
      ).root_id,
      '/',
    ))!
    const file = fileObject(Buffer.from('client\n'))
    const root = dirObject([...rootDirents, fileDirent('client.txt', file, USER)])
    const commit = clientCommit({ repoId, rootId: root.id, parentId: base, creatorName: USER })
    expect((await sync('PUT', `commit/${commit.id}`, commit.raw)).status).toBe(200)
    const objects = [root, file].map(({ id, stored }) => ({ id, data: stored }))
    expect((await sync('POST', 'recv-fs/', encodePack(objects))).status).toBe(200)
    for (const [id, block] of file.blocks) expect((await sync('PUT', `block/${id}`, block)).status).toBe(200)
    expect((await sync('PUT', `commit/HEAD/?head=${commit.id}`)).status).toBe(200)

    expect(await webNames()).toEqual(['web.txt', 'client.txt'])
    const headId = (await server.seaf.repos.get(repoId))!.headCommitId
    const latest = (await commitChain(server.seaf.meta, headId).next()).value
    expect(latest?.creator_name).toBe(USER)
    expect(await (await sync('GET', `commit/${commit.id}`)).text()).toBe(commit.raw.toString())
  })

  it('merges a client commit made on an old head with a web change', async () => {
    const base = await head()
    const file = fileObject(Buffer.from('client\n'))
    const root = dirObject([fileDirent('client.txt', file, USER)])
    const commit = clientCommit({ repoId, rootId: root.id, parentId: base, creatorName: USER })
    await sync('PUT', `commit/${commit.id}`, commit.raw)
    await sync('POST', 'recv-fs/', encodePack([root, file].map(({ id, stored }) => ({ id, data: stored }))))
    for (const [id, block] of file.blocks) await sync('PUT', `block/${id}`, block)
    await webUpload('/', 'web.txt', 'web\n')

    expect((await sync('PUT', `commit/HEAD/?head=${commit.id}`)).status).toBe(200)
    expect(await webNames()).toEqual(['web.txt', 'client.txt'])
    const merge = JSON.parse(await (await sync('GET', `commit/${await head()}`)).text())
    expect(merge).toMatchObject({
      second_parent_id: commit.id,
      description: 'Auto merge by system',
      new_merge: 1,
    })
  })

  it('answers 444 once the library is deleted and 403 to a token of another library', async () => {
    const other = await server.seaf.repos.create({ name: 'other', owner: USER })
    const otherToken = await server.seaf.syncTokens.issue(other.id, USER)
    expect((await sync('GET', 'commit/HEAD', undefined, otherToken)).status).toBe(403)
    const repo = (await server.seaf.repos.get(repoId))!
    await server.seaf.repos.save({ ...repo, deletedAt: 1 })
    expect((await sync('GET', 'commit/HEAD')).status).toBe(444)
    expect((await sync('GET', 'permission-check/?op=download')).status).toBe(444)
  })

  it('refuses uploads from a user with read-only access', async () => {
    const reader = 'user2@example.com'
    server.seaf.permissionResolvers.push(async (user) => (user === reader ? 'r' : undefined))
    const readerToken = await server.seaf.syncTokens.issue(repoId, reader)
    expect((await sync('GET', 'permission-check/?op=download', undefined, readerToken)).status).toBe(200)
    expect((await sync('GET', 'permission-check/?op=upload', undefined, readerToken)).status).toBe(403)
  })

  it('answers 443 above the owner’s quota', async () => {
    const owner = (await server.seaf.users.get(USER))!
    await server.seaf.users.save({ ...owner, quota: 100 })
    await webUpload('/', 'sixty.txt', 'x'.repeat(60))
    // quota.go::checkQuota: usage + delta >= quota is over.
    expect((await sync('GET', 'quota-check/?delta=39')).status).toBe(200)
    expect((await sync('GET', 'quota-check/?delta=40')).status).toBe(443)
  })

  it('serves an empty library as an empty fs id list', async () => {
    const h = await head()
    expect(JSON.parse(await (await sync('GET', `commit/${h}`)).text()).root_id).toBe(EMPTY_ID)
    expect(await (await sync('GET', `fs-id-list/?server-head=${h}`)).text()).toBe('[]')
  })
})
