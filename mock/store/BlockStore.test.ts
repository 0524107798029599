import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { shouldBehaveLikeBlockStore } from './contracts.ts'
import { FsBlockStore } from './FsBlockStore.ts'
import { MemoryBlockStore } from './MemoryBlockStore.ts'

shouldBehaveLikeBlockStore('MemoryBlockStore', async () => new MemoryBlockStore())
shouldBehaveLikeBlockStore(
  'FsBlockStore',
  async () => new FsBlockStore(await mkdtemp(join(tmpdir(), 'blocks-'))),
)
shouldBehaveLikeBlockStore(
  'FsBlockStore with sync',
  async () => new FsBlockStore(await mkdtemp(join(tmpdir(), 'blocks-')), { sync: true }),
)
