/**
 * Reads and checks a seed (YAML or JSON), with every file's bytes loaded once: a namespace reset applies
 * the prepared seed again without touching the disk.
 */
import { readFile, stat } from 'node:fs/promises'
import { isAbsolute, resolve } from 'node:path'
import { parse } from 'yaml'
import { packageFile } from '../../spec/packageFiles.ts'
import { pseudoRandomBytes } from './pseudoRandomBytes.ts'
import { type Seed, type SeedLibrary, SeedSchema } from './seedSchema.ts'

/** The seeds shipped with the package: `--seed default` is `fixtures/seed/default.yaml`. */
export const BUNDLED_SEEDS = packageFile('fixtures', 'seed')

export interface PreparedFile {
  path: string
  data: Buffer
  /** Seconds. */
  mtime?: number
}

export interface PreparedLibrary extends Omit<SeedLibrary, 'files'> {
  files: PreparedFile[]
}

export interface PreparedSeed {
  /** Where it came from, for messages. */
  source: string
  users: NonNullable<Seed['users']>
  libraries: PreparedLibrary[]
  groups: NonNullable<Seed['groups']>
  shares: NonNullable<Seed['shares']>
  links: NonNullable<Seed['links']>
  uploadLinks: NonNullable<Seed['uploadLinks']>
}

/** A seed that cannot be used; the message names the source and the field. */
export class SeedError extends RangeError {
  override readonly name = 'SeedError'
}

/** A bare name (`default`, `empty`) is a bundled seed; anything else is a path from the working directory. */
export function resolveSeedPath(nameOrPath: string): string {
  if (/^[\w-]+$/.test(nameOrPath)) return resolve(BUNDLED_SEEDS, `${nameOrPath}.yaml`)
  return resolve(nameOrPath)
}

const cache = new Map<string, { mtimeMs: number; seed: Promise<PreparedSeed> }>()

/** Loads a seed file (cached until the file changes); `file:` entries are relative to it. */
export async function loadSeedFile(nameOrPath: string): Promise<PreparedSeed> {
  const path = resolveSeedPath(nameOrPath)
  let mtimeMs: number
  try {
    mtimeMs = (await stat(path)).mtimeMs
  } catch {
    throw new SeedError(`seed ${nameOrPath}: no such file (${path})`)
  }
  const hit = cache.get(path)
  if (hit && hit.mtimeMs === mtimeMs) return hit.seed
  const seed = readFile(path, 'utf8').then((text) =>
    parseSeed(text, { source: path, baseDir: resolve(path, '..') }),
  )
  cache.set(path, { mtimeMs, seed })
  seed.catch(() => cache.delete(path))
  return seed
}

/** Parses seed text (YAML is a superset of JSON) and loads the bytes of every file. */
export async function parseSeed(
  text: string,
  { source = 'seed', baseDir = process.cwd() }: { source?: string; baseDir?: string } = {},
): Promise<PreparedSeed> {
  let raw: unknown
  try {
    raw = text.trim() === '' ? {} : parse(text)
  } catch (err) {
    throw new SeedError(`seed ${source}: not YAML or JSON: ${(err as Error).message}`)
  }
  const checked = SeedSchema.safeParse(raw ?? {})
  if (!checked.success) {
    const issue = checked.error.issues[0]!
    throw new SeedError(`seed ${source}: ${issue.path.join('.') || '(top)'}: ${issue.message}`)
  }
  const seed = checked.data
  const libraries: PreparedLibrary[] = []
  for (const library of seed.libraries ?? []) {
    const files: PreparedFile[] = []
    for (const file of library.files ?? []) {
      files.push({
        path: file.path,
        data: await fileBytes(file, baseDir, source),
        mtime: seconds(file.mtime),
      })
    }
    libraries.push({ ...library, files })
  }
  return {
    source,
    users: seed.users ?? [],
    libraries,
    groups: seed.groups ?? [],
    shares: seed.shares ?? [],
    links: seed.links ?? [],
    uploadLinks: seed.uploadLinks ?? [],
  }
}

async function fileBytes(
  file: NonNullable<SeedLibrary['files']>[number],
  baseDir: string,
  source: string,
): Promise<Buffer> {
  if (file.text !== undefined) return Buffer.from(file.text, 'utf8')
  if (file.base64 !== undefined) return Buffer.from(file.base64, 'base64')
  if (file.bytes !== undefined) return pseudoRandomBytes(file.bytes, file.path)
  const path = isAbsolute(file.file!) ? file.file! : resolve(baseDir, file.file!)
  try {
    return await readFile(path)
  } catch {
    throw new SeedError(`seed ${source}: ${file.path}: cannot read ${path}`)
  }
}

function seconds(time: number | string | undefined): number | undefined {
  if (time === undefined || typeof time === 'number') return time
  return Math.floor(Date.parse(time) / 1000)
}
