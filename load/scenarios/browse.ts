/** browse: list the libraries, list the library's root (100 files), stat one file after the other. */
import type { Flow, Step } from './types.ts'

export const BROWSE_FILES = 100

export const browse: Flow = {
  name: 'browse',
  stepNames: ['repos', 'dir', 'stat'],
  async seed(env) {
    const link = await env.api.uploadLink(env.repoId, '/')
    const names = Array.from({ length: BROWSE_FILES }, (_, i) => `file-${String(i).padStart(3, '0')}.txt`)
    const small = env.payload.subarray(0, Math.min(1024, env.payload.length))
    for (let i = 0; i < names.length; i += 10) {
      await Promise.all(names.slice(i, i + 10).map((n) => env.api.uploadFile(link, n, small, '/')))
    }
    const api2 = `${env.prefix}/api2/repos`
    let next = 0
    const steps: Step[] = [
      { name: 'repos', constant: true, request: () => ({ method: 'GET', path: `${api2}/` }) },
      {
        name: 'dir',
        constant: true,
        request: () => ({ method: 'GET', path: `${api2}/${env.repoId}/dir/?p=/` }),
      },
      {
        name: 'stat',
        request: () => {
          const name = names[next++ % names.length]
          return { method: 'GET', path: `${api2}/${env.repoId}/file/detail/?p=/${name}` }
        },
      },
    ]
    return steps
  },
}
