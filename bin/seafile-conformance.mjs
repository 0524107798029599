#!/usr/bin/env node
// Runs the compiled CLI, dist/cli/main.js (scripts/build.mjs; `npm install` builds it through `prepare`).
// In a source checkout whose sources changed since the last build, runs the sources through tsx instead,
// so an edit takes effect without a rebuild (tsx is a development dependency).
import { distIsCurrent } from './freshness.mjs'

const dist = new URL('../dist/cli/main.js', import.meta.url)
if (distIsCurrent(new URL('..', import.meta.url))) await import(dist.href)
else {
  const { register } = await import('tsx/esm/api').catch(() => {
    console.error(
      'seafile-conformance: dist/ is missing or stale and tsx is not installed: run `npm run build`',
    )
    process.exit(2)
  })
  register()
  await import('../cli/main.ts')
}
