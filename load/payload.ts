/**
 * Generated file content. One payload per run is shared by every connection and every request; requests
 * only add their own small multipart header (see `multipart.ts`), so memory does not grow with
 * connections.
 */

/** Incompressible, reproducible bytes (xorshift32), so runs upload and download the same content. */
export function generatePayload(size: number, seed = 0x9e3779b9): Buffer {
  const words = new Uint32Array(Math.ceil(size / 4))
  let x = seed >>> 0 || 1
  for (let i = 0; i < words.length; i++) {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    x >>>= 0
    words[i] = x
  }
  return Buffer.from(words.buffer, 0, size)
}

/** `256KiB`, `1MiB`, `10MB`, `4096` → bytes. */
export function parseSize(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)\s*(b|kb|kib|mb|mib|gb|gib)?$/i.exec(text.trim())
  if (!m) return undefined
  const units: Record<string, number> = {
    b: 1,
    kb: 1e3,
    kib: 1024,
    mb: 1e6,
    mib: 1024 ** 2,
    gb: 1e9,
    gib: 1024 ** 3,
  }
  return Math.round(Number(m[1]) * units[(m[2] ?? 'b').toLowerCase()]!)
}

/** Bytes as `256 KiB`, `1.0 MiB`. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(bytes % 1024 ? 1 : 0)} KiB`
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MiB`
  return `${(bytes / 1024 ** 3).toFixed(2)} GiB`
}
