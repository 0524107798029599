/**
 * Running SHA-1 hashes of upload segments, computed on a worker thread when there is one. On the main
 * thread the hash of a 1 GiB upload costs as much CPU as receiving it; on a worker it runs beside the
 * socket reads, the multipart parsing and the disk writes. The bytes are not copied: the write buffers live
 * in shared memory (see tempUploads.ts), and a buffer is reused only once the worker has hashed it.
 */
import { createHash, type Hash } from 'node:crypto'
import { Worker } from 'node:worker_threads'

/** A SHA-1 fed in order. `update` resolves once `bytes` may be overwritten. */
export interface RunningSha1 {
  update(bytes: Uint8Array): Promise<void>
  digest(): Promise<string>
  /** Forgets the hash (its segment was overwritten or deleted). */
  drop(): void
}

/** The worker, as a script: plain JavaScript, since the worker does not load the TypeScript loader. */
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads')
const { createHash } = require('node:crypto')
const hashes = new Map()
parentPort.on('message', (m) => {
  if (m.op === 'update') {
    let hash = hashes.get(m.id)
    if (!hash) hashes.set(m.id, (hash = createHash('sha1')))
    hash.update(new Uint8Array(m.memory, m.offset, m.length))
    parentPort.postMessage({ seq: m.seq })
  } else if (m.op === 'digest') {
    const hash = hashes.get(m.id) ?? createHash('sha1')
    hashes.delete(m.id)
    parentPort.postMessage({ seq: m.seq, hex: hash.digest('hex') })
  } else if (m.op === 'drop') hashes.delete(m.id)
})
`

interface Reply {
  seq: number
  hex?: string
}

/** One worker for the process, started on first use; it keeps the process alive only while it has work. */
class Sha1Worker {
  readonly #worker: Worker
  readonly #pending = new Map<number, { resolve(hex?: string): void; reject(error: Error): void }>()
  #seq = 0
  #nextId = 0
  #failure: Error | undefined

  constructor() {
    this.#worker = new Worker(WORKER_SOURCE, { eval: true })
    this.#worker.unref()
    this.#worker.on('message', (reply: Reply) => {
      const waiting = this.#pending.get(reply.seq)
      this.#pending.delete(reply.seq)
      if (this.#pending.size === 0) this.#worker.unref()
      waiting?.resolve(reply.hex)
    })
    const fail = (error: Error) => {
      this.#failure = error
      for (const waiting of this.#pending.values()) waiting.reject(error)
      this.#pending.clear()
    }
    this.#worker.on('error', fail)
    this.#worker.on('exit', (code) => fail(new Error(`the SHA-1 worker exited with ${code}`)))
  }

  get usable(): boolean {
    return this.#failure === undefined
  }

  hash(): RunningSha1 {
    const id = this.#nextId++
    return {
      update: async (bytes) => {
        // Shared memory is read in place; anything else is copied into the message (rare: a fallback).
        const shared = bytes.buffer instanceof SharedArrayBuffer
        const memory = shared ? bytes.buffer : bytes.slice().buffer
        const offset = shared ? bytes.byteOffset : 0
        await this.#ask({ op: 'update', id, memory, offset, length: bytes.byteLength })
      },
      digest: async () => (await this.#ask({ op: 'digest', id })) as string,
      drop: () => {
        if (this.usable) this.#worker.postMessage({ op: 'drop', id })
      },
    }
  }

  #ask(message: Record<string, unknown>): Promise<string | undefined> {
    if (this.#failure) return Promise.reject(this.#failure)
    const seq = this.#seq++
    if (this.#pending.size === 0) this.#worker.ref()
    return new Promise((resolve, reject) => {
      this.#pending.set(seq, { resolve, reject })
      this.#worker.postMessage({ ...message, seq })
    })
  }
}

/** The same, on the calling thread: where no worker can be started. */
function inlineHash(): RunningSha1 {
  let hash: Hash | undefined = createHash('sha1')
  return {
    update: async (bytes) => {
      hash?.update(bytes)
    },
    digest: async () => {
      const hex = (hash ?? createHash('sha1')).digest('hex')
      hash = undefined
      return hex
    },
    drop: () => {
      hash = undefined
    },
  }
}

let worker: Sha1Worker | null | undefined

/** A new running SHA-1: on the worker while it works, else on this thread. */
export function runningSha1(): RunningSha1 {
  if (worker === undefined) {
    try {
      worker = new Sha1Worker()
    } catch {
      worker = null
    }
  }
  return worker?.usable ? worker.hash() : inlineHash()
}

/** Whether hashes run on the worker (false before the first hash, or where no worker could start). */
export const hashingOnWorker = (): boolean => worker?.usable === true
