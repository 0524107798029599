/** The upload benchmark's HTTP client: the API calls it needs and the chunked resumable upload. */
import http from 'node:http'
import { block, CHUNK } from './blocks.ts'

const BOUNDARY = '----SeafileBenchBoundary7MA4YWxkTrZu0gW'

function request(
  agent: http.Agent,
  url: string,
  method: string,
  headers: Record<string, string | number>,
  body: Buffer[],
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers, agent }, (res) => {
      const pieces: Buffer[] = []
      res.on('data', (d: Buffer) => pieces.push(d))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(pieces).toString() }))
    })
    req.on('error', reject)
    for (const piece of body) req.write(piece)
    req.end()
  })
}

export async function api(
  agent: http.Agent,
  base: string,
  token: string | undefined,
  method: string,
  path: string,
  form?: Record<string, string>,
) {
  const body = form ? Buffer.from(new URLSearchParams(form).toString()) : undefined
  const headers: Record<string, string | number> = token ? { Authorization: `Token ${token}` } : {}
  if (body)
    Object.assign(headers, {
      'Content-Type': 'application/x-www-form-urlencoded',
      'Content-Length': body.length,
    })
  const res = await request(agent, base + path, method, headers, body ? [body] : [])
  if (res.status >= 400) throw new Error(`${method} ${path}: ${res.status} ${res.text.slice(0, 200)}`)
  return JSON.parse(res.text) as unknown
}

/**
 * Uploads one file of `blocks` chunks over one keep-alive connection of its own; block `i` of run `run` is
 * `block(pool, run * blocks + i)`. Not a connection kept from an earlier upload: between uploads this
 * process hashes for seconds without reading its sockets, and a server that closed the idle connection
 * meanwhile (Node's keep-alive timeout is 5 s) would fail the next chunk with EPIPE.
 */
export async function uploadOnce(link: string, pool: Buffer[], run: number, blocks: number) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 })
  try {
    return await uploadChunks(agent, link, pool, run, blocks)
  } finally {
    agent.destroy()
  }
}

async function uploadChunks(agent: http.Agent, link: string, pool: Buffer[], run: number, blocks: number) {
  const total = blocks * CHUNK
  const head = Buffer.from(
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="parent_dir"\r\n\r\n/\r\n` +
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="blob"\r\n` +
      'Content-Type: application/octet-stream\r\n\r\n',
  )
  const tail = Buffer.from(`\r\n--${BOUNDARY}--\r\n`)
  const t0 = performance.now()
  let answer = ''
  for (let i = 0; i < blocks; i++) {
    const start = i * CHUNK
    const res = await request(
      agent,
      `${link}?ret-json=1`,
      'POST',
      {
        'Content-Type': `multipart/form-data; boundary=${BOUNDARY}`,
        'Content-Range': `bytes ${start}-${start + CHUNK - 1}/${total}`,
        'Content-Disposition': `attachment; filename="bench-${run}.bin"`,
        'Content-Length': head.length + CHUNK + tail.length,
      },
      [head, block(pool, run * blocks + i), tail],
    )
    if (res.status !== 200) throw new Error(`chunk ${i}: ${res.status} ${res.text}`)
    answer = res.text
  }
  const seconds = (performance.now() - t0) / 1000
  const parsed = JSON.parse(answer) as { id: string; size: number }[] | { success: true }
  const committed = Array.isArray(parsed) ? parsed[0] : undefined
  return { seconds, id: committed?.id, size: committed?.size }
}
