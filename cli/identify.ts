/**
 * Whether a target is a Seafile server at all, asked once before `test` or `load` does anything else:
 * seahub answers `GET /api2/server-info/` with 200 and JSON holding its `version`. Anything else (a web
 * server's HTML error page, a proxy's 502) is one clear line, never the page itself.
 */
const TIMEOUT_MS = 10_000

/** Undefined for a Seafile server, else why not, in one line: `URL: not a Seafile server: GET … answered …`. */
export async function notSeafile(target: string): Promise<string | undefined> {
  const root = target.replace(/\/+$/, '')
  let res: Response
  try {
    res = await fetch(`${root}/api2/server-info/`, {
      headers: { accept: 'application/json' },
      redirect: 'manual',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    })
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause
    return `cannot reach ${root} (${cause?.code ?? cause?.message ?? (err as Error).message})`
  }
  const type = (res.headers.get('content-type') ?? 'no content type').split(';')[0]!.trim()
  const answered = `GET /api2/server-info/ answered ${res.status} ${type}`
  let body: unknown
  try {
    body = JSON.parse(await res.text())
  } catch {
    body = undefined
  }
  const version = (body as { version?: unknown } | undefined)?.version
  if (res.status === 200 && typeof version === 'string') return undefined
  return `${root}: not a Seafile server: ${answered}${res.status === 200 ? ' without a version' : ''}`
}
