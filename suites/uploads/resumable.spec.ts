/**
 * Resumable (Content-Range) upload: chunk answers, file-uploaded-bytes, a resume after a real socket abort,
 * concurrent uploads, and misbehaving clients — `core` is the Go fileserver's lax behaviour, `strict` a
 * refusal (seafile-server-semantics.md §3). Skipped with the reason when file-uploaded-bytes does not answer.
 */
import type { APIResponse } from '@playwright/test'
import { fileId } from '../client/fileId.ts'
import type { SeafileClient } from '../client/files.ts'
import { toleratedAtCore } from '../client/level.ts'
import { expect, needs, test } from '../fixtures.ts'
import { requireResumable } from './resumable.ts'
import {
  abortChunk,
  bytes,
  download,
  eventually,
  MiB,
  postChunk,
  type Uploaded,
  uploadChunked,
  uploadedBytes,
  uploadLink,
} from './transfer.ts'

const core = needs('@core', 'resumable')
const strict = needs('@strict', 'resumable')

test.describe('@uploads @resumable', () => {
  test.beforeEach(async ({ api, repo }, info) => requireResumable(api, repo.id, info))

  for (const [label, chunk, size] of [
    ['1 MiB', MiB, 3 * MiB + 17],
    ['8 MiB', 8 * MiB, 17 * MiB + 5],
    ['odd (1 234 567 bytes)', 1_234_567, 3 * MiB],
  ] as const) {
    test(
      `chunks of ${label}: {"success": true} until the last, which commits the computed id`,
      core,
      async ({ api, repo }) => {
        test.slow()
        const content = bytes(size)
        const answers = await uploadChunked(api, await uploadLink(api, repo.id), '/', 'r.bin', content, chunk)
        for (const res of answers.slice(0, -1)) {
          expect(res.status()).toBe(200)
          expect(await res.json()).toEqual({ success: true })
        }
        const last = answers.at(-1)!
        expect(last.status()).toBe(200)
        expect(await last.json()).toEqual([{ id: fileId(content), name: 'r.bin', size }])
        const back = await download(api, repo.id, '/r.bin')
        expect(Buffer.compare(await back.body(), content)).toBe(0)
      },
    )
  }

  test(
    'file-uploaded-bytes: 0 before, the bytes held during, 0 after the commit',
    core,
    async ({ api, repo }) => {
      const content = bytes(3 * MiB)
      const link = await uploadLink(api, repo.id)
      expect((await uploadedBytes(api, repo.id, '/', 'p.bin')).bytes).toBe(0)
      for (let i = 0; i < 2; i++) {
        await postChunk(
          api,
          link,
          'p.bin',
          '/',
          content.subarray(i * MiB, (i + 1) * MiB),
          i * MiB,
          content.length,
        )
        expect((await uploadedBytes(api, repo.id, '/', 'p.bin')).bytes).toBe((i + 1) * MiB)
      }
      const last = await postChunk(
        api,
        link,
        'p.bin',
        '/',
        content.subarray(2 * MiB),
        2 * MiB,
        content.length,
      )
      expect(last.status()).toBe(200)
      expect((await uploadedBytes(api, repo.id, '/', 'p.bin')).bytes).toBe(0)
    },
  )

  test(
    'a chunk aborted mid-body on the socket: resume from uploadedBytes gives the right file',
    core,
    async ({ api, repo }) => {
      const content = bytes(4 * MiB)
      const link = await uploadLink(api, repo.id)
      await postChunk(api, link, 'a.bin', '/', content.subarray(0, MiB), 0, content.length)
      await abortChunk(link, '/', 'a.bin', content.subarray(MiB, 2 * MiB), MiB, content.length, MiB / 2)
      const held = (
        await eventually(
          () => uploadedBytes(api, repo.id, '/', 'a.bin'),
          () => true,
        )
      ).bytes
      expect(held).toBeGreaterThanOrEqual(MiB)
      expect(held).toBeLessThan(2 * MiB)
      let last: Awaited<ReturnType<typeof postChunk>> | undefined
      for (let at = held; at < content.length; at += MiB) {
        const chunk = content.subarray(at, Math.min(at + MiB, content.length))
        last = await postChunk(api, link, 'a.bin', '/', chunk, at, content.length)
      }
      expect(await last!.json()).toEqual([{ id: fileId(content), name: 'a.bin', size: content.length }])
      expect(Buffer.compare(await (await download(api, repo.id, '/a.bin')).body(), content)).toBe(0)
    },
  )

  test('several resumable uploads of different files at once', core, async ({ api, repo }) => {
    const link = await uploadLink(api, repo.id)
    const files = [0, 1, 2].map((i) => ({ name: `c${i}.bin`, content: bytes(2 * MiB + i * 1000) }))
    const results = await Promise.all(
      files.map((f) => uploadChunked(api, link, '/', f.name, f.content, 512 * 1024)),
    )
    for (const [i, answers] of results.entries()) {
      const f = files[i]!
      expect(await answers.at(-1)!.json()).toEqual([
        { id: fileId(f.content), name: f.name, size: f.content.length },
      ])
      expect(Buffer.compare(await (await download(api, repo.id, `/${f.name}`)).body(), f.content)).toBe(0)
    }
  })

  /**
   * Two clients upload the same name into one folder, their chunks interleaved: at every step one chunk of
   * each is in flight at once. A client stops at its first refusal, as a real one would. The last chunks go
   * one after the other, as two commits of one temp file at the same instant race on the real server.
   */
  async function sameNameInterleaved(api: SeafileClient, repoId: string) {
    const contents = [bytes(MiB + 1), bytes(MiB + 2)]
    const links = await Promise.all(contents.map(() => uploadLink(api, repoId)))
    const answers: APIResponse[][] = contents.map(() => [])
    const refused = (i: number) => answers[i]!.some((a) => a.status() !== 200)
    const send = async (i: number, at: number) => {
      if (refused(i)) return
      const content = contents[i]!
      const chunk = content.subarray(at, Math.min(at + SAME_CHUNK, content.length))
      answers[i]!.push(await postChunk(api, links[i]!, SAME_NAME, '/', chunk, at, content.length))
    }
    const lastAt = Math.floor(MiB / SAME_CHUNK) * SAME_CHUNK
    for (let at = 0; at < lastAt; at += SAME_CHUNK) await Promise.all(contents.map((_, i) => send(i, at)))
    for (const i of contents.keys()) await send(i, lastAt)
    return { contents, answers }
  }
  const SAME_NAME = 'same.bin'
  const SAME_CHUNK = 300_000

  test(
    'two clients interleaving chunks of the same name: both commit, the second as "name (1).ext"',
    core,
    async ({ api, repo }) => {
      const { contents, answers } = await sameNameInterleaved(api, repo.id)
      // The C file server (10.0) answers 500 to one of the clients.
      if (
        toleratedAtCore(
          answers.flat().some((r) => r.status() === 500),
          'interleaved-chunks-500',
        )
      )
        return
      for (const client of answers) {
        for (const res of client.slice(0, -1)) expect(await res.json()).toEqual({ success: true })
        expect(client.at(-1)!.status()).toBe(200)
      }
      const ups = await Promise.all(answers.map(async (a) => ((await a.at(-1)!.json()) as Uploaded[])[0]!))
      // fileop.go::addNewEntries/genUniqueName: the later commit gets "same (1).bin".
      expect(ups.map((u) => u.name)).toEqual(['same.bin', 'same (1).bin'])
      expect(ups.map((u) => u.size)).toEqual(contents.map((c) => c.length))
      const names = (await api.listDir(repo.id, '/')).entries.map((e) => e.name).sort()
      expect(names).toEqual(['same (1).bin', 'same.bin'])
      // The real server keys the temp file by library and path, not by client
      // (fileop.go::writeBlockDataToTmpFile → repomgr.GetUploadTmpFile(repoID, "/"+parent_dir+"/"+name);
      // seafile-server-semantics.md §3), so interleaved chunks share one temp file: the first commit holds
      // both clients' bytes and the second starts a fresh temp file (zeros before its last chunk). What holds
      // is that each stored file is the one its answer names: its bytes hash to the answered id and size.
      for (const up of ups) {
        const back = await (await download(api, repo.id, `/${up.name}`)).body()
        expect(back.length).toBe(up.size)
        expect(fileId(back), `the bytes stored as ${up.name}`).toBe(up.id)
      }
    },
  )

  test(
    'two clients interleaving chunks of the same name each keep their own bytes (or are refused)',
    strict,
    async ({ api, repo }) => {
      const { contents, answers } = await sameNameInterleaved(api, repo.id)
      let kept = 0
      for (const [i, client] of answers.entries()) {
        const refusal = client.find((a) => a.status() !== 200)
        if (refusal) {
          expect(refusal.status(), 'a clash is refused with 4xx, not a server error').toBeLessThan(500)
          expect(refusal.status()).toBeGreaterThanOrEqual(400)
          continue
        }
        const [up] = (await client.at(-1)!.json()) as Uploaded[]
        const back = await (await download(api, repo.id, `/${up!.name}`)).body()
        expect(Buffer.compare(back, contents[i]!), `client ${i + 1}'s file ${up!.name}`).toBe(0)
        kept++
      }
      expect(kept, 'at least one client gets its file').toBeGreaterThan(0)
    },
  )

  // Misbehaving clients. fileop.go::parseContentRange ignores an invalid value: an ordinary upload of the part.
  for (const [label, range] of [
    ['an unparseable Content-Range (bytes=0-9/10)', 'bytes=0-9/10'],
    ['a chunk past the end (bytes 10-19/15)', 'bytes 10-19/15'],
    ['start after end (bytes 9-0/10)', 'bytes 9-0/10'],
  ] as const) {
    test(`${label} is ignored: the part is uploaded whole`, core, async ({ api, repo }) => {
      const part = bytes(10)
      const res = await postChunk(api, await uploadLink(api, repo.id), 'bad.bin', '/', part, 0, 10, { range })
      // The C file server (10.0) refuses it instead (upload-file.c: 400 "Invalid Seafile-Content-Range"):
      // the two real file servers differ, and core accepts either.
      if (res.status() === 400) return
      expect(res.status()).toBe(200)
      expect(await res.json()).toEqual([{ id: fileId(part), name: 'bad.bin', size: 10 }])
    })

    test(`${label} is refused`, strict, async ({ api, repo }) => {
      const res = await postChunk(api, await uploadLink(api, repo.id), 'bad.bin', '/', bytes(10), 0, 10, {
        range,
      })
      expect(res.status()).toBeGreaterThanOrEqual(400)
      expect(res.status()).toBeLessThan(500)
    })
  }

  const sendAll = async (
    api: Parameters<typeof postChunk>[0],
    link: string,
    chunks: [Uint8Array, number][],
    total: number,
  ) => {
    const answers = []
    for (const [chunk, start] of chunks)
      answers.push(await postChunk(api, link, 'm.bin', '/', chunk, start, total))
    return answers
  }

  test('a gap is accepted: the missing range reads as zeros', core, async ({ api, repo }) => {
    const content = bytes(30)
    const answers = await sendAll(
      api,
      await uploadLink(api, repo.id),
      [
        [content.subarray(0, 10), 0],
        [content.subarray(20), 20],
      ],
      30,
    )
    const expected = Buffer.concat([content.subarray(0, 10), Buffer.alloc(10), content.subarray(20)])
    expect(await answers[1]!.json()).toEqual([{ id: fileId(expected), name: 'm.bin', size: 30 }])
    expect(Buffer.compare(await (await download(api, repo.id, '/m.bin')).body(), expected)).toBe(0)
  })

  test('an overlap is accepted: the later chunk wins', core, async ({ api, repo }) => {
    const content = bytes(30)
    const answers = await sendAll(
      api,
      await uploadLink(api, repo.id),
      [
        [bytes(20), 0],
        [content.subarray(5), 5],
      ],
      30,
    )
    const expected = Buffer.concat([Buffer.alloc(5), content.subarray(5)])
    const [got] = (await answers[1]!.json()) as Uploaded[]
    expect(got?.size).toBe(30)
    const back = await (await download(api, repo.id, '/m.bin')).body()
    expect(Buffer.compare(back.subarray(5), expected.subarray(5))).toBe(0)
    expect(got?.id).toBe(fileId(back))
  })

  test(
    'a chunk whose body is not its range length is written whole (total mismatch)',
    core,
    async ({ api, repo }) => {
      const content = bytes(20)
      // Claims 0-9 of 20 but carries 15 bytes, then 10-19: the second write overwrites bytes 10-14.
      const first = await postChunk(
        api,
        await uploadLink(api, repo.id),
        'm.bin',
        '/',
        content.subarray(0, 15),
        0,
        20,
        {
          range: 'bytes 0-9/20',
        },
      )
      expect(await first.json()).toEqual({ success: true })
      const res = await postChunk(
        api,
        await uploadLink(api, repo.id),
        'm.bin',
        '/',
        content.subarray(10),
        10,
        20,
      )
      expect(await res.json()).toEqual([{ id: fileId(content), name: 'm.bin', size: 20 }])
    },
  )

  // fileop.go::doUpload: each chunk is "last" when its own end is its own total - 1; nothing compares totals.
  test(
    'chunks disagreeing on the total: the one ending at its total commits',
    core,
    async ({ api, repo }) => {
      const content = bytes(20)
      const link = await uploadLink(api, repo.id)
      const first = await postChunk(api, link, 'm.bin', '/', content.subarray(0, 10), 0, 30)
      expect(await first.json()).toEqual({ success: true })
      const last = await postChunk(api, link, 'm.bin', '/', content.subarray(10), 10, 20)
      expect(await last.json()).toEqual([{ id: fileId(content), name: 'm.bin', size: 20 }])
      expect(Buffer.compare(await (await download(api, repo.id, '/m.bin')).body(), content)).toBe(0)
    },
  )

  test('chunks disagreeing on the total are refused', strict, async ({ api, repo }) => {
    const content = bytes(20)
    const link = await uploadLink(api, repo.id)
    const answers = [
      await postChunk(api, link, 'm.bin', '/', content.subarray(0, 10), 0, 30),
      await postChunk(api, link, 'm.bin', '/', content.subarray(10), 10, 20),
    ]
    expect(answers.some((a) => a.status() >= 400 && a.status() < 500)).toBe(true)
  })

  for (const [label, chunks] of [
    [
      'a gap',
      [
        [0, 10],
        [20, 30],
      ],
    ],
    [
      'an overlap',
      [
        [0, 20],
        [5, 30],
      ],
    ],
  ] as const) {
    test(`${label} between chunks is refused`, strict, async ({ api, repo }) => {
      const content = bytes(30)
      const link = await uploadLink(api, repo.id)
      const answers = await sendAll(
        api,
        link,
        chunks.map(([s, e]) => [content.subarray(s, e), s]),
        30,
      )
      expect(answers.some((a) => a.status() >= 400 && a.status() < 500)).toBe(true)
    })
  }
})
