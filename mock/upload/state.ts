/**
 * What the upload routes keep beside the model, one per mock (keyed by its `Seafile`): the resumable
 * temp store, created on first use, and the idx_progress and zip tasks.
 */
import { randomUUID } from 'node:crypto'
import { rmSync } from 'node:fs'
import type { Seafile } from '../model/seafile.ts'
import { TempUploadStore } from './tempUploads.ts'

/** need_idx_progress: the answer an upload would have given, kept for `GET /idx_progress`. */
export interface IdxTask {
  total: number
  retJson: string
  expiresAt: number
}

export interface UploadState {
  /** The resumable temp store (`<dataDir>/httptemp/cluster-shared` or an OS temp dir). */
  temp(): Promise<TempUploadStore>
  readonly idxTasks: Map<string, IdxTask>
}

const states = new WeakMap<Seafile, UploadState>()
const ownedDirs = new Set<string>()
let exitHook = false

/** Temp dirs of in-memory mocks go when the process ends: the core has no close hook for route modules. */
function removeAtExit(store: TempUploadStore, dataDir: string | undefined): void {
  if (dataDir) return
  ownedDirs.add(store.dir)
  if (exitHook) return
  exitHook = true
  process.once('exit', () => {
    for (const dir of ownedDirs) rmSync(dir, { recursive: true, force: true })
  })
}

/**
 * A stamp kept in the metadata store: the same after a restart, new once the store was wiped (a namespace
 * reset), so the resumable uploads of the old state are not taken up by the fresh one.
 */
async function tempGeneration(seaf: Seafile): Promise<string | undefined> {
  if (!seaf.options.dataDir) return undefined
  const stored = await seaf.meta.get<string>('httptemp', 'generation')
  if (stored) return stored
  const generation = randomUUID()
  await seaf.meta.put('httptemp', 'generation', generation)
  return generation
}

export function uploadState(seaf: Seafile): UploadState {
  let state = states.get(seaf)
  if (!state) {
    let temp: Promise<TempUploadStore> | undefined
    state = {
      temp() {
        // With a data dir the block store is on disk: whole segments move into it while the upload runs.
        const blocks = seaf.blocks
        const early = seaf.options.dataDir
          ? { put: blocks.put.bind(blocks), adopt: blocks.adopt.bind(blocks), get: blocks.get.bind(blocks) }
          : undefined
        temp ??= tempGeneration(seaf)
          .then((generation) => TempUploadStore.create(seaf.options.dataDir, { early, generation }))
          .then((store) => {
            removeAtExit(store, seaf.options.dataDir)
            return store
          })
        return temp
      },
      idxTasks: new Map(),
    }
    states.set(seaf, state)
  }
  return state
}
