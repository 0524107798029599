/**
 * The GitHub Action (action.yml, composite): its inputs, the upload of the reports whatever the outcome,
 * and its run steps executed here as the runner executes them (bash, the step's env with the inputs
 * substituted, GITHUB_ACTION_PATH at this checkout, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files) against
 * the mock. The install step (`npm install` in the action's folder) is the one step not run: here it would
 * reinstall this checkout's node_modules; its command is checked instead.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { parse } from 'yaml'
import { createMockServer, type MockServer } from '../../mock/index.ts'

const ROOT = join(import.meta.dirname, '..', '..')

interface Step {
  id?: string
  name?: string
  uses?: string
  if?: string
  run?: string
  shell?: string
  with?: Record<string, unknown>
  env?: Record<string, string>
}
interface Action {
  inputs: Record<string, { required?: boolean; default?: string }>
  runs: { using: string; steps: Step[] }
}
const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as Action

let mock: MockServer
let listening: { url: string; close(): Promise<void> }
const workspace = mkdtempSync(join(tmpdir(), 'action-'))
beforeAll(async () => {
  mock = await createMockServer()
  listening = await mock.listen(0, '127.0.0.1')
})
afterAll(async () => {
  await listening?.close()
  await mock?.close()
  rmSync(workspace, { recursive: true, force: true })
})

/** Runs the action's run steps with these inputs; what they printed, their exit code, outputs, summary. */
async function runAction(inputs: Record<string, string>) {
  const values: Record<string, string> = Object.fromEntries(
    Object.entries(action.inputs).map(([name, input]) => [name, inputs[name] ?? input.default ?? '']),
  )
  const output = join(workspace, `output-${Math.random().toString(36).slice(2)}`)
  const summary = `${output}-summary`
  writeFileSync(output, '')
  writeFileSync(summary, '')
  let log = ''
  let code: number | null = 0
  for (const step of action.runs.steps.filter((s) => s.run && s.id !== 'install')) {
    expect(step.shell).toBe('bash')
    const env = Object.fromEntries(
      Object.entries(step.env ?? {}).map(([k, v]) => [
        k,
        v.replace(/\$\{\{\s*inputs\.([\w-]+)\s*\}\}/g, (_, n: string) => values[n]!),
      ]),
    )
    code = await new Promise<number | null>((resolve) => {
      const child = spawn('bash', ['-e', '-c', step.run!], {
        cwd: workspace,
        env: {
          ...process.env,
          ...env,
          GITHUB_ACTION_PATH: ROOT,
          GITHUB_OUTPUT: output,
          GITHUB_STEP_SUMMARY: summary,
          FORCE_COLOR: '0',
        },
      })
      child.stdout.on('data', (d: Buffer) => {
        log += d.toString()
      })
      child.stderr.on('data', (d: Buffer) => {
        log += d.toString()
      })
      child.on('close', resolve)
    })
    if (code !== 0) break
  }
  return { code, log, outputs: readFileSync(output, 'utf8'), summary: readFileSync(summary, 'utf8') }
}

describe('the GitHub Action', () => {
  test('a composite action with the inputs target, users, level, known-failures; the reports uploaded always', () => {
    expect(action.runs.using).toBe('composite')
    expect(action.inputs.target?.required).toBe(true)
    expect(action.inputs.users?.required).toBe(true)
    expect(action.inputs.level?.default).toBe('core')
    expect(action.inputs['known-failures']).toBeDefined()
    const upload = action.runs.steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'))!
    expect(upload.if).toBe('always()')
    // A GitHub expression, not a JavaScript template.
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the action's literal `${{ }}` text
    expect(upload.with?.path).toBe('${{ inputs.reports }}')
    const install = action.runs.steps.find((s) => s.id === 'install')!
    expect(install.run).toBe('npm install --prefix "$GITHUB_ACTION_PATH" --no-audit --no-fund')
  })

  test('its run step passes against the mock: verdict, job summary, reports, passwords masked', {
    timeout: 180_000,
  }, async () => {
    const known = join(workspace, 'known-failures.txt')
    writeFileSync(known, '# none yet\n')
    const run = await runAction({
      target: listening.url,
      users: 'user@example.com:user\n  user2@example.com:user2\n',
      'known-failures': known,
      grep: 'library lifecycle',
    })
    expect(run.code, run.log).toBe(0)
    expect(run.outputs).toBe('verdict=pass\n')
    expect(run.summary).toContain('# Seafile conformance summary')
    expect(run.log).toContain('::add-mask::user2')
    expect(readFileSync(join(workspace, 'seafile-conformance-reports', 'summary.md'), 'utf8')).toContain(
      'PASS',
    )
  })

  test('a refused login fails the step in one line (exit 2), the verdict is fail', {
    timeout: 120_000,
  }, async () => {
    const run = await runAction({
      target: listening.url,
      users: 'user@example.com:wrong',
      grep: 'library lifecycle',
    })
    expect(run.code).toBe(2)
    expect(run.outputs).toBe('verdict=fail\n')
    expect(run.log).toMatch(/wrong credentials for user@example\.com/)
  })
})
