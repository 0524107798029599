import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { inflateSync } from 'node:zlib'
import { describe, expect, test } from 'vitest'
import { MemoryBlockStore } from '../store/MemoryBlockStore.ts'
import type { FsDirent } from '../sync/fsObjects.ts'
import { chunkIntoBlocks } from './chunking.ts'
import { FsStore } from './fsStore.ts'
import { dirObjectId, dirObjectJson, EMPTY_ID, fileObjectId } from './objectIds.ts'

interface Vectors {
  files: {
    name: string
    content: { utf8?: string; pattern?: string; length?: number }
    size: number
    blockIds: string[]
    fileId: string
  }[]
  dirs: { name: string; dirents: FsDirent[]; json?: string; dirId: string }[]
}
const vectors = JSON.parse(
  readFileSync(join(import.meta.dirname, '../../fixtures/vectors.json'), 'utf8'),
) as Vectors

function contentOf(v: Vectors['files'][number]): Buffer {
  if (v.content.utf8 !== undefined) return Buffer.from(v.content.utf8)
  const bytes = Buffer.alloc(v.content.length!)
  for (let i = 0; i < bytes.length; i++) bytes[i] = i % 251
  return bytes
}

async function* pieces(bytes: Buffer, size: number) {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size)
}

describe('object ids', () => {
  for (const v of vectors.files) {
    test(`chunks and ids the "${v.name}" vector exactly as the real server`, async () => {
      const blocks = new MemoryBlockStore()
      const stored = await chunkIntoBlocks(pieces(contentOf(v), 1_000_003), blocks)
      expect(stored).toEqual({ fileId: v.fileId, size: v.size, blockIds: v.blockIds })
      expect(fileObjectId(v.blockIds, v.size)).toBe(v.fileId)
      for (const id of v.blockIds) expect(await blocks.has(id)).toBe(true)
    })
  }

  test('returns the empty id for a zero-byte file and an empty dir, and stores neither', async () => {
    const objects = new MemoryBlockStore()
    const fs = new FsStore(objects)
    expect(await fs.putFile([], 0)).toBe(EMPTY_ID)
    expect(await fs.putDir([])).toBe(EMPTY_ID)
    let count = 0
    for await (const _ of objects.list()) count++
    expect(count).toBe(0)
  })

  for (const v of vectors.dirs) {
    test(`ids the "${v.name}" dir with dirents sorted by name descending, bytewise`, () => {
      expect(dirObjectId(v.dirents)).toBe(v.dirId)
      if (v.json) expect(dirObjectJson(v.dirents)).toBe(v.json)
    })
  }

  test('stores fs objects zlib-compressed under the SHA-1 of the uncompressed JSON', async () => {
    const objects = new MemoryBlockStore()
    const fs = new FsStore(objects)
    const hello = vectors.files[0]!
    const id = await fs.putFile(hello.blockIds, hello.size)
    expect(id).toBe(hello.fileId)
    expect(inflateSync((await objects.get(id))!).toString()).toBe(
      `{"block_ids": ["${hello.blockIds[0]}"], "size": 12, "type": 1, "version": 1}`,
    )
    expect(await fs.getFile(id)).toEqual({ blockIds: hello.blockIds, size: 12 })
  })

  test('escapes control characters in names as jansson does (upper-case hex), keeps UTF-8 raw', () => {
    const json = dirObjectJson([{ id: EMPTY_ID, mode: 16384, mtime: 1, name: 'é\u001b"' }])
    expect(json).toContain('"name": "é\\u001B\\""')
  })
})
