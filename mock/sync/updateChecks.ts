import { EMPTY_ID, type FsObject } from './fsObjects.ts'
import { diffTrees, type LoadDir } from './treeDiff.ts'

/** Loads a stored fs object by id, or `undefined` when the store lacks it. */
export type LoadFsObject = (id: string) => Promise<FsObject | undefined>

/**
 * sync_api.go::checkBlocks: names of the files that `newRoot` adds or changes against `baseRoot` and whose
 * blocks the server lacks (only the file's name, as Go reports it). A missing fs object is an error, which the
 * route also answers with 446.
 */
export async function filesWithMissingBlocks(
  baseRoot: string,
  newRoot: string,
  loadDir: LoadDir,
  loadObject: LoadFsObject,
  hasBlock: (id: string) => Promise<boolean>,
): Promise<string[]> {
  const names: string[] = []
  await diffTrees([baseRoot, newRoot], loadDir, {
    async files([before, after]) {
      if (!after || after.id === EMPTY_ID || before?.id === after.id) return
      const file = await loadObject(after.id)
      if (file?.type !== 1) throw new Error(`file object ${after.id} is missing`)
      for (const blockId of file.blockIds) {
        if (!(await hasBlock(blockId))) {
          names.push(after.name)
          return
        }
      }
    },
    // checkDirCB: recurse only into directories the new tree has, non-empty, and changed.
    dirs([before, after]) {
      if (!after || after.id === EMPTY_ID) return false
      return before?.id !== after.id
    },
  })
  return names
}

/** sync_api.go::includeInvalidPath: does the change between the trees add, change or remove a `..` entry? */
export async function touchesDotDot(baseRoot: string, newRoot: string, loadDir: LoadDir): Promise<boolean> {
  let found = false
  const check = (dents: ({ name: string } | undefined)[]) => {
    if (dents.some((d) => d?.name === '..')) found = true
  }
  await diffTrees([baseRoot, newRoot], loadDir, {
    files: check,
    dirs(dents) {
      check(dents)
      return !found
    },
  })
  return found
}
