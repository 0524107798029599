import { EMPTY_ID } from './fsObjects.ts'
import { diffTrees, type LoadDir } from './treeDiff.ts'

/**
 * The fs ids a client at `clientRoot` lacks to check out `serverRoot`: the root (unless empty or equal), then,
 * walking both trees together, every directory and file whose id differs (sync_api.go::calculateSendObjectList,
 * collectFileIDs, collectDirIDs). `000…0` is never listed. A clone passes the empty root as `clientRoot`;
 * `dirOnly` (`?dir-only=1`) lists directories only.
 */
export async function fsIdsToSend(
  serverRoot: string,
  clientRoot: string,
  loadDir: LoadDir,
  dirOnly = false,
): Promise<string[]> {
  const ids: string[] = []
  if (clientRoot !== serverRoot && serverRoot !== EMPTY_ID) ids.push(serverRoot)
  await diffTrees([serverRoot, clientRoot], loadDir, {
    files([mine, theirs]) {
      if (!dirOnly && mine && mine.id !== theirs?.id && mine.id !== EMPTY_ID) ids.push(mine.id)
    },
    dirs([mine, theirs]) {
      if (mine && mine.id !== theirs?.id && mine.id !== EMPTY_ID) ids.push(mine.id)
      // Recursing into equal directories finds nothing; into a directory only the client has, nothing to send.
      return mine !== undefined && mine.id !== theirs?.id
    },
  })
  return ids
}
