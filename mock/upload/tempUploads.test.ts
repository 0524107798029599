import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buffer } from 'node:stream/consumers'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { RunningSha1 } from './runningSha1.ts'
import { OffsetConflictError, TempUploadStore } from './tempUploads.ts'

async function* bytes(...pieces: (string | Buffer)[]) {
  for (const p of pieces) yield Buffer.from(p)
}

async function* failingAfter(pieces: string[]) {
  for (const p of pieces) yield Buffer.from(p)
  throw new Error('ECONNRESET')
}

const sha1 = (b: Uint8Array) => createHash('sha1').update(b).digest('hex')
const REPO = '0d4e7f35-3c2e-4f7a-9b6a-1234567890ab'
// Small segments make block boundaries easy to cross in tests.
const SEGMENT = 8
let store: TempUploadStore
const content = async (path: string) => (await buffer(store.read(REPO, path))).toString()

beforeEach(async () => {
  store = await TempUploadStore.create(undefined, { segmentSize: SEGMENT })
})
afterEach(async () => {
  await store.close()
})

function sink() {
  const blocks = new Map<string, Buffer>()
  const adopted: string[] = []
  return {
    blocks,
    adopted,
    put: async (id: string, b: Buffer) => void blocks.set(id, b),
    adopt: async (id: string, path: string) => {
      adopted.push(id)
      blocks.set(id, await readFile(path))
    },
  }
}

describe('TempUploadStore', () => {
  it('reports 0 bytes for an upload it has never seen', () => {
    expect(store.uploadedBytes(REPO, '/a.bin')).toBe(0)
    expect(store.has(REPO, '/a.bin')).toBe(false)
  })

  it('writes chunks at their offsets, across segment boundaries', async () => {
    await store.write(REPO, '/a.bin', 0, bytes('hello '))
    const second = await store.write(REPO, '/a.bin', 6, bytes('wor', 'ld, and more'))
    expect(second).toEqual({ written: 15, size: 21 })
    expect(store.uploadedBytes(REPO, '/a.bin')).toBe(21)
    expect(await content('/a.bin')).toBe('hello world, and more')
  })

  it('keeps uploads of different paths and libraries apart', async () => {
    await store.write(REPO, '/a.bin', 0, bytes('aaa'))
    await store.write(REPO, '/sub/a.bin', 0, bytes('b'))
    await store.write('other', '/a.bin', 0, bytes('cc'))
    expect(store.uploadedBytes(REPO, '/a.bin')).toBe(3)
    expect(store.uploadedBytes(REPO, '/sub/a.bin')).toBe(1)
    expect(store.uploadedBytes('other', '/a.bin')).toBe(2)
  })

  it('accepts gaps and overlaps like the real server; the size is the highest offset written', async () => {
    await store.write(REPO, '/g.bin', 12, bytes('EF'))
    expect(store.uploadedBytes(REPO, '/g.bin')).toBe(14)
    expect(await buffer(store.read(REPO, '/g.bin'))).toEqual(Buffer.from('\0'.repeat(12) + 'EF'))
    await store.write(REPO, '/g.bin', 0, bytes('abcdefghijk'))
    await store.write(REPO, '/g.bin', 2, bytes('CD'))
    expect(await content('/g.bin')).toBe('abCDefghijk\0EF')
    await store.write(REPO, '/g.bin', 0, bytes('x'))
    expect(store.uploadedBytes(REPO, '/g.bin')).toBe(14)
  })

  it('refuses, in strict mode, a chunk that does not start at the bytes held', async () => {
    await store.write(REPO, '/s.bin', 0, bytes('abc'), { strict: true })
    const wrong = store.write(REPO, '/s.bin', 5, bytes('zz'), { strict: true })
    await expect(wrong).rejects.toBeInstanceOf(OffsetConflictError)
    await expect(wrong).rejects.toMatchObject({ expected: 3, actual: 5 })
    await store.write(REPO, '/s.bin', 3, bytes('de'), { strict: true })
    expect(store.uploadedBytes(REPO, '/s.bin')).toBe(5)
  })

  it("refuses, in strict mode, a chunk whose total differs from the first chunk's", async () => {
    await store.write(REPO, '/t.bin', 0, bytes('abc'), { strict: true, total: 30 })
    const wrong = store.write(REPO, '/t.bin', 3, bytes('de'), { strict: true, total: 20 })
    await expect(wrong).rejects.toMatchObject({ reason: 'total', expected: 30, actual: 20 })
    await store.write(REPO, '/t.bin', 3, bytes('de'), { strict: true, total: 30 })
    expect(store.uploadedBytes(REPO, '/t.bin')).toBe(5)
  })

  it('answers settledBytes once the writes under way have ended', async () => {
    let release: () => void = () => {}
    const gate = new Promise<void>((resolve) => {
      release = resolve
    })
    async function* slow() {
      yield Buffer.from('AB')
      await gate
      yield Buffer.from('CD')
    }
    const writing = store.write(REPO, '/w.bin', 0, slow())
    let settled: number | undefined
    const answer = store.settledBytes(REPO, '/w.bin').then((n) => {
      settled = n
    })
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(settled).toBeUndefined()
    release()
    await Promise.all([writing, answer])
    expect(settled).toBe(4)
  })

  it('refuses, in strict mode, a second chunk at the same offset while the first is being written', async () => {
    let release: () => void = () => {}
    const gate = new Promise<void>((resolve) => {
      release = resolve
    })
    async function* slow() {
      await gate
      yield Buffer.from('AAAA')
    }
    const first = store.write(REPO, '/c.bin', 0, slow(), { strict: true })
    const second = store.write(REPO, '/c.bin', 0, bytes('BBBB'), { strict: true })
    await expect(second).rejects.toMatchObject({ name: 'OffsetConflictError', reason: 'busy' })
    release()
    await first
    expect(await content('/c.bin')).toBe('AAAA')
  })

  it('keeps what arrived before the source failed, so the client can resume there', async () => {
    await store.write(REPO, '/r.bin', 0, bytes('0123'))
    await expect(store.write(REPO, '/r.bin', 4, failingAfter(['4567', '89']))).rejects.toThrow('ECONNRESET')
    expect(store.uploadedBytes(REPO, '/r.bin')).toBe(10)
    await store.write(REPO, '/r.bin', 10, bytes('ab'))
    expect(await content('/r.bin')).toBe('0123456789ab')
  })

  it('writes large chunks in batches without changing the bytes', async () => {
    const big = Buffer.alloc(3 * 1024 * 1024 + 5)
    for (let i = 0; i < big.length; i++) big[i] = (i * 7) & 255
    const large = await TempUploadStore.create(undefined)
    try {
      async function* pieces() {
        for (let at = 0; at < big.length; at += 65536) yield big.subarray(at, at + 65536)
      }
      await large.write(REPO, '/big.bin', 0, pieces())
      expect((await buffer(large.read(REPO, '/big.bin'))).equals(big)).toBe(true)
    } finally {
      await large.close()
    }
  })

  it("writes the last MiB before a chunk's announced end in quarter batches, bytes unchanged", async () => {
    const KiB = 1024
    const MiB = 1024 * KiB
    // Each batch goes to the hash as it goes to disk: the hash sees the batches.
    const batches: number[] = []
    const recording = (): RunningSha1 => {
      const hash = createHash('sha1')
      return {
        update: async (b) => {
          batches.push(b.byteLength)
          hash.update(b)
        },
        digest: async () => hash.digest('hex'),
        drop: () => {},
      }
    }
    const data = Buffer.alloc(3 * MiB + 300 * KiB)
    for (let i = 0; i < data.length; i++) data[i] = (i * 13 + (i >> 10)) & 255
    async function* pieces() {
      for (let at = 0; at < data.length; at += 64 * KiB) yield data.subarray(at, at + 64 * KiB)
    }
    const tail = await TempUploadStore.create(undefined, { hasher: recording })
    try {
      await tail.write(REPO, '/tail.bin', 0, pieces(), { end: data.length })
      // The batch under way when the last MiB starts (at 2 MiB + 320 KiB) ends on the next 256 KiB.
      expect(batches).toEqual([MiB, MiB, 512 * KiB, 256 * KiB, 256 * KiB, 256 * KiB, 44 * KiB])
      expect((await buffer(tail.read(REPO, '/tail.bin'))).equals(data)).toBe(true)
      expect(await tail.commit(REPO, '/tail.bin', sink())).toEqual({
        blockIds: [sha1(data)],
        size: data.length,
      })
      // An announced end the chunk overshoots or never reaches changes the batches, never the bytes.
      for (const end of [MiB, 5 * MiB]) {
        await tail.write(REPO, '/odd.bin', 0, pieces(), { end })
        expect((await buffer(tail.read(REPO, '/odd.bin'))).equals(data)).toBe(true)
        await tail.remove(REPO, '/odd.bin')
      }
    } finally {
      await tail.close()
    }
  })

  it('commits in-order uploads by moving segments hashed on arrival', async () => {
    await store.write(REPO, '/c.bin', 0, bytes('0123', '4567', '89'))
    await store.write(REPO, '/c.bin', 10, bytes('abcdefgh'))
    const target = sink()
    const out = await store.commit(REPO, '/c.bin', target)
    const expected = ['01234567', '89abcdef', 'gh'].map((s) => sha1(Buffer.from(s)))
    expect(out).toEqual({ blockIds: expected, size: 18 })
    expect(target.adopted).toEqual(expected)
    expect(target.blocks.get(expected[2]!)?.toString()).toBe('gh')
    expect(store.has(REPO, '/c.bin')).toBe(false)
  })

  it('rehashes segments written out of order, with gaps as zeros', async () => {
    await store.write(REPO, '/o.bin', 4, bytes('4567'))
    await store.write(REPO, '/o.bin', 0, bytes('0123'))
    await store.write(REPO, '/o.bin', 12, bytes('cd'))
    const target = sink()
    const out = await store.commit(REPO, '/o.bin', target)
    expect(out.blockIds).toEqual([sha1(Buffer.from('01234567')), sha1(Buffer.from('\0\0\0\0cd'))])
    expect(target.adopted).toEqual([])
  })

  it('commits by copying when the store cannot adopt files', async () => {
    await store.write(REPO, '/p.bin', 0, bytes('abcdefghij'))
    const blocks = new Map<string, Buffer>()
    const out = await store.commit(REPO, '/p.bin', { put: async (id, b) => void blocks.set(id, b) })
    expect(out.blockIds.map((id) => blocks.get(id)!.toString())).toEqual(['abcdefgh', 'ij'])
  })

  it('commits an unknown upload as the empty file', async () => {
    expect(await store.commit(REPO, '/none', sink())).toEqual({ blockIds: [], size: 0 })
  })

  it('writes a spooled part at its offset and deletes the spool', async () => {
    await store.write(REPO, '/p.bin', 0, bytes('head'))
    const spool = store.spoolPath()
    await writeFile(spool, 'tail')
    expect(await store.writeSpool(REPO, '/p.bin', 4, spool)).toEqual({ written: 4, size: 8 })
    expect(existsSync(spool)).toBe(false)
    expect(await content('/p.bin')).toBe('headtail')
  })

  it('forgets a removed upload and deletes its bytes', async () => {
    await store.write(REPO, '/d.bin', 0, bytes('x'))
    await store.remove(REPO, '/d.bin')
    expect(store.uploadedBytes(REPO, '/d.bin')).toBe(0)
    await store.write(REPO, '/d.bin', 0, bytes('yy'))
    expect(await content('/d.bin')).toBe('yy')
  })

  it('forgets every upload into a deleted library, and only those', async () => {
    await store.write(REPO, '/a.bin', 0, bytes('a'))
    await store.write(REPO, '/sub/b.bin', 0, bytes('bb'))
    await store.write('other', '/a.bin', 0, bytes('ccc'))
    await store.removeRepo(REPO)
    expect(store.has(REPO, '/a.bin')).toBe(false)
    expect(store.has(REPO, '/sub/b.bin')).toBe(false)
    expect(store.uploadedBytes('other', '/a.bin')).toBe(3)
    expect(await readdir(store.dir)).toHaveLength(1)
  })

  it('puts its files under <dataDir>/httptemp/cluster-shared when given a data dir', async () => {
    const inData = await TempUploadStore.create(store.dir)
    expect(inData.dir).toBe(`${store.dir}/httptemp/cluster-shared`)
    await inData.write(REPO, '/x', 0, bytes('1'))
    await inData.close()
    expect(existsSync(inData.dir)).toBe(true)
  })

  it('removes the temp dir it created on close', async () => {
    const dir = store.dir
    await store.write(REPO, '/x', 0, bytes('1'))
    await store.close()
    expect(existsSync(dir)).toBe(false)
  })

  it('moves whole in-order segments into a persistent store early, and still reads and commits them', async () => {
    const target = sink()
    const early = { ...target, get: async (id: string) => target.blocks.get(id) }
    const eager = await TempUploadStore.create(undefined, { segmentSize: SEGMENT, early })
    try {
      await eager.write(REPO, '/e.bin', 0, bytes('01234567', '89a'))
      // The move starts once the segment's hash is known (on the SHA-1 worker), after the write returns.
      await vi.waitFor(() => expect(target.adopted).toEqual([sha1(Buffer.from('01234567'))]))
      expect(eager.uploadedBytes(REPO, '/e.bin')).toBe(11)
      expect((await buffer(eager.read(REPO, '/e.bin'))).toString()).toBe('0123456789a')
      await eager.write(REPO, '/e.bin', 11, bytes('bcdefgh'))
      const out = await eager.commit(REPO, '/e.bin', target)
      expect(out.blockIds).toEqual(['01234567', '89abcdef', 'gh'].map((x) => sha1(Buffer.from(x))))
      expect(target.adopted).toHaveLength(3)
    } finally {
      await eager.close()
    }
  })

  it('commits the right ids when the SHA-1 worker fails: segments are read back, none is lost', async () => {
    const dead = () => Promise.reject(new Error('the SHA-1 worker exited with 1'))
    // The worker dies before the bytes reach it, or after (only the digest fails).
    const deadOnUpdate = (): RunningSha1 => ({ update: dead, digest: dead, drop: () => {} })
    const deadOnDigest = (): RunningSha1 => ({ update: async () => {}, digest: dead, drop: () => {} })
    const target = sink()
    const early = { ...target, get: async (id: string) => target.blocks.get(id) }
    for (const options of [deadOnUpdate, deadOnDigest].flatMap((hasher) => [
      { segmentSize: SEGMENT, hasher },
      { segmentSize: SEGMENT, early, hasher },
    ])) {
      const failing = await TempUploadStore.create(undefined, options)
      try {
        await failing.write(REPO, '/f.bin', 0, bytes('01234567', '89a'))
        await failing.write(REPO, '/f.bin', 11, bytes('bcdefgh'))
        const out = await failing.commit(REPO, '/f.bin', target)
        expect(out.blockIds).toEqual(['01234567', '89abcdef', 'gh'].map((x) => sha1(Buffer.from(x))))
        expect(target.adopted).toEqual([])
      } finally {
        await failing.close()
      }
    }
  })

  it('writes an early-moved segment back before a later write overwrites part of it', async () => {
    const target = sink()
    const early = { ...target, get: async (id: string) => target.blocks.get(id) }
    const eager = await TempUploadStore.create(undefined, { segmentSize: SEGMENT, early })
    try {
      await eager.write(REPO, '/w.bin', 0, bytes('01234567'))
      await eager.write(REPO, '/w.bin', 2, bytes('XY'))
      expect((await buffer(eager.read(REPO, '/w.bin'))).toString()).toBe('01XY4567')
      const out = await eager.commit(REPO, '/w.bin', target)
      expect(out.blockIds).toEqual([sha1(Buffer.from('01XY4567'))])
    } finally {
      await eager.close()
    }
  })

  it('commits a sparse upload without reading its holes, storing the zero block once', async () => {
    await store.write(REPO, '/sparse.bin', SEGMENT * 1000, bytes('end'))
    const target = sink()
    let puts = 0
    const out = await store.commit(REPO, '/sparse.bin', {
      put: async (id, b) => {
        puts++
        await target.put(id, b)
      },
    })
    expect(out.size).toBe(SEGMENT * 1000 + 3)
    expect(new Set(out.blockIds.slice(0, 1000))).toEqual(new Set([sha1(Buffer.alloc(SEGMENT))]))
    expect(puts).toBe(2)
  })

  describe('after a restart on the same data dir', () => {
    let dataDir: string
    beforeEach(async () => {
      dataDir = await mkdtemp(join(tmpdir(), 'temp-uploads-restart-'))
    })
    afterEach(async () => {
      await rm(dataDir, { recursive: true, force: true })
    })

    /** A block store that moves files like FsBlockStore (the source is gone afterwards). */
    function movingStore() {
      const blocks = new Map<string, Buffer>()
      return {
        blocks,
        put: async (id: string, b: Buffer) => void blocks.set(id, b),
        adopt: async (id: string, path: string) => {
          blocks.set(id, await readFile(path))
          await rm(path)
        },
        get: async (id: string) => blocks.get(id),
      }
    }
    // A crashed process never closes its store: the next one is simply created on the same dir.
    const restart = (early?: ReturnType<typeof movingStore>) =>
      TempUploadStore.create(dataDir, { segmentSize: SEGMENT, early })

    it('reports the bytes a previous process held and finishes the upload from there', async () => {
      const before = await restart()
      await before.write(REPO, '/sub/r.bin', 0, bytes('0123456789a'))
      const after = await restart()
      expect(after.uploadedBytes(REPO, '/sub/r.bin')).toBe(11)
      expect(after.uploadedBytes(REPO, '/r.bin')).toBe(0)
      await after.write(REPO, '/sub/r.bin', 11, bytes('bcdefgh'))
      const out = await after.commit(REPO, '/sub/r.bin', sink())
      expect(out).toEqual({
        blockIds: ['01234567', '89abcdef', 'gh'].map((x) => sha1(Buffer.from(x))),
        size: 18,
      })
    })

    it('finds segments already moved into the block store, and cuts the upload before one that is lost', async () => {
      const blocks = movingStore()
      const before = await restart(blocks)
      await before.write(REPO, '/m.bin', 0, bytes('01234567', '89abcdef', 'gh'))
      await before.write(REPO, '/lost.bin', 0, bytes('ABCDEFGH', 'IJKLMNOP', 'QR'))
      // Let the early moves finish, then lose the second block of /lost.bin as a crash mid-move would.
      await expect.poll(() => blocks.blocks.size).toBe(4)
      blocks.blocks.delete(sha1(Buffer.from('IJKLMNOP')))
      const after = await restart(blocks)
      expect(after.uploadedBytes(REPO, '/m.bin')).toBe(18)
      expect((await buffer(after.read(REPO, '/m.bin'))).toString()).toBe('0123456789abcdefgh')
      expect(after.uploadedBytes(REPO, '/lost.bin')).toBe(8)
      await after.write(REPO, '/lost.bin', 8, bytes('IJKLMNOPQR'))
      expect((await buffer(after.read(REPO, '/lost.bin'))).toString()).toBe('ABCDEFGHIJKLMNOPQR')
    })

    it('removes the uploads of another generation of the data dir (its state was reset since)', async () => {
      const before = await TempUploadStore.create(dataDir, { segmentSize: SEGMENT, generation: 'one' })
      await before.write(REPO, '/old.bin', 0, bytes('abc'))
      const same = await TempUploadStore.create(dataDir, { segmentSize: SEGMENT, generation: 'one' })
      expect(same.uploadedBytes(REPO, '/old.bin')).toBe(3)
      const after = await TempUploadStore.create(dataDir, { segmentSize: SEGMENT, generation: 'two' })
      expect(after.has(REPO, '/old.bin')).toBe(false)
      expect(await readdir(after.dir)).toEqual([])
    })

    it('does not bring back committed or removed uploads, nor leftovers that name no upload', async () => {
      const before = await restart()
      await before.write(REPO, '/done.bin', 0, bytes('abc'))
      await before.commit(REPO, '/done.bin', sink())
      await before.write(REPO, '/gone.bin', 0, bytes('abc'))
      await before.remove(REPO, '/gone.bin')
      await writeFile(before.spoolPath(), 'half a part')
      await mkdir(join(before.dir, 'stray'))
      await writeFile(join(before.dir, 'stray', '0'), 'no session file')
      const after = await restart()
      expect(after.has(REPO, '/done.bin')).toBe(false)
      expect(after.has(REPO, '/gone.bin')).toBe(false)
      expect(await readdir(after.dir)).toEqual([])
    })
  })

  // The OS temp dir (ext4 here: direct writes) and tmpfs (no O_DIRECT: every write through the page cache).
  const places: [string, string | undefined][] = [
    ['the OS temp dir', undefined],
    ...(existsSync('/dev/shm') ? [['tmpfs (/dev/shm)', '/dev/shm'] as [string, string]] : []),
  ]
  it.each(places)(
    'keeps whole-batch (direct) and odd writes of real-size blocks consistent, in and out of order, in %s',
    async (_, under) => {
      const dataDir = under ? await mkdtemp(join(under, 'seafile-mock-temp-')) : undefined
      const big = await TempUploadStore.create(dataDir)
      try {
        const MiB = 1 << 20
        const data = Buffer.alloc(8 * MiB + 3 * MiB + 123)
        for (let i = 0; i < data.length; i++) data[i] = (i * 7 + (i >> 12)) & 0xff
        // In order, aligned pieces; then an odd-sized tail; then an overwrite at an odd offset.
        await big.write(REPO, '/big.bin', 0, bytes(data.subarray(0, 8 * MiB)))
        await big.write(REPO, '/big.bin', 8 * MiB, bytes(data.subarray(8 * MiB, 10 * MiB + 5)))
        await big.write(REPO, '/big.bin', 10 * MiB + 5, bytes(data.subarray(10 * MiB + 5)))
        const patch = Buffer.from(data.subarray(3 * MiB + 17, 4 * MiB + 4113)).fill(9)
        data.set(patch, 3 * MiB + 17)
        await big.write(REPO, '/big.bin', 3 * MiB + 17, bytes(patch))
        expect(sha1(await buffer(big.read(REPO, '/big.bin')))).toBe(sha1(data))
        const s = sink()
        const indexed = await big.commit(REPO, '/big.bin', s)
        expect(indexed.size).toBe(data.length)
        expect(indexed.blockIds).toEqual([sha1(data.subarray(0, 8 * MiB)), sha1(data.subarray(8 * MiB))])
      } finally {
        await big.close()
        if (dataDir) await rm(dataDir, { recursive: true, force: true })
      }
    },
  )
})
