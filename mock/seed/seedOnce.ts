/**
 * Seeds a new model once: a persistent store (`dataDir`) that was seeded before is reopened as it is,
 * with the changes clients made since.
 */
import type { Seafile } from '../model/seafile.ts'
import { applySeed } from './applySeed.ts'
import { loadSeedFile } from './loadSeed.ts'

const MOCK = 'mock'
const SEEDED = 'seeded'

export async function seedOnce(seaf: Seafile, source: string): Promise<void> {
  if (await seaf.meta.get(MOCK, SEEDED)) return
  const applied = await applySeed(seaf, await loadSeedFile(source))
  await seaf.meta.put(MOCK, SEEDED, { source, ...applied })
}
