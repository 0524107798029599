/**
 * Starts the project's mock on a free loopback port when `load` gets no `--target`, in its own process so
 * that the mock and the load generator do not share an event loop (and one core).
 */
import { UserError } from '../cli/userError.ts'
import { ownScript } from '../spec/packageFiles.ts'
import { spawnServer } from './childServer.ts'

export interface RunningMock {
  url: string
  close(): Promise<void>
}

/** The mock's default account (mock/options.ts), used when no credentials are given. */
export const MOCK_USER = { user: 'user@example.com', password: 'user' }

export async function startEmbeddedMock(): Promise<RunningMock> {
  const child = await spawnServer('the embedded mock', ownScript('load/mockProcess.ts')).catch(
    (err: Error) => {
      throw new UserError(`the embedded mock cannot start: ${err.message}`)
    },
  )
  return { url: child.url, close: () => child.stop() }
}
