/** What a scenario is made of: flows of steps, each step one HTTP request of a real Seafile workflow. */
import type { SeafileApi } from '../seafileApi.ts'

/** Per connection, reset at every pass through the sequence; earlier steps leave links here for later ones. */
export interface FlowContext {
  /** Connection number, 0…connections−1: keeps connections' upload names apart. */
  conn: number
  [key: string]: unknown
}

export interface StepRequest {
  method: 'GET' | 'POST'
  /** Path and query on the target, including the target's path prefix. */
  path: string
  headers?: Record<string, string>
  /** Written one buffer after the other; the big ones are shared, never copied. */
  body?: Buffer[]
}

export interface Step {
  /** Reported name; thresholds select it as `<name>.p95<…`. Several steps may share one name. */
  name: string
  /**
   * The request never changes (no context, no body): the runner builds it once per connection, as plain
   * autocannon does, instead of before every send.
   */
  constant?: boolean
  /** The request to send, or null to end this pass (an earlier step failed to give what it needs). */
  request(ctx: FlowContext): StepRequest | null
  /**
   * Reads the body of a 2xx answer; false marks the answer unusable (counted as an error). Steps without
   * `read` never buffer their answer, so downloads cost no memory.
   */
  read?(body: string, ctx: FlowContext): boolean
}

/** What a flow gets to seed its data before the timed part. */
export interface FlowEnv {
  api: SeafileApi
  repoId: string
  /** Path prefix of the target (`''` or `/seafile`). */
  prefix: string
  payload: Buffer
  chunkSize: number
  /** An absolute link from the server as a path on the target; throws a UserError for another origin. */
  pathOf(link: string): string
}

export type FlowName = 'browse' | 'download' | 'upload'

export interface Flow {
  name: FlowName
  /** Step names in the order they run. */
  stepNames: readonly string[]
  /** Creates what the steps read (files in the scenario's library) and returns the steps. */
  seed(env: FlowEnv): Promise<Step[]>
}

/** Parses the JSON-string link an api2 view answers and keeps it in the context for the next step. */
export function keepLink(env: FlowEnv, key: string) {
  return (body: string, ctx: FlowContext): boolean => {
    try {
      const link = JSON.parse(body) as unknown
      if (typeof link !== 'string') return false
      ctx[key] = env.pathOf(link)
      return true
    } catch {
      return false
    }
  }
}
