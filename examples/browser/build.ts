/**
 * Builds the example into a directory a static server can serve: index.html, main.js (esbuild bundle of
 * main.ts, msw included, the mock's Node core left out) and msw's mockServiceWorker.js.
 */
import { copyFile, mkdir } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const HERE = dirname(fileURLToPath(import.meta.url))

export async function buildBrowserExample(outDir: string): Promise<void> {
  await mkdir(outDir, { recursive: true })
  await build({
    entryPoints: [join(HERE, 'main.ts')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    outfile: join(outDir, 'main.js'),
    logLevel: 'warning',
  })
  await copyFile(join(HERE, 'index.html'), join(outDir, 'index.html'))
  // What `npx msw init` copies: the worker must be served from the page's origin.
  const msw = dirname(createRequire(import.meta.url).resolve('msw/package.json'))
  await copyFile(join(msw, 'lib', 'mockServiceWorker.js'), join(outDir, 'mockServiceWorker.js'))
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const out = process.argv[2] ?? join(HERE, 'dist')
  await buildBrowserExample(out)
  console.log(`built ${out}`)
}
