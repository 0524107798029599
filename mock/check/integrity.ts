/**
 * The integrity check of a mock data dir (`seafile-conformance mock --check --data-dir DIR`): re-hashes every
 * stored block and fs object, replays the metadata log without rewriting it, and follows every library's
 * commits down to the blocks. Read-only: it never opens the stores the way the server does (opening the
 * log compacts it), so it can run beside a stopped or crashed mock.
 */
import { createHash } from 'node:crypto'
import { readdir, readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { inflateSync } from 'node:zlib'
import type { Commit } from '../model/commits.ts'
import { COMMITS } from '../model/commits.ts'
import type { RepoRecord } from '../model/repos.ts'
import { REPOS } from '../model/repos.ts'
import { FsBlockStore } from '../store/FsBlockStore.ts'
import { type MetaOp, MetaTables } from '../store/MetaStore.ts'
import { EMPTY_ID, type FsObject, isDirMode, parseFsObject } from '../sync/fsObjects.ts'

export type ProblemKind =
  | 'block-hash'
  | 'object-hash'
  | 'object-unreadable'
  | 'meta-log'
  | 'missing-commit'
  | 'missing-object'
  | 'wrong-object-type'
  | 'missing-block'

export interface IntegrityProblem {
  kind: ProblemKind
  /** The data dir (or namespace dir) it was found in. */
  where: string
  detail: string
}

export interface IntegrityReport {
  /** Data dirs checked: the default one and every namespace under `namespaces/`. */
  dirs: string[]
  blocks: number
  objects: number
  libraries: number
  commits: number
  problems: IntegrityProblem[]
  /** Harmless leftovers (a torn, never acknowledged last log line; temp files of interrupted writes). */
  notes: string[]
}

const sha1 = (data: Uint8Array) => createHash('sha1').update(data).digest('hex')

/** Replays `meta.log` as LogMetaStore.open does, without compacting it. */
async function replayMeta(dir: string, report: IntegrityReport): Promise<MetaTables | undefined> {
  let text: string
  try {
    text = await readFile(join(dir, 'meta.log'), 'utf8')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw err
  }
  const tables = new MetaTables()
  const lines = text.split('\n')
  const torn = lines.pop()
  if (torn)
    report.notes.push(`${dir}: meta.log ends in a torn line (${torn.length} bytes, never acknowledged)`)
  for (const [index, line] of lines.entries()) {
    try {
      tables.apply(JSON.parse(line) as MetaOp[])
    } catch (err) {
      // LogMetaStore stops replaying here: every later (acknowledged) write would be lost on the next start.
      report.problems.push({
        kind: 'meta-log',
        where: dir,
        detail: `meta.log line ${index + 1} is not a JSON batch (${(err as Error).message}); ${lines.length - index - 1} later lines would be dropped`,
      })
      break
    }
  }
  return tables
}

/** Every block: its SHA-1 must be its id. Returns the ids found and their sizes. */
async function checkBlocks(dir: string, report: IntegrityReport): Promise<Map<string, number>> {
  const store = new FsBlockStore(join(dir, 'blocks'))
  const sizes = new Map<string, number>()
  for await (const id of store.list()) {
    const data = await store.get(id)
    if (!data) continue
    report.blocks++
    sizes.set(id, data.length)
    const actual = sha1(data)
    if (actual !== id)
      report.problems.push({ kind: 'block-hash', where: dir, detail: `block ${id} hashes to ${actual}` })
  }
  await noteTemps(join(dir, 'blocks', 'tmp'), report)
  return sizes
}

/** Every fs object: it must inflate, parse, and the SHA-1 of its uncompressed JSON must be its id. */
async function checkObjects(dir: string, report: IntegrityReport): Promise<Map<string, FsObject>> {
  const store = new FsBlockStore(join(dir, 'fs'))
  const objects = new Map<string, FsObject>()
  for await (const id of store.list()) {
    const stored = await store.get(id)
    if (!stored) continue
    report.objects++
    let json: Buffer
    try {
      json = inflateSync(stored)
    } catch {
      report.problems.push({
        kind: 'object-unreadable',
        where: dir,
        detail: `fs object ${id} does not inflate`,
      })
      continue
    }
    const actual = sha1(json)
    if (actual !== id) {
      report.problems.push({ kind: 'object-hash', where: dir, detail: `fs object ${id} hashes to ${actual}` })
      continue
    }
    try {
      objects.set(id, parseFsObject(json.toString('utf8')))
    } catch (err) {
      report.problems.push({
        kind: 'object-unreadable',
        where: dir,
        detail: `fs object ${id}: ${(err as Error).message}`,
      })
    }
  }
  await noteTemps(join(dir, 'fs', 'tmp'), report)
  return objects
}

async function noteTemps(tmp: string, report: IntegrityReport): Promise<void> {
  const left = await readdir(tmp).catch(() => [])
  if (left.length > 0) report.notes.push(`${tmp}: ${left.length} temp file(s) of interrupted writes`)
}

/** Follows each library's commit chain (both parents) to its trees, files and blocks. */
function checkReferences(
  dir: string,
  tables: MetaTables,
  objects: Map<string, FsObject>,
  blocks: Map<string, number>,
  report: IntegrityReport,
): void {
  const problem = (kind: ProblemKind, detail: string) => report.problems.push({ kind, where: dir, detail })
  const visitedTrees = new Set<string>()
  const visitedFiles = new Set<string>()
  const walkFile = (id: string, path: string) => {
    if (id === EMPTY_ID || visitedFiles.has(id)) return
    visitedFiles.add(id)
    const file = objects.get(id)
    if (!file) return problem('missing-object', `file object ${id} of ${path} is missing`)
    if (file.type !== 1) return problem('wrong-object-type', `${path}: ${id} is not a file object`)
    let size = 0
    for (const block of file.blockIds) {
      const blockSize = blocks.get(block)
      if (blockSize === undefined)
        problem('missing-block', `block ${block} of ${path} (file ${id}) is missing`)
      else size += blockSize
    }
    // A block-API commit may declare any file_size (the real server does not compare it): a note only.
    if (size !== file.size && file.blockIds.every((b) => blocks.has(b)))
      report.notes.push(`${dir}: file ${id} (${path}) declares ${file.size} bytes, its blocks hold ${size}`)
  }
  const walkTree = (id: string, path: string) => {
    if (id === EMPTY_ID || visitedTrees.has(id)) return
    visitedTrees.add(id)
    const tree = objects.get(id)
    if (!tree) return problem('missing-object', `dir object ${id} of ${path} is missing`)
    if (tree.type !== 3) return problem('wrong-object-type', `${path}: ${id} is not a dir object`)
    for (const d of tree.dirents) {
      const child = `${path === '/' ? '' : path}/${d.name}`
      if (isDirMode(d.mode)) walkTree(d.id, child)
      else walkFile(d.id, child)
    }
  }
  const commits = new Map(tables.list<Commit>(COMMITS))
  report.commits += commits.size
  for (const [repoId, repo] of tables.list<RepoRecord>(REPOS)) {
    report.libraries++
    const pending = [repo.headCommitId]
    const seen = new Set<string>()
    while (pending.length > 0) {
      const id = pending.pop()!
      if (seen.has(id)) continue
      seen.add(id)
      const commit = commits.get(id)
      if (!commit) {
        problem('missing-commit', `library ${repoId} (${repo.name}): commit ${id} is missing`)
        continue
      }
      walkTree(commit.root_id, `${repo.name}:/`)
      for (const parent of [commit.parent_id, commit.second_parent_id]) if (parent) pending.push(parent)
    }
  }
}

async function checkOne(dir: string, report: IntegrityReport): Promise<void> {
  report.dirs.push(dir)
  const tables = await replayMeta(dir, report)
  const blocks = await checkBlocks(dir, report)
  const objects = await checkObjects(dir, report)
  if (tables) checkReferences(dir, tables, objects, blocks, report)
}

/** Checks `dataDir` and every namespace kept under it; throws if `dataDir` is not a directory. */
export async function checkDataDir(dataDir: string): Promise<IntegrityReport> {
  if (!(await stat(dataDir)).isDirectory()) throw new RangeError(`${dataDir} is not a directory`)
  // A mock writes meta.log (the accounts) as it starts: without it, blocks or fs/, the path is a typo or the
  // wrong directory, and "passed: 0 blocks" would hide that.
  const entries = await readdir(dataDir)
  if (!['meta.log', 'blocks', 'fs', 'namespaces'].some((name) => entries.includes(name)))
    throw new RangeError(`${dataDir} is not a mock data dir (no meta.log, blocks/ or fs/ in it)`)
  const report: IntegrityReport = {
    dirs: [],
    blocks: 0,
    objects: 0,
    libraries: 0,
    commits: 0,
    problems: [],
    notes: [],
  }
  await checkOne(dataDir, report)
  const namespaces = join(dataDir, 'namespaces')
  for (const name of (await readdir(namespaces).catch(() => [])).sort()) {
    if ((await stat(join(namespaces, name))).isDirectory()) await checkOne(join(namespaces, name), report)
  }
  return report
}

/** The report as the CLI prints it. */
export function formatReport(report: IntegrityReport): string {
  const totals = `${report.blocks} blocks, ${report.objects} fs objects, ${report.libraries} libraries, ${report.commits} commits in ${report.dirs.length} data dir(s)`
  const lines = [
    report.problems.length === 0
      ? `integrity check passed: ${totals}`
      : `integrity check FAILED: ${report.problems.length} problem(s); ${totals}`,
    ...report.problems.map((p) => `  ${p.kind}: ${p.detail} [${p.where}]`),
    ...report.notes.map((n) => `  note: ${n}`),
  ]
  return lines.join('\n')
}
