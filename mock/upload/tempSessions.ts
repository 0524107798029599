/**
 * The state of one partial upload (a session: its segments, their running hashes, the writes under way)
 * and how it lives on disk: a directory under httptemp/cluster-shared named by its session file, one file
 * per segment, and a `<index>.block` marker for a segment moved into the block store. A restarted mock
 * rebuilds the sessions from there (tempUploads.ts).
 */
import { readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { PutBlock } from './blockChunker.ts'
import type { RunningSha1 } from './runningSha1.ts'

/** Where committed blocks go: `put` takes bytes; `adopt`, when the store has it, takes a whole file. */
export interface BlockSink {
  put: PutBlock
  /** Moves the file at `path` into the store as block `id` (or deletes it if the block is there). */
  adopt?: (id: string, path: string) => Promise<void>
  /** Reads a stored block back (needed only with early adoption). */
  get?: (id: string) => Promise<Buffer | undefined>
}

/** One block-sized slice of an upload, in its own file. */
export interface Segment {
  /** Bytes in the file (the highest offset written into this slice). */
  size: number
  /**
   * SHA-1 of bytes 0..hashed, fed as each write buffer goes to disk, valid while the slice was only ever
   * written in order; `undefined` once not.
   */
  hash: RunningSha1 | undefined
  hashed: number
  /** Moved into the block store (its file is gone): the block id. */
  adopted?: string
  /**
   * The early move under way: resolves with the block id once the block is in the store, or with
   * `undefined` when it never started (no hash).
   */
  adopting?: Promise<string | undefined>
}

export interface Session {
  dir: string
  repoId: string
  filePath: string
  /** The session file that names the upload on disk, written (once) before its first byte. */
  recorded?: Promise<void>
  /** Its directory, made by the first chunk. */
  created?: Promise<void>
  segments: Map<number, Segment>
  /** Writes under way, awaited before a commit reads the segments. */
  writing: Set<Promise<unknown>>
  /** The file size the first chunk's Content-Range gave (checked in strict mode; not kept over restarts). */
  total?: number
}

/** In a session's directory: which upload it holds (repo and path), so a restarted mock can resume it. */
export const SESSION_FILE = 'session.json'
/** In a session's directory, `<index>.block`: the segment was moved into the block store as this block. */
export const MOVED = '.block'

/** What rebuilding the sessions needs to know of the store. */
interface Where {
  /** The data dir's generation: a session of another one is left from before a reset. */
  generation: string | undefined
  early: Required<BlockSink> | undefined
  segmentSize: number
}

/** Names the upload in its directory, atomically (a torn file would lose it). */
export async function recordSession(session: Session, generation: string | undefined): Promise<void> {
  const file = join(session.dir, SESSION_FILE)
  const { repoId, filePath } = session
  await writeFile(`${file}.tmp`, JSON.stringify({ repoId, filePath, generation }))
  await rename(`${file}.tmp`, file)
}

/**
 * Rebuilds the sessions a previous process left in a data dir (the real server finds them through
 * `WebUploadTempFiles`): each segment's size is its file's size, so `uploadedBytes` is what reached the
 * disk. A segment moved into the block store counts when the block is there; when it is not (the crash
 * came in the middle of the move) the upload is cut before it, and the client resends from there.
 * Spools and directories that name no upload are leftovers of requests that never finished.
 */
export async function loadSessions(root: string, where: Where): Promise<Session[]> {
  const sessions: Session[] = []
  for (const entry of await readdir(root, { withFileTypes: true })) {
    const dir = join(root, entry.name)
    const session = entry.isDirectory() ? await loadSession(dir, where) : undefined
    if (session) sessions.push(session)
    else await rm(dir, { recursive: true, force: true })
  }
  return sessions
}

async function loadSession(dir: string, where: Where): Promise<Session | undefined> {
  let named: { repoId?: unknown; filePath?: unknown; generation?: unknown }
  try {
    named = JSON.parse(await readFile(join(dir, SESSION_FILE), 'utf8'))
  } catch {
    return undefined
  }
  if (typeof named.repoId !== 'string' || typeof named.filePath !== 'string') return undefined
  if (named.generation !== where.generation) return undefined
  const session: Session = {
    dir,
    repoId: named.repoId,
    filePath: named.filePath,
    segments: new Map(),
    writing: new Set(),
    recorded: Promise.resolve(),
  }
  const moved = new Map<number, string>()
  for (const name of await readdir(dir)) {
    const segment = /^(\d+)$/.exec(name)
    const marker = /^(\d+)\.block$/.exec(name)
    if (segment) {
      const { size } = await stat(join(dir, name))
      if (size > 0) session.segments.set(Number(segment[1]), { size, hash: undefined, hashed: 0 })
    } else if (marker) moved.set(Number(marker[1]), (await readFile(join(dir, name), 'utf8')).trim())
    else if (name !== SESSION_FILE) await rm(join(dir, name), { force: true })
  }
  let cut = Number.POSITIVE_INFINITY
  for (const [index, id] of moved) {
    if (session.segments.has(index)) await rm(join(dir, `${index}${MOVED}`), { force: true })
    else if (where.early && (await where.early.get(id))?.length === where.segmentSize)
      session.segments.set(index, { size: where.segmentSize, hash: undefined, hashed: 0, adopted: id })
    else cut = Math.min(cut, index)
  }
  for (const index of [...session.segments.keys(), ...moved.keys()])
    if (index >= cut) {
      session.segments.delete(index)
      await rm(join(dir, String(index)), { force: true })
      await rm(join(dir, `${index}${MOVED}`), { force: true })
    }
  return session
}

/** The id of the block a segment was moved into, once the move is done; `undefined` if it was not moved. */
export async function movedBlock(segment: Segment): Promise<string | undefined> {
  return segment.adopted ?? (segment.adopting ? await segment.adopting : undefined)
}

/**
 * The id of a segment hashed whole on arrival (its `length` bytes, in order), or `undefined` when it was
 * not, or the hash failed: the commit then reads the segment back.
 */
export async function wholeHash(segment: Segment, length: number): Promise<string | undefined> {
  const hash = segment.hash
  if (!hash || segment.hashed !== length || segment.size !== length) return undefined
  segment.hash = undefined
  return hash.digest().catch(() => undefined)
}
