import { inflateSync } from 'node:zlib'
import { Hono } from 'hono'
import { beforeEach, describe, expect, it } from 'vitest'
import { seafhttpSyncRoutes } from '../routes/seafhttp-sync.ts'
import { EMPTY_ID, type FsDirent, readFsObject } from './fsObjects.ts'
import { decodePack, encodePack } from './packFormat.ts'
import { type MemoryRepo, MemorySyncBackend } from './testing/memoryBackend.ts'
import { clientCommit, dirObject, fileDirent, fileObject } from './testing/objects.ts'

let backend: MemorySyncBackend
let app: Hono
let repo: MemoryRepo
let token: string

beforeEach(async () => {
  backend = new MemorySyncBackend()
  ;({ repo, token } = await backend.addRepo('lib', 'a@b.c'))
  const sub = backend.putDir('sub', [backend.putFile('hello.txt', Buffer.from('hello world\n'))])
  backend.commitRoot(repo.id, [sub, backend.putFile('empty', Buffer.alloc(0))])
  app = new Hono().route('/seafhttp', seafhttpSyncRoutes(backend))
})

/** A request as seaf-daemon sends it: repo token header, libcurl's default form Content-Type on POSTs. */
function call(
  method: string,
  path: string,
  body?: Uint8Array | string,
  headers: Record<string, string> = {},
) {
  const init: RequestInit = { method, headers: { 'Seafile-Repo-Token': token, ...headers } }
  if (body !== undefined) {
    init.body = body as BodyInit
    if (method === 'POST')
      (init.headers as Record<string, string>)['Content-Type'] = 'application/x-www-form-urlencoded'
  }
  return app.request(`/seafhttp${path}`, init)
}
const repoPath = (rest: string) => `/repo/${repo.id}${rest}`
const headOf = async () =>
  (await (await call('GET', repoPath('/commit/HEAD'))).json()).head_commit_id as string

describe('protocol-version', () => {
  it('answers version 2 with and without a trailing slash', async () => {
    for (const path of ['/protocol-version', '/protocol-version/']) {
      const res = await app.request(`/seafhttp${path}`)
      expect(res.status).toBe(200)
      expect(await res.text()).toBe('{"version": 2}')
    }
  })
})

describe('commit/HEAD', () => {
  it('gives the head in the Go server’s exact text', async () => {
    const res = await call('GET', repoPath('/commit/HEAD'))
    expect(await res.text()).toBe(`{"is_corrupted": 0, "head_commit_id": "${repo.head}"}`)
  })

  it('answers 444 for a library that does not exist, before looking at the token', async () => {
    const res = await call('GET', `/repo/${crypto.randomUUID()}/commit/HEAD`, undefined, {
      'Seafile-Repo-Token': '',
    })
    expect(res.status).toBe(444)
  })

  it('answers 400 "token is null" without a token and 403 for another library’s token', async () => {
    const none = await app.request(`/seafhttp${repoPath('/commit/HEAD')}`)
    expect([none.status, await none.text()]).toEqual([400, 'token is null\n'])
    expect(none.headers.get('Content-Type')).toBe('text/plain; charset=utf-8')
    const other = await backend.addRepo('other', 'a@b.c')
    const res = await call('GET', repoPath('/commit/HEAD'), undefined, { 'Seafile-Repo-Token': other.token })
    expect(res.status).toBe(403)
  })

  it('accepts the sync token in Authorization as the Go server does', async () => {
    const res = await app.request(`/seafhttp${repoPath('/commit/HEAD')}`, {
      headers: { Authorization: `Token ${token}` },
    })
    expect(res.status).toBe(200)
  })
})

describe('permission-check', () => {
  it.each([
    ['?op=delete', 400, 'op is invalid\n'],
    ['?op=download&client_id=short', 400, 'client_id is invalid\n'],
    [`?op=download&client_id=${'1'.repeat(40)}&client_name=unknown`, 200, ''],
  ])('%s → %i', async (query, status, text) => {
    const res = await call('GET', repoPath(`/permission-check/${query}`))
    expect([res.status, await res.text()]).toEqual([status, text])
  })

  it('answers 444 for a deleted library and 403 for an upload to a read-only one', async () => {
    repo.readOnly = true
    expect((await call('GET', repoPath('/permission-check/?op=upload'))).status).toBe(403)
    expect((await call('GET', repoPath('/permission-check/?op=download'))).status).toBe(200)
    repo.deleted = true
    expect((await call('GET', repoPath('/permission-check/?op=download'))).status).toBe(444)
  })
})

describe('clone', () => {
  it('serves the head commit raw, the fs ids, their pack and the blocks', async () => {
    const head = await headOf()
    const commit = await call('GET', repoPath(`/commit/${head}`))
    const { root_id: root } = JSON.parse(await commit.text())
    const ids: string[] = await (await call('GET', repoPath(`/fs-id-list/?server-head=${head}`))).json()
    expect(ids[0]).toBe(root)
    expect(ids).toHaveLength(3)
    expect(ids).not.toContain(EMPTY_ID)

    const pack = await call('POST', repoPath('/pack-fs/'), JSON.stringify(ids))
    const entries = decodePack(new Uint8Array(await pack.arrayBuffer()))
    expect(entries.map((e) => e.id)).toEqual(ids)
    const file = entries.map((e) => readFsObject(e.data)).find((o) => o.type === 1)
    expect(file?.type === 1 && file.blockIds).toEqual(['22596363b3de40b06f981fb85d82312e8c0ed511'])

    const block = await call('GET', repoPath('/block/22596363b3de40b06f981fb85d82312e8c0ed511'))
    expect(await block.text()).toBe('hello world\n')
  })

  it('lists nothing for an empty library and nothing when the client is up to date', async () => {
    const fresh = await backend.addRepo('empty', 'a@b.c')
    const res = await call(
      'GET',
      `/repo/${fresh.repo.id}/fs-id-list/?server-head=${fresh.repo.head}`,
      undefined,
      {
        'Seafile-Repo-Token': fresh.token,
      },
    )
    expect(await res.text()).toBe('[]')
    const head = await headOf()
    expect(
      await (await call('GET', repoPath(`/fs-id-list/?server-head=${head}&client-head=${head}`))).text(),
    ).toBe('[]')
  })

  it('answers 404 for an unknown commit, 500 for an unknown block or fs object, 400 for a bad fs id', async () => {
    expect((await call('GET', repoPath(`/commit/${'d'.repeat(40)}`))).status).toBe(404)
    expect((await call('GET', repoPath(`/block/${'d'.repeat(40)}`))).status).toBe(500)
    expect((await call('POST', repoPath('/pack-fs/'), JSON.stringify(['d'.repeat(40)]))).status).toBe(500)
    const bad = await call('POST', repoPath('/pack-fs/'), JSON.stringify(['nope']))
    expect([bad.status, await bad.text()]).toEqual([400, 'Invalid fs id nope\n'])
  })
})

/** The root entries of a stored commit. */
async function rootDirents(commitId: string): Promise<FsDirent[]> {
  const { root_id: rootId } = JSON.parse(
    Buffer.from((await backend.readCommit(repo.id, commitId))!).toString(),
  )
  if (rootId === EMPTY_ID) return []
  const root = readFsObject(backend.fs.get(rootId)!)
  return root.type === 3 ? root.dirents : []
}

/** Uploads a new root with one more file as the client does; returns the new commit id. */
async function upload(name: string, content: string, parent: string) {
  const file = fileObject(Buffer.from(content))
  const root = dirObject([...(await rootDirents(parent)), fileDirent(name, file)])
  const commit = clientCommit({
    repoId: repo.id,
    rootId: root.id,
    parentId: parent,
    description: `Added "${name}".\n`,
  })
  expect((await call('PUT', repoPath(`/commit/${commit.id}`), commit.raw)).status).toBe(200)
  const missing: string[] = await (
    await call('POST', repoPath('/check-fs/'), JSON.stringify([root.id, file.id]))
  ).json()
  expect(missing).toEqual([root.id, file.id])
  const objects = [root, file].map(({ id, stored }) => ({ id, data: stored }))
  expect((await call('POST', repoPath('/recv-fs/'), encodePack(objects))).status).toBe(200)
  const blocks: string[] = await (
    await call('POST', repoPath('/check-blocks/'), JSON.stringify([...file.blocks.keys()]))
  ).json()
  for (const id of blocks)
    expect((await call('PUT', repoPath(`/block/${id}`), file.blocks.get(id)!)).status).toBe(200)
  return commit.id
}

describe('upload', () => {
  it('fast-forwards the branch to a client commit once its objects and blocks are in', async () => {
    const base = await headOf()
    const next = await upload('new.txt', 'from the client\n', base)
    const res = await call('PUT', repoPath(`/commit/HEAD/?head=${next}`))
    expect(res.status).toBe(200)
    expect(await headOf()).toBe(next)
    const ids: string[] = await (
      await call('GET', repoPath(`/fs-id-list/?server-head=${next}&client-head=${base}`))
    ).json()
    expect(ids).toHaveLength(2)
  })

  it('merges on the server when the branch moved since the client’s base', async () => {
    const base = await headOf()
    const next = await upload('client.txt', 'client\n', base)
    const web = backend.putFile('web.txt', Buffer.from('web\n'))
    backend.commitRoot(repo.id, [...(await rootDirents(base)), web], 'Added "web.txt"')
    const webHead = await headOf()

    expect((await call('PUT', repoPath(`/commit/HEAD?head=${next}`))).status).toBe(200)
    const merged = JSON.parse(Buffer.from((await backend.readCommit(repo.id, await headOf()))!).toString())
    expect([merged.parent_id, merged.second_parent_id, merged.description]).toEqual([
      webHead,
      next,
      'Auto merge by system',
    ])
    expect((await rootDirents(await headOf())).map((d) => d.name)).toEqual([
      'web.txt',
      'sub',
      'empty',
      'client.txt',
    ])
  })

  it('answers 446 with the file names when blocks are missing', async () => {
    const file = fileObject(Buffer.from('never sent\n'))
    const root = dirObject([fileDirent('lost.txt', file)])
    const commit = clientCommit({ repoId: repo.id, rootId: root.id, parentId: await headOf() })
    await call('PUT', repoPath(`/commit/${commit.id}`), commit.raw)
    await call(
      'POST',
      repoPath('/recv-fs/'),
      encodePack([root, file].map(({ id, stored }) => ({ id, data: stored }))),
    )
    const res = await call('PUT', repoPath(`/commit/HEAD/?head=${commit.id}`))
    expect([res.status, await res.text()]).toEqual([446, '["lost.txt"]\n'])
  })

  it('refuses fs objects, blocks and commits whose ids do not match their content', async () => {
    const file = fileObject(Buffer.from('x'))
    const wrongFs = await call(
      'POST',
      repoPath('/recv-fs/'),
      encodePack([{ id: 'e'.repeat(40), data: file.stored }]),
    )
    expect(wrongFs.status).toBe(400)
    expect(backend.fs.has('e'.repeat(40))).toBe(false)
    expect((await call('PUT', repoPath(`/block/${'e'.repeat(40)}`), Buffer.from('x'))).status).toBe(400)
    const commit = clientCommit({ repoId: repo.id, rootId: EMPTY_ID, parentId: repo.head })
    expect((await call('PUT', repoPath(`/commit/${'e'.repeat(40)}`), commit.raw)).status).toBe(400)
  })

  it('refuses a commit of another library and a malformed pack', async () => {
    const commit = clientCommit({ repoId: crypto.randomUUID(), rootId: EMPTY_ID, parentId: null })
    const res = await call('PUT', repoPath(`/commit/${commit.id}`), commit.raw)
    expect([res.status, await res.text()]).toEqual([
      400,
      'The repo id in commit does not match current repo id\n',
    ])
    const short = await call('POST', repoPath('/recv-fs/'), Buffer.from('x'.repeat(50)))
    expect(short.status).toBe(400)
  })

  it('refuses uploads to a read-only library with a bare 403', async () => {
    repo.readOnly = true
    const res = await call('PUT', repoPath(`/block/${'e'.repeat(40)}`), Buffer.from('x'))
    expect([res.status, await res.text()]).toEqual([403, '\n'])
  })
})

describe('quota-check', () => {
  it('answers 200 within quota, 443 beyond, 400 for a bad delta', async () => {
    backend.quotaLeft = 10
    expect((await call('GET', repoPath('/quota-check/?delta=-5'))).status).toBe(200)
    const full = await call('GET', repoPath('/quota-check/?delta=11'))
    expect([full.status, await full.text()]).toEqual([443, 'Out of quota.\n\n'])
    expect((await call('GET', repoPath('/quota-check/?delta=1.5'))).status).toBe(400)
  })
})

describe('head-commits-multi', () => {
  it('maps each known library to its head without a token', async () => {
    const unknown = crypto.randomUUID()
    const res = await app.request('/seafhttp/repo/head-commits-multi/', {
      method: 'POST',
      body: JSON.stringify([repo.id, unknown]),
    })
    expect(await res.json()).toEqual({ [repo.id]: repo.head })
  })

  it('answers 400 for an empty list or an id that is not a UUID', async () => {
    for (const body of ['[]', '["x"]', '{']) {
      expect((await app.request('/seafhttp/repo/head-commits-multi', { method: 'POST', body })).status).toBe(
        400,
      )
    }
  })
})

describe('object formats', () => {
  it('stores uploaded fs objects byte for byte as received', async () => {
    const next = await upload('kept.txt', 'kept\n', await headOf())
    const commit = JSON.parse(Buffer.from((await backend.readCommit(repo.id, next))!).toString())
    const root = backend.fs.get(commit.root_id)!
    expect(inflateSync(root).toString()).toContain('"name": "kept.txt"')
  })
})
