/**
 * Capability state shared by every worker of a run, after OCI conformance's `state.go`: when a capability
 * (creating a library, uploading a file…) fails, it is recorded, and every later test that needs it is
 * skipped with that reason instead of failing a second time for the same cause.
 *
 * Workers are separate processes, so the state is a directory of small files (one per failed capability);
 * the run's global setup empties it. A test running in parallel with the first failure may still fail on
 * its own; from then on dependents are skipped.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/** Capabilities that workflows build on, named by what the user does. */
export type Capability =
  | 'login'
  | 'create-library'
  | 'delete-library'
  | 'mkdir'
  | 'create-file'
  | 'list-directory'
  | 'upload-link'
  | 'upload'
  | 'download-link'
  | 'download'

export interface CapabilityFailure {
  capability: Capability
  reason: string
  /** The test that found it. */
  test: string
}

export class CapabilityState {
  constructor(readonly dir: string) {}

  reset(): void {
    rmSync(this.dir, { recursive: true, force: true })
    mkdirSync(this.dir, { recursive: true })
  }

  failure(capability: Capability): CapabilityFailure | undefined {
    try {
      return JSON.parse(readFileSync(join(this.dir, `${capability}.json`), 'utf8')) as CapabilityFailure
    } catch {
      return undefined
    }
  }

  markFailed(capability: Capability, reason: string, test: string): void {
    if (this.failure(capability)) return
    mkdirSync(this.dir, { recursive: true })
    const failure: CapabilityFailure = { capability, reason: reason.split('\n')[0]!.slice(0, 300), test }
    writeFileSync(join(this.dir, `${capability}.json`), JSON.stringify(failure))
  }

  all(): CapabilityFailure[] {
    let names: string[] = []
    try {
      names = readdirSync(this.dir).filter((n) => n.endsWith('.json'))
    } catch {
      return []
    }
    return names
      .map((n) => this.failure(n.slice(0, -'.json'.length) as Capability))
      .filter((f): f is CapabilityFailure => !!f)
  }
}

/** The skip reason for a test needing a capability that already failed. */
export const prerequisiteFailed = (f: CapabilityFailure): string =>
  `prerequisite "${f.capability}" already failed in "${f.test}": ${f.reason}`
