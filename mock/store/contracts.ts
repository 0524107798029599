/** Shared contract suites: every BlockStore and MetaStore implementation runs the same tests. */
import { createHash } from 'node:crypto'
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import type { BlockStore } from './BlockStore.ts'
import type { MetaStore } from './MetaStore.ts'

const sha1 = (b: Uint8Array) => createHash('sha1').update(b).digest('hex')

export function shouldBehaveLikeBlockStore(name: string, make: () => Promise<BlockStore>): void {
  describe(`${name} (BlockStore contract)`, () => {
    const hello = Buffer.from('hello world\n')
    const helloId = '22596363b3de40b06f981fb85d82312e8c0ed511'

    test('stores a buffer under its id and returns the same bytes', async () => {
      const store = await make()
      expect(await store.has(helloId)).toBe(false)
      await store.put(helloId, hello)
      expect(await store.has(helloId)).toBe(true)
      expect((await store.get(helloId))?.toString()).toBe('hello world\n')
      expect(await store.size(helloId)).toBe(12)
    })

    test('stores a stream of chunks', async () => {
      const store = await make()
      const parts = [Buffer.from('hello '), Buffer.from('world\n')]
      async function* gen() {
        yield* parts
      }
      await store.put(helloId, gen())
      expect(sha1((await store.get(helloId))!)).toBe(helloId)
    })

    test('answers undefined for an absent or malformed id', async () => {
      const store = await make()
      expect(await store.get('0'.repeat(40))).toBeUndefined()
      expect(await store.size('../etc/passwd')).toBeUndefined()
      expect(await store.has('nope')).toBe(false)
    })

    test('refuses to put under a malformed id', async () => {
      const store = await make()
      await expect(store.put('../x', hello)).rejects.toThrow(/not a block id/)
    })

    test('lists and deletes', async () => {
      const store = await make()
      const other = Buffer.from('other')
      await store.put(helloId, hello)
      await store.put(sha1(other), other)
      const ids: string[] = []
      for await (const id of store.list()) ids.push(id)
      expect(ids.sort()).toEqual([helloId, sha1(other)].sort())
      await store.delete(helloId)
      expect(await store.has(helloId)).toBe(false)
      expect(await store.has(sha1(other))).toBe(true)
    })

    test('adopts a file as a block and removes the source', async () => {
      const store = await make()
      const dir = await mkdtemp(join(tmpdir(), 'adopt-'))
      const path = join(dir, 'segment')
      await writeFile(path, hello)
      await store.adopt(helloId, path)
      expect((await store.get(helloId))?.equals(hello)).toBe(true)
      await expect(writeFile(join(path, 'x'), '')).rejects.toThrow()
    })
  })
}

export function shouldBehaveLikeMetaStore(name: string, make: () => Promise<MetaStore>): void {
  describe(`${name} (MetaStore contract)`, () => {
    test('puts, gets and deletes values by namespace and key', async () => {
      const store = await make()
      await store.put('repos', 'a', { name: 'A', n: 1 })
      await store.put('users', 'a', { email: 'a@x' })
      expect(await store.get('repos', 'a')).toEqual({ name: 'A', n: 1 })
      expect(await store.get('users', 'a')).toEqual({ email: 'a@x' })
      await store.delete('repos', 'a')
      expect(await store.get('repos', 'a')).toBeUndefined()
      expect(await store.get('users', 'a')).toEqual({ email: 'a@x' })
    })

    test('returns detached copies, so a caller cannot change stored state by mutation', async () => {
      const store = await make()
      const value = { list: [1] }
      await store.put('t', 'k', value)
      value.list.push(2)
      const got = await store.get<{ list: number[] }>('t', 'k')
      got!.list.push(3)
      expect(await store.get('t', 'k')).toEqual({ list: [1] })
    })

    test('changes its version with every write, and only then', async () => {
      const store = await make()
      const start = store.version
      expect(start).toBeTypeOf('number')
      await store.get('t', 'k')
      await store.list('t')
      expect(store.version).toBe(start)
      await store.put('t', 'k', 1)
      const afterPut = store.version
      expect(afterPut).not.toBe(start)
      await store.batch([{ op: 'delete', ns: 't', key: 'k' }])
      expect(store.version).not.toBe(afterPut)
    })

    test('lists a namespace in insertion order and applies batches', async () => {
      const store = await make()
      await store.batch([
        { op: 'put', ns: 'c', key: 'x', value: 1 },
        { op: 'put', ns: 'c', key: 'y', value: 2 },
        { op: 'delete', ns: 'c', key: 'x' },
        { op: 'put', ns: 'c', key: 'z', value: 3 },
      ])
      expect(await store.list('c')).toEqual([
        ['y', 2],
        ['z', 3],
      ])
      expect(await store.list('empty')).toEqual([])
    })
  })
}
