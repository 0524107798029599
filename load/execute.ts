/**
 * One load run end to end: log in, create a library and seed it (untimed), run the timed part, delete the
 * library (always, even when the run fails), and return the result.
 */
import { randomBytes } from 'node:crypto'
import { UserError } from '../cli/userError.ts'
import { generatePayload } from './payload.ts'
import { type LoadModel, type LoadResult, RESULT_FORMAT } from './result.ts'
import { type Progress, runLoad } from './runner.ts'
import { buildSequence, DEFAULT_MIX, type Mix, type ScenarioName, scenario } from './scenarios/index.ts'
import { SeafileApi } from './seafileApi.ts'

export interface ExecuteOptions {
  target: string
  user?: string
  password?: string
  token?: string
  scenario: ScenarioName
  mix?: Mix
  model: LoadModel
  durationSeconds: number
  fileSize: number
  chunkSize: number
  onProgress?(p: Progress): void
  /** Told about the untimed parts (seeding, cleanup). */
  log?(line: string): void
  /** Called right before and right after the timed part (the runner's own cost: bench/loadScale.ts). */
  onTimed?(phase: 'start' | 'end'): void
}

export async function executeLoad(o: ExecuteOptions): Promise<LoadResult> {
  const log = o.log ?? (() => {})
  const target = new URL(o.target)
  const prefix = target.pathname.replace(/\/+$/, '')
  const api = await SeafileApi.connect(target.origin + prefix, o)
  const s = scenario(o.scenario, o.mix)
  const libraryName = `seafile-conformance-load-${o.scenario}-${randomBytes(4).toString('hex')}`
  const repoId = await api.createLibrary(libraryName)
  try {
    log(`seeding library ${libraryName} for ${o.scenario}`)
    const sequence = await buildSequence(s, {
      api,
      repoId,
      prefix,
      payload: generatePayload(o.fileSize),
      chunkSize: o.chunkSize,
      pathOf: (link) => {
        const url = new URL(link, target)
        if (url.origin !== target.origin) {
          throw new UserError(
            `the server links to ${url.origin}, not to ${target.origin}: run the load against that origin (FILE_SERVER_ROOT) or put both behind one`,
          )
        }
        return url.pathname + url.search
      },
    })
    o.onTimed?.('start')
    const run = await runLoad({
      origin: target.origin,
      sequence,
      stepNames: s.stepNames,
      model: o.model,
      durationSeconds: o.durationSeconds,
      token: api.token,
      onProgress: o.onProgress,
    })
    o.onTimed?.('end')
    return {
      format: RESULT_FORMAT,
      scenario: o.scenario,
      target: target.origin + prefix,
      model: o.model,
      startedAt: run.startedAt,
      durationSeconds: run.durationSeconds,
      fileSize: o.fileSize,
      chunkSize: o.chunkSize,
      ...(o.scenario === 'mixed' ? { mix: o.mix ?? DEFAULT_MIX } : {}),
      runners: 1,
      steps: run.steps,
      timeline: run.timeline,
    }
  } finally {
    log(`deleting library ${libraryName}`)
    await api.deleteLibrary(repoId)
  }
}
