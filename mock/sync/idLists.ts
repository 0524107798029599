/** The JSON id arrays that check-fs, check-blocks, pack-fs and head-commits-multi take as request bodies. */

const OBJECT_ID = /^[0-9a-f]{40}$/
// utils.IsValidUUID: google/uuid.Parse accepts either case.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** utils.IsObjectIDValid: 40 characters of lowercase hex. */
export const isObjectId = (value: string): boolean => OBJECT_ID.test(value)

export const isRepoId = (value: string): boolean => UUID.test(value)

/** A body that Go's `json.NewDecoder(r.Body).Decode(&[]string)` refuses; the message goes into the 400. */
export class IdListError extends Error {
  override readonly name = 'IdListError'
}

/**
 * Parses a JSON array of strings. Like Go's decoder, `null` is an empty list; anything else that is not an
 * array of strings is an error. (Go reads only the first JSON value; a trailing value is refused here.)
 */
export function parseIdList(body: Uint8Array): string[] {
  const text = Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8')
  if (text.trim() === '') throw new IdListError('EOF')
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (err) {
    throw new IdListError((err as Error).message)
  }
  if (value === null) return []
  if (!Array.isArray(value))
    throw new IdListError(`json: cannot unmarshal ${typeName(value)} into Go value of type []string`)
  for (const item of value) {
    if (typeof item !== 'string') {
      throw new IdListError(`json: cannot unmarshal ${typeName(item)} into Go value of type string`)
    }
  }
  return value as string[]
}

function typeName(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  return typeof value === 'object' ? 'object' : typeof value
}

/**
 * sync_api.go::postCheckExistCB: the ids the server lacks, in request order; ids that are not valid object ids
 * are skipped, not reported.
 */
export async function missingIds(ids: string[], exists: (id: string) => Promise<boolean>): Promise<string[]> {
  const missing: string[] = []
  for (const id of ids) {
    if (isObjectId(id) && !(await exists(id))) missing.push(id)
  }
  return missing
}
