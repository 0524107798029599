import { appendFile, mkdtemp, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { shouldBehaveLikeMetaStore } from './contracts.ts'
import { LogMetaStore } from './LogMetaStore.ts'
import { MemoryMetaStore } from './MetaStore.ts'

const tempDir = () => mkdtemp(join(tmpdir(), 'meta-'))

shouldBehaveLikeMetaStore('MemoryMetaStore', async () => new MemoryMetaStore())
shouldBehaveLikeMetaStore('LogMetaStore', async () => LogMetaStore.open(await tempDir()))

describe('LogMetaStore', () => {
  test('keeps every acknowledged write across a reopen', async () => {
    const dir = await tempDir()
    const first = await LogMetaStore.open(dir)
    await Promise.all(Array.from({ length: 50 }, (_, i) => first.put('n', String(i), { i })))
    await first.delete('n', '7')
    await first.close()
    const second = await LogMetaStore.open(dir)
    expect((await second.list('n')).length).toBe(49)
    expect(await second.get('n', '8')).toEqual({ i: 8 })
    expect(await second.get('n', '7')).toBeUndefined()
  })

  test('drops a torn last line left by a killed process and keeps the rest', async () => {
    const dir = await tempDir()
    const first = await LogMetaStore.open(dir)
    await first.put('repos', 'r1', { name: 'kept' })
    await first.close()
    await appendFile(join(dir, 'meta.log'), '[{"op":"put","ns":"repos","key":"r2","val')
    const second = await LogMetaStore.open(dir)
    expect(await second.get('repos', 'r1')).toEqual({ name: 'kept' })
    expect(await second.get('repos', 'r2')).toBeUndefined()
    await second.put('repos', 'r3', { name: 'after' })
    await second.close()
    expect(await readFile(join(dir, 'meta.log'), 'utf8')).not.toContain('"r2"')
    const third = await LogMetaStore.open(dir)
    expect(await third.get('repos', 'r3')).toEqual({ name: 'after' })
  })
})
