/**
 * A fresh mock on a free loopback port (port 0), optionally with fault rules (docs/faults.md) or seahub 11's
 * virtual user names (`virtualIds`).
 */
import { createMockServer } from '../../mock/index.ts'

export interface RunningMock {
  url: string
  close(): Promise<void>
}

export async function startMock(faults: string[] = [], virtualIds = false): Promise<RunningMock> {
  const server = await createMockServer({ faults, virtualIds })
  const running = await server.listen(0, '127.0.0.1')
  return { url: running.url, close: () => running.close().then(() => server.close?.()) }
}

/** The mock's default accounts, by role. */
export const MOCK_ACCOUNTS = {
  user: { email: 'user@example.com', password: 'user' },
  user2: { email: 'user2@example.com', password: 'user2' },
  admin: { email: 'admin@example.com', password: 'admin' },
}
