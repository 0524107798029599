// k6 script written by `seafile-conformance load --emit k6`: the scenario of the `load` command, for k6.
//
//   k6 run -e SEAFILE_TARGET=https://seafile.example.com -e SEAFILE_USER=me@example.com \
//          -e SEAFILE_PASSWORD=… THIS_FILE
//
// On several machines, run it on each with `--no-thresholds --out json=runner-N.json` and judge the
// merged histograms: `seafile-conformance load merge runner-*.json --threshold 'p95<200ms'` (load/README.md).
// Every request is tagged `step`; thresholds below use those tags. Setup and teardown requests carry no
// `step` tag and are left out of the thresholds and of `load merge`.
import http from 'k6/http'
import { Counter } from 'k6/metrics'

const CONFIG = /* CONFIG */ null

const TARGET = (__ENV.SEAFILE_TARGET || '').replace(/\/+$/, '')
const MULTIPART = `multipart/form-data; boundary=${CONFIG.boundary}`

export const options = Object.assign({}, CONFIG.options, {
  tags: Object.assign({}, CONFIG.options.tags, { seafile_target: TARGET }),
})

const bytesIn = new Counter('seafile_bytes_in')
const bytesOut = new Counter('seafile_bytes_out')

/** The same incompressible bytes as the load command (xorshift32), made once per VU. */
function generatePayload(size) {
  const words = new Uint32Array(Math.ceil(size / 4))
  let x = 0x9e3779b9
  for (let i = 0; i < words.length; i++) {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    x >>>= 0
    words[i] = x
  }
  return new Uint8Array(words.buffer, 0, size)
}

let payload
function getPayload() {
  if (!payload) payload = generatePayload(CONFIG.fileSize)
  return payload
}

function utf8(text) {
  const out = new Uint8Array(text.length)
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i) & 0xff
  return out
}

/** parent_dir=/, replace=1, then the file part; built once per VU and name, then reused. */
const bodies = {}
function multipart(name, start, end) {
  const key = `${name}:${start}`
  if (!bodies[key]) {
    const head = utf8(
      `--${CONFIG.boundary}\r\nContent-Disposition: form-data; name="parent_dir"\r\n\r\n/\r\n` +
        `--${CONFIG.boundary}\r\nContent-Disposition: form-data; name="replace"\r\n\r\n1\r\n` +
        `--${CONFIG.boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\n` +
        'Content-Type: application/octet-stream\r\n\r\n',
    )
    const content = getPayload().subarray(start, end)
    const tail = utf8(`\r\n--${CONFIG.boundary}--\r\n`)
    const body = new Uint8Array(head.length + content.length + tail.length)
    body.set(head, 0)
    body.set(content, head.length)
    body.set(tail, head.length + content.length)
    bodies[key] = body.buffer
  }
  return bodies[key]
}

function step(name, method, url, body, params) {
  const tags = { step: name, name: name, seafile_phase: 'timed' }
  const res = http.request(
    method,
    url,
    body === undefined ? null : body,
    Object.assign({ tags: tags }, params),
  )
  bytesIn.add(Number(res.headers['Content-Length'] || 0), tags)
  bytesOut.add(body ? body.byteLength : 0, tags)
  return res
}

function headers(token, extra) {
  return Object.assign({ Authorization: `Token ${token}` }, extra)
}

/** A link the api2 view answers as a JSON string, or undefined. */
function link(res) {
  if (res.status < 200 || res.status >= 300) return undefined
  try {
    const url = res.json()
    return typeof url === 'string' ? url : undefined
  } catch (_) {
    return undefined
  }
}

function browse(data) {
  const repo = `${TARGET}/api2/repos/${data.repoId}`
  const params = { headers: headers(data.token) }
  step('repos', 'GET', `${TARGET}/api2/repos/`, undefined, params)
  step('dir', 'GET', `${repo}/dir/?p=/`, undefined, params)
  const name = data.names[__ITER % data.names.length]
  step('stat', 'GET', `${repo}/file/detail/?p=/${name}`, undefined, params)
}

function download(data) {
  const params = { headers: headers(data.token) }
  const url = link(
    step(
      'download-link',
      'GET',
      `${TARGET}/api2/repos/${data.repoId}/file/?p=/download.bin&reuse=1`,
      undefined,
      params,
    ),
  )
  if (url) step('download', 'GET', url, undefined, { headers: headers(data.token), responseType: 'none' })
}

function upload(data) {
  const url = link(
    step('upload-link', 'GET', `${TARGET}/api2/repos/${data.repoId}/upload-link/?p=/`, undefined, {
      headers: headers(data.token),
    }),
  )
  if (!url) return
  const post = { headers: headers(data.token, { 'Content-Type': MULTIPART }) }
  step('upload', 'POST', url, multipart(`upload-vu${__VU}.bin`, 0, CONFIG.fileSize), post)
  const name = `resumable-vu${__VU}.bin`
  for (let start = 0; start < CONFIG.fileSize; start += CONFIG.chunkSize) {
    const end = Math.min(CONFIG.fileSize, start + CONFIG.chunkSize)
    step('upload-chunk', 'POST', url, multipart(name, start, end), {
      headers: headers(data.token, {
        'Content-Type': MULTIPART,
        'Content-Range': `bytes ${start}-${end - 1}/${CONFIG.fileSize}`,
        'Content-Disposition': `attachment; filename="${name}"`,
      }),
    })
  }
}

const FLOWS = { browse: browse, download: download, upload: upload }

export function setup() {
  if (!TARGET) throw new Error('set SEAFILE_TARGET, and SEAFILE_USER with SEAFILE_PASSWORD or SEAFILE_TOKEN')
  let token = __ENV.SEAFILE_TOKEN
  if (!token) {
    const login = http.post(`${TARGET}/api2/auth-token/`, {
      username: __ENV.SEAFILE_USER,
      password: __ENV.SEAFILE_PASSWORD,
    })
    if (login.status !== 200) throw new Error(`login refused: ${login.status} ${login.body}`)
    token = login.json('token')
  }
  const name = `seafile-conformance-load-${CONFIG.scenario}-k6-${Date.now().toString(36)}`
  const created = http.post(`${TARGET}/api2/repos/`, { name: name }, { headers: headers(token) })
  if (created.status !== 200) throw new Error(`cannot create a library: ${created.status} ${created.body}`)
  const repoId = created.json('repo_id')
  const seed = (fileName, bytes) => {
    const url = link(http.get(`${TARGET}/api2/repos/${repoId}/upload-link/?p=/`, { headers: headers(token) }))
    const res = http.post(
      url,
      { parent_dir: '/', replace: '1', file: http.file(bytes, fileName) },
      {
        headers: headers(token),
      },
    )
    if (res.status !== 200) throw new Error(`cannot upload ${fileName}: ${res.status} ${res.body}`)
  }
  const names = []
  if (CONFIG.order.indexOf('browse') >= 0) {
    const small = getPayload().slice(0, Math.min(1024, CONFIG.fileSize)).buffer
    for (let i = 0; i < CONFIG.browseFiles; i++) {
      names.push(`file-${String(i).padStart(3, '0')}.txt`)
      seed(names[i], small)
    }
  }
  if (CONFIG.order.indexOf('download') >= 0) seed('download.bin', getPayload().slice().buffer)
  return { token: token, repoId: repoId, names: names }
}

export default function (data) {
  FLOWS[CONFIG.order[__ITER % CONFIG.order.length]](data)
}

export function teardown(data) {
  http.del(`${TARGET}/api2/repos/${data.repoId}/`, null, { headers: headers(data.token) })
}
