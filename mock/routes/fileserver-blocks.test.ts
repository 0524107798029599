import { buffer } from 'node:stream/consumers'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { lookup } from '../model/repoTree.ts'
import { conforms, login } from '../testing/harness.ts'
import { formBody } from '../upload/testing/formBody.ts'
import {
  bytesOf,
  fileIdOf,
  local,
  sha1,
  type UploadFixture,
  uploadFixture,
} from '../upload/testing/uploadClient.ts'

let f: UploadFixture
beforeEach(async () => {
  f = await uploadFixture()
})
afterEach(async () => {
  await f.server.close()
})

interface BlksLink {
  rawblksurl: string
  commiturl: string
  blklist: string[]
}

async function blksLink(ids: string[], client = f.client, repoId = f.repoId): Promise<BlksLink> {
  const res = await client.call('POST', `/api2/repos/${repoId}/upload-blks-link/?p=/`, {
    form: ids.length ? { blklist: ids.join(',') } : {},
  })
  expect(res.status).toBe(200)
  return (await res.json()) as BlksLink
}

async function send(url: string, parts: Parameters<typeof formBody>[0]) {
  const body = formBody(parts)
  const res = await f.server.request(local(url), {
    method: 'POST',
    body: new Uint8Array(body.body),
    headers: { 'Content-Type': body.contentType },
  })
  return { res, text: await conforms(res, 'POST', local(url)) }
}

const blocksOf = (data: Buffer, size: number) => {
  const out: Buffer[] = []
  for (let at = 0; at < data.length; at += size) out.push(data.subarray(at, at + size))
  return out
}

const commitFields = (name: string, size: number, ids: string[], extra: Record<string, string> = {}) =>
  Object.entries({
    parent_dir: '/',
    file_name: name,
    file_size: String(size),
    blockids: JSON.stringify(ids),
    ...extra,
  }).map(([k, v]) => ({ name: k, value: v }))

async function stored(path: string): Promise<Buffer | undefined> {
  const repo = (await f.server.seaf.repos.get(f.repoId))!
  const dirent = await lookup(f.server.seaf.fs, (await f.server.seaf.repos.head(repo)).root_id, path)
  return dirent && buffer(f.server.seaf.readFile(dirent.id))
}

describe('block upload', () => {
  it('asks for missing blocks, stores verified ones and commits the file', async () => {
    const data = bytesOf(3 * 1024 * 1024 + 5, 21)
    const blocks = blocksOf(data, 1024 * 1024)
    const ids = blocks.map(sha1)
    const urls = await blksLink(ids)
    expect(urls.blklist).toEqual(ids)
    expect(urls.rawblksurl).toMatch(/\/seafhttp\/upload-raw-blks-api\/[0-9a-f-]{36}$/)
    expect(urls.commiturl).toMatch(
      /\/seafhttp\/upload-blks-api\/[0-9a-f-]{36}\?commitonly=true&ret-json=true$/,
    )
    const raw = await send(
      urls.rawblksurl,
      blocks.map((b, i) => ({ name: 'file', filename: ids[i]!, data: b })),
    )
    expect([raw.res.status, raw.text, raw.res.headers.get('content-type')]).toEqual([
      200,
      '"OK"',
      'application/json; charset=utf-8',
    ])
    const commit = await send(urls.commiturl, commitFields('big.bin', data.length, ids))
    const expectedId = sha1(
      `{"block_ids": [${ids.map((id) => `"${id}"`).join(', ')}], "size": ${data.length}, "type": 1, "version": 1}`,
    )
    expect(JSON.parse(commit.text)).toEqual({ id: expectedId })
    expect((await stored('/big.bin'))?.equals(data)).toBe(true)
    const repo = (await f.server.seaf.repos.get(f.repoId))!
    expect((await f.server.seaf.repos.head(repo)).description).toBe('Added "big.bin"')
  })

  it('does not ask again for blocks already stored, whoever uploaded them', async () => {
    const shared = Buffer.from('shared block')
    const first = await blksLink([sha1(shared)])
    await send(first.rawblksurl, [{ name: 'file', filename: sha1(shared), data: shared }])
    const other = await login(f.server, 'user2@example.com', 'user2')
    const repo2 = await f.server.seaf.repos.create({ name: 'theirs', owner: 'user2@example.com' })
    const fresh = sha1('fresh')
    const again = await blksLink([sha1(shared), fresh], other, repo2.id)
    expect(again.blklist).toEqual([fresh])
    expect((await blksLink([])).blklist).toEqual([])
  })

  it('refuses a block whose bytes do not match its id with 500 and an empty body, keeping earlier blocks', async () => {
    const good = Buffer.from('good')
    const urls = await blksLink([])
    const { res, text } = await send(urls.rawblksurl, [
      { name: 'file', filename: sha1(good), data: good },
      { name: 'file', filename: sha1('something else'), data: 'tampered' },
      { name: 'file', filename: sha1('after'), data: 'after' },
    ])
    expect([res.status, text]).toEqual([500, '\n'])
    expect((await blksLink([sha1(good), sha1('after')])).blklist).toEqual([sha1('after')])
  })

  it('refuses to commit a block that is not stored with 446', async () => {
    const urls = await blksLink([])
    const { res, text } = await send(urls.commiturl, commitFields('m.bin', 5, [sha1('never sent')]))
    expect([res.status, text]).toEqual([446, '\n'])
  })

  it('commits an empty block list as the empty file and renames a clash', async () => {
    const urls = await blksLink([])
    const plain = urls.commiturl.replace('&ret-json=true', '')
    const first = await send(plain, commitFields('e.txt', 0, []))
    expect(first.text).toBe(`"${'0'.repeat(40)}"`)
    await send(plain, commitFields('e.txt', 0, []))
    const names = (
      await f.server.seaf.fs.getDir(
        (
          await f.server.seaf.repos.head((await f.server.seaf.repos.get(f.repoId))!)
        ).root_id,
      )
    )?.map((d) => d.name)
    expect(names?.sort()).toEqual(['e (1).txt', 'e.txt'])
  })

  it.each([
    ['no parent_dir', { parent_dir: '' }, '{"error": "No parent_dir given.\n"}\n'],
    ['no file_name', { file_name: '' }, '{"error": "No file_name given.\n"}\n'],
    ['a bad file_size', { file_size: 'x' }, '{"error": "Invalid argument file_size.\n"}\n'],
    ['a negative file_size', { file_size: '-1' }, '{"error": "Invalid file size.\n"}\n'],
    ['no blockids', { blockids: '' }, '{"error": "No blockids given.\n"}\n'],
    ['a missing folder', { parent_dir: '/nope' }, '{"error": "Parent dir doesn\'t exist.\n"}\n'],
  ])('refuses a commit with %s', async (_what, override, body) => {
    const urls = await blksLink([])
    const fields = commitFields('x', 1, [], override).filter((p) => p.value !== '')
    const { res, text } = await send(urls.commiturl, fields)
    expect([res.status, text]).toEqual([400, body])
  })

  it('refuses a commit without commitonly, and bad blockids JSON with 500', async () => {
    const urls = await blksLink([])
    const noCommit = await send(urls.commiturl.split('?')[0]!, commitFields('x', 1, []))
    expect([noCommit.res.status, noCommit.text]).toEqual([400, '{"error": "Only commit supported.\n"}\n'])
    const bad = await send(urls.commiturl, [
      ...commitFields('x', 1, []).filter((p) => p.name !== 'blockids'),
      { name: 'blockids', value: '[oops' },
    ])
    expect([bad.res.status, bad.text]).toEqual([500, '\n'])
  })

  it('refuses a urlencoded commit, as Go ParseMultipartForm does (400, empty)', async () => {
    const urls = await blksLink([])
    const res = await f.server.request(local(urls.commiturl), {
      method: 'POST',
      body: new URLSearchParams({ parent_dir: '/', file_name: 'x', file_size: '0', blockids: '[]' }),
    })
    expect([res.status, await res.text()]).toEqual([400, '\n'])
  })

  it('gives the GET link a token that only works on upload-blks-api', async () => {
    const res = await f.client.call('GET', `/api2/repos/${f.repoId}/upload-blks-link/?p=/`)
    const url = (await res.json()) as string
    expect(url).toMatch(/\/seafhttp\/upload-blks-api\/[0-9a-f-]{36}$/)
    const raw = await send(url.replace('upload-blks-api', 'upload-raw-blks-api'), [
      { name: 'file', filename: sha1('a'), data: 'a' },
    ])
    expect(raw.res.status).toBe(403)
    const commit = await send(`${url}?commitonly=1`, commitFields('g.txt', 0, []))
    expect(commit.res.status).toBe(200)
  })

  it('updates a file from stored blocks through the C update-blks-api', async () => {
    const data = Buffer.from('updated content')
    const urls = await blksLink([sha1(data)])
    await send(urls.rawblksurl, [{ name: 'file', filename: sha1(data), data }])
    const res = await f.client.call('GET', `/api2/repos/${f.repoId}/update-blks-link/?p=/`)
    const url = (await res.json()) as string
    expect(url).toMatch(/\/seafhttp\/update-blks-api\/[0-9a-f-]{36}$/)
    const fields = [
      { name: 'target_file', value: '/u.txt' },
      { name: 'file_size', value: String(data.length) },
      { name: 'blockids', value: JSON.stringify([sha1(data)]) },
    ]
    const body = formBody(fields)
    const up = await f.server.request(`${local(url)}?commitonly=true`, {
      method: 'POST',
      body: new Uint8Array(body.body),
      headers: { 'Content-Type': body.contentType },
    })
    expect([up.status, await up.text()]).toEqual([200, fileIdOf(data)])
    expect((await stored('/u.txt'))?.toString()).toBe('updated content')
    const noCommit = await f.server.request(local(url), {
      method: 'POST',
      body: new Uint8Array(body.body),
      headers: { 'Content-Type': body.contentType },
    })
    expect([noCommit.status, await noCommit.text()]).toEqual([400, '{"error": "Only commit supported.\n"}'])
  })
})

describe('block upload over HTTP', () => {
  it('uploads missing blocks and commits them through the absolute URLs seahub gives', async () => {
    const listener = await f.server.listen(0, '127.0.0.1')
    try {
      const data = bytesOf(2 * 1024 * 1024 + 11, 31)
      const blocks = blocksOf(data, 1024 * 1024)
      const ids = blocks.map(sha1)
      const res = await fetch(`${listener.url}/api2/repos/${f.repoId}/upload-blks-link/?p=/`, {
        method: 'POST',
        headers: { Authorization: `Token ${f.client.token}` },
        body: new URLSearchParams({ blklist: ids.join(',') }),
      })
      const urls = (await res.json()) as BlksLink
      expect(urls.rawblksurl.startsWith(`${listener.url}/seafhttp/`)).toBe(true)
      const raw = formBody(blocks.map((b, i) => ({ name: 'file', filename: ids[i]!, data: b })))
      const stored1 = await fetch(urls.rawblksurl, {
        method: 'POST',
        headers: { 'Content-Type': raw.contentType },
        body: new Uint8Array(raw.body),
      })
      expect(await stored1.text()).toBe('"OK"')
      const commit = formBody(commitFields('http.bin', data.length, ids))
      const done = await fetch(urls.commiturl, {
        method: 'POST',
        headers: { 'Content-Type': commit.contentType },
        body: new Uint8Array(commit.body),
      })
      expect(await done.json()).toEqual({ id: fileIdOf(data, 1024 * 1024) })
      expect((await stored('/http.bin'))?.equals(data)).toBe(true)
    } finally {
      await listener.close()
    }
  })
})
