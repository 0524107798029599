/**
 * Try the example by hand: `npx tsx examples/browser/serve.ts` builds it, starts the mock (default seed)
 * and a static server, and prints the page's URL. Ctrl-C stops both.
 */
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createMockServer } from '../../mock/index.ts'
import { buildBrowserExample } from './build.ts'
import { serveStatic } from './staticServer.ts'

const out = join(tmpdir(), 'seafile-msw-example')
await buildBrowserExample(out)
const mock = await createMockServer({ seed: 'default' })
const api = await mock.listen(Number(process.env.SEAFILE_MOCK_PORT ?? 0), '127.0.0.1')
const page = await serveStatic(out, Number(process.env.EXAMPLE_PORT ?? 0))
console.log(`mock: ${api.url} (docs: ${api.url}/docs/)`)
console.log(`open: ${page.url}/?mock=${encodeURIComponent(api.url)}`)
await new Promise<void>((resolve) => process.once('SIGINT', () => resolve()))
await page.close()
await api.close()
await mock.close()
