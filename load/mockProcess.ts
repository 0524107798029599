/** Child process of `load` without `--target`: the project's mock on a free loopback port (childServer.ts). */
import { createMockServer } from '../mock/index.ts'
import { announce } from './childServer.ts'

// This process is the mock, as with the CLI's `mock` command: tuned for large uploads like it.
const server = await createMockServer({ tuneProcess: true })
const listening = await server.listen(0, '127.0.0.1')
announce({ url: listening.url, close: () => listening.close().then(() => server.close()) })
