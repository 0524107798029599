/**
 * A web client of Seafile, tested without a Seafile: msw's service worker catches every request to
 * SEAFILE_URL and hands it to the mock (a running `seafile-conformance mock`, given as `?mock=URL`).
 * The app code below knows nothing about the mock; only the three lines starting the worker do.
 */
import { setupWorker } from 'msw/browser'
// In a client project: import { createSeafileHandlers } from 'seafile-conformance/msw'
import { createSeafileHandlers } from '../../mock/msw.ts'
import { type Library, SeafileClient } from './seafileClient.ts'

/** The server the app is configured with; never contacted, the worker answers. */
const SEAFILE_URL = 'https://seafile.example.test'

const params = new URLSearchParams(location.search)
const target = params.get('mock') ?? 'http://127.0.0.1:8000'
const namespace = params.get('ns') ?? undefined

const $ = (id: string) => document.getElementById(id)!

function status(text: string, state: string): void {
  $('status').textContent = text
  $('status').dataset.state = state
}

function list(id: string, items: string[][]): void {
  $(id).replaceChildren(
    ...items.map(([name, detail]) => {
      const li = document.createElement('li')
      li.textContent = name!
      const small = document.createElement('span')
      small.className = 'size'
      small.textContent = detail ?? ''
      li.append(small)
      return li
    }),
  )
}

const kib = (n = 0) => (n < 1024 ? `${n} B` : `${(n / 1024).toFixed(1)} KiB`)

async function showFiles(client: SeafileClient, library: Library): Promise<void> {
  const entries = await client.listDir(library.id, '/')
  list(
    'files',
    entries.map((e) => [e.type === 'dir' ? `${e.name}/` : e.name, e.type === 'dir' ? 'folder' : kib(e.size)]),
  )
}

async function main(): Promise<void> {
  const worker = setupWorker(...createSeafileHandlers({ baseUrl: SEAFILE_URL, target, namespace }))
  await worker.start({
    onUnhandledRequest: 'bypass',
    quiet: true,
    serviceWorker: { url: './mockServiceWorker.js' },
  })

  status('Logging in…', 'login')
  const client = await SeafileClient.login(SEAFILE_URL, 'user@example.com', 'user')
  const libraries = await client.listLibraries()
  list(
    'libraries',
    libraries.map((l) => [l.name, l.encrypted ? 'encrypted' : kib(l.size)]),
  )
  const library = libraries.find((l) => !l.encrypted)
  if (!library) throw new Error('no unencrypted library to upload to')
  $('target-library').textContent = library.name
  $('library-name').textContent = library.name
  await showFiles(client, library)
  status(`${libraries.length} libraries`, 'ready')

  const button = $('upload') as HTMLButtonElement
  button.disabled = false
  button.addEventListener('click', async () => {
    const file = ($('file') as HTMLInputElement).files?.[0]
    if (!file) return status('Choose a file first', 'ready')
    button.disabled = true
    try {
      const uploaded = await client.upload(library.id, '/', file, file.name)
      await showFiles(client, library)
      status(`Uploaded ${uploaded.name}`, 'uploaded')
    } catch (err) {
      status(String(err), 'error')
    } finally {
      button.disabled = false
    }
  })
}

main().catch((err) => status(`Failed: ${err}`, 'error'))
