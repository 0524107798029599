/**
 * Runs negative cases through a transport (Playwright's request context in the suite, the mock's in-process
 * fetch in the fuzz test), each with its own timeout, and judges every answer. Also prepares the test
 * library (a folder, a file, the file-server links) and checks it afterwards: still listed, every file
 * whole and downloadable, the seeded file byte-identical.
 */
import type { SpecValidator } from '../../../spec/validator.ts'
import { curlOf, multipartBody, type RawRequest, urlEncodedBody } from './encode.ts'
import type { FuzzContext, NegativeCase } from './generate.ts'
import { judge, type Level, type WireResponse } from './judge.ts'

/** Sends one request; rejects with a TransportError when there is no answer. */
export type Transport = (req: RawRequest, timeoutMs: number) => Promise<WireResponse>

export class TransportError extends Error {
  override name = 'TransportError'
  constructor(
    /** timeout: no answer in time; network: connection refused, reset or dropped; client: not sendable. */
    readonly kind: 'timeout' | 'network' | 'client',
    message: string,
  ) {
    super(message)
  }
}

export interface Outcome {
  case: NegativeCase
  status?: number
  ms: number
  problems: string[]
  tolerated?: string
  /** The client could not send the request at all (not the server's fault). */
  unsendable?: string
}

export interface RunSummary {
  outcomes: Outcome[]
  failures: Outcome[]
  /** Answers ≥ 500, tolerated or not. */
  serverErrors: number
  unsendable: number
  elapsedMs: number
  /** Cases not sent because the time budget ran out. */
  notRun: number
}

export interface RunOptions {
  transport: Transport
  cases: NegativeCase[]
  level: Level
  /** The statuses the spec documents for an operation label. */
  documented: (operation: string) => number[]
  /** What the spec finds wrong with an answer (used to judge documented 4xx and 5xx); none when left out. */
  specProblems?: (c: NegativeCase, res: WireResponse) => string[]
  timeoutMs: number
  /** Requests in flight at once. */
  concurrency?: number
  /** Stop sending new cases after this long. */
  budgetMs?: number
  onOutcome?: (o: Outcome) => void
}

/** The spec's findings on an answer, for `specProblems`; placeholders become one dummy segment. */
export const specProblemsOf =
  (validator: SpecValidator) =>
  (c: NegativeCase, res: WireResponse): string[] => {
    const [method, template] = c.operation.split(' ') as [string, string]
    return validator.checkResponse({
      method,
      path: template.replace(/\{[^}]+\}/g, 'x'),
      status: res.status,
      contentType: res.contentType,
      body: res.body.toString('utf8'),
    })
  }

/**
 * Cases in the order to send them: those of DELETE operations last, so that a malformed request that is
 * still valid enough to delete the target library or its seeded folder does so after the others ran.
 */
export const deletionsLast = (cases: NegativeCase[]): NegativeCase[] => [
  ...cases.filter((c) => !c.operation.startsWith('DELETE ')),
  ...cases.filter((c) => c.operation.startsWith('DELETE ')),
]

export async function runCases(o: RunOptions): Promise<RunSummary> {
  const started = Date.now()
  const outcomes: Outcome[] = new Array(o.cases.length)
  let next = 0
  let notRun = 0
  const worker = async () => {
    while (next < o.cases.length) {
      const i = next++
      const c = o.cases[i]!
      if (o.budgetMs !== undefined && Date.now() - started > o.budgetMs) {
        notRun++
        continue
      }
      const t0 = Date.now()
      let outcome: Outcome
      try {
        const res = await o.transport(c.request, o.timeoutMs)
        const specProblems = res.status >= 400 ? (o.specProblems?.(c, res) ?? []) : []
        const verdict = judge(c, res, o.documented(c.operation), o.level, specProblems)
        outcome = { case: c, status: res.status, ms: res.ms, ...verdict }
      } catch (err) {
        const e = err as Error
        if (e instanceof TransportError && e.kind === 'client')
          outcome = { case: c, ms: Date.now() - t0, problems: [], unsendable: e.message }
        else if (e instanceof TransportError && e.kind === 'timeout')
          outcome = { case: c, ms: Date.now() - t0, problems: [`no answer within ${o.timeoutMs} ms (hang)`] }
        else
          outcome = {
            case: c,
            ms: Date.now() - t0,
            problems: [`no answer: ${e.message} (connection dropped or server down)`],
          }
      }
      outcomes[i] = outcome
      o.onOutcome?.(outcome)
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, o.concurrency ?? 1) }, worker))
  const done = outcomes.filter(Boolean)
  return {
    outcomes: done,
    failures: done.filter((x) => x.problems.length > 0),
    serverErrors: done.filter((x) => (x.status ?? 0) >= 500).length,
    unsendable: done.filter((x) => x.unsendable).length,
    elapsedMs: Date.now() - started,
    notRun,
  }
}

/** The failures as a report: seed, case, request and a curl line to replay each. */
export function formatFailures(failures: Outcome[], seed: number, base: string, max = 10): string {
  const lines = [`${failures.length} negative request(s) got a wrong answer (seed ${seed}):`]
  for (const f of failures.slice(0, max)) {
    const { request: req } = f.case
    lines.push(
      `#${f.case.index} ${f.case.operation} — ${f.case.kind}: ${f.case.detail}`,
      `  ${req.method} ${req.url.length > 300 ? `${req.url.slice(0, 300)}…` : req.url} → ${f.status ?? 'no answer'} in ${f.ms} ms`,
      ...f.problems.map((p) => `  problem: ${p}`),
      `  replay: SEAFILE_FUZZ_SEED=${seed} SEAFILE_FUZZ_CASE=${f.case.index}`,
      `  ${curlOf(req, base).slice(0, 1200)}`,
    )
  }
  if (failures.length > max) lines.push(`… and ${failures.length - max} more`)
  return lines.join('\n')
}

/** A few requests of the test itself (not negative): JSON in and out, the token attached. */
export class Caller {
  constructor(
    readonly transport: Transport,
    readonly token: string,
    readonly timeoutMs = 30_000,
  ) {}

  async send(
    method: string,
    url: string,
    o: {
      form?: Record<string, string>
      multipart?: Parameters<typeof multipartBody>[0]
      auth?: boolean
    } = {},
  ): Promise<WireResponse> {
    const headers: Record<string, string> = {}
    if (o.auth !== false) headers.Authorization = `Token ${this.token}`
    let body: Uint8Array | undefined
    if (o.form) {
      body = urlEncodedBody(Object.entries(o.form))
      headers['Content-Type'] = 'application/x-www-form-urlencoded'
    } else if (o.multipart) {
      const boundary = 'seafile-fuzz-setup-boundary'
      body = multipartBody(o.multipart, boundary)
      headers['Content-Type'] = `multipart/form-data; boundary=${boundary}`
    }
    return this.transport({ method, url, headers, body }, this.timeoutMs)
  }

  async json<T>(
    method: string,
    url: string,
    o: Parameters<Caller['send']>[2] = {},
    ok = [200, 201],
  ): Promise<T> {
    const res = await this.send(method, url, o)
    if (!ok.includes(res.status))
      throw new Error(
        `${method} ${url}: expected ${ok.join('/')}, got ${res.status} ${res.body.toString('utf8').slice(0, 200)}`,
      )
    return JSON.parse(res.body.toString('utf8')) as T
  }
}

export const SEED_DIR = '/fuzz-dir'
export const SEED_FILE = `${SEED_DIR}/seed.txt`
export const SEED_BYTES = Buffer.from('seed file of the robustness run: it must come back byte for byte\n')

/** Puts a folder and a file into the library and collects the links the generator needs (unless `links` is false). */
export async function prepareContext(
  caller: Caller,
  repoId: string,
  { links: wanted = true } = {},
): Promise<FuzzContext> {
  const base = `/api2/repos/${repoId}`
  await caller.send('POST', `${base}/dir/?p=${encodeURIComponent(SEED_DIR)}`, {
    form: { operation: 'mkdir' },
  })
  const upload = await caller.json<string>('GET', `${base}/upload-link/?p=${encodeURIComponent(SEED_DIR)}`)
  const uploaded = await caller.send('POST', `${upload}?ret-json=1`, {
    auth: false,
    multipart: [
      { name: 'parent_dir', value: SEED_DIR },
      { name: 'replace', value: '1' },
      { name: 'file', value: SEED_BYTES, filename: 'seed.txt' },
    ],
  })
  if (uploaded.status !== 200) throw new Error(`seeding the library: upload answered ${uploaded.status}`)
  if (!wanted) return { repoId, dir: SEED_DIR, file: SEED_FILE, token: caller.token, links: {} }
  const links: FuzzContext['links'] = {
    upload: await caller.json<string>('GET', `${base}/upload-link/?p=/`),
  }
  const optional = async (key: keyof FuzzContext['links'], fn: () => Promise<string>) => {
    try {
      links[key] = await fn()
    } catch {
      // The target lacks the route: cases of that file-server route use an unknown token instead.
    }
  }
  await optional('update', () => caller.json<string>('GET', `${base}/update-link/?p=/`))
  await optional('download', () =>
    caller.json<string>('GET', `${base}/file/?p=${encodeURIComponent(SEED_FILE)}&reuse=1`),
  )
  await optional('rawBlks', async () => {
    const blks = await caller.json<{ rawblksurl: string; commiturl: string }>(
      'POST',
      `${base}/upload-blks-link/?p=/`,
      {
        form: { blklist: '' },
      },
    )
    links.uploadBlks = blks.commiturl
    return blks.rawblksurl
  })
  const history = await caller
    .json<{ commits: { id: string }[] }>('GET', `${base}/history/`)
    .catch(() => ({ commits: [] as { id: string }[] }))
  return {
    repoId,
    dir: SEED_DIR,
    file: SEED_FILE,
    token: caller.token,
    commitId: history.commits[0]?.id,
    links,
  }
}

interface Entry {
  type: string
  name: string
  size?: number
  parent_dir?: string
}

/**
 * After the negative requests: the library list still answers and names the library; the library lists
 * recursively; every file (up to `maxFiles`) downloads whole, as large as listed; the seeded file is intact.
 * With `touched`, the library was the cases' own target: the cases may have deleted it or changed its
 * files (a malformed request may still be a valid one), so only what is left must be whole.
 */
export async function libraryProblems(
  caller: Caller,
  repoId: string,
  { maxFiles = 40, touched = false } = {},
): Promise<string[]> {
  const problems: string[] = []
  const repos = await caller.send('GET', '/api2/repos/')
  const listed = repos.status === 200 ? (JSON.parse(repos.body.toString('utf8')) as { id: string }[]) : []
  if (repos.status !== 200) problems.push(`the library list answers ${repos.status}`)
  else if (!listed.some((r) => r.id === repoId)) {
    if (touched) return problems
    problems.push(`library ${repoId} is no longer listed`)
  }
  const dir = await caller.send('GET', `/api2/repos/${repoId}/dir/?p=/&recursive=1`)
  if (dir.status !== 200)
    return [
      ...problems,
      `the library does not list: ${dir.status} ${dir.body.toString('utf8').slice(0, 120)}`,
    ]
  const entries = JSON.parse(dir.body.toString('utf8')) as Entry[]
  const files = entries.filter((e) => e.type === 'file')
  const pathOf = (f: Entry) => `${(f.parent_dir ?? '/').replace(/\/?$/, '/')}${f.name}`
  if (!touched && !files.some((f) => pathOf(f) === SEED_FILE))
    problems.push(`the seeded file ${SEED_FILE} is gone`)
  for (const f of files.slice(0, maxFiles)) {
    const path = pathOf(f)
    const link = await caller.send('GET', `/api2/repos/${repoId}/file/?p=${encodeURIComponent(path)}`)
    if (link.status !== 200) {
      problems.push(`listed file ${JSON.stringify(path)} has no download link: ${link.status}`)
      continue
    }
    const bytes = await caller.send('GET', JSON.parse(link.body.toString('utf8')) as string, { auth: false })
    if (bytes.status !== 200)
      problems.push(`listed file ${JSON.stringify(path)} does not download: ${bytes.status}`)
    else if (f.size !== undefined && bytes.body.length !== f.size)
      problems.push(
        `listed file ${JSON.stringify(path)} is listed as ${f.size} bytes but downloads ${bytes.body.length} (half-written)`,
      )
    else if (!touched && path === SEED_FILE && !bytes.body.equals(SEED_BYTES))
      problems.push(`the seeded file ${SEED_FILE} changed`)
  }
  return problems
}
