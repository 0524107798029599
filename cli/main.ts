/**
 * `seafile-conformance <command>`: each command lives in `cli/commands/<name>.ts` and exports
 * `run(argv): Promise<number>` (the exit code) and `help` (its usage text). A command's module is
 * imported only when that command runs, and each imports its heavy parts (the mock, Playwright, the
 * load generator) inside `run`, so `--help`, `--version` and usage errors start nothing.
 */
import { packageVersion } from '../spec/packageFiles.ts'
import { UserError } from './userError.ts'

const COMMANDS: Record<string, { summary: string; load: () => Promise<Command> }> = {
  mock: { summary: 'start the stateful mock Seafile server', load: () => import('./commands/mock.ts') },
  test: {
    summary: 'run the conformance suites against a server (default: the embedded mock)',
    load: () => import('./commands/test.ts'),
  },
  load: {
    summary: 'run a load scenario against a server and report latency and throughput',
    load: () => import('./commands/load.ts'),
  },
  diff: {
    summary: 'replay the same workflows against a reference and a target server, report where they differ',
    load: () => import('./commands/diff.ts'),
  },
  report: {
    summary: 'rebuild or open the reports of the last run',
    load: () => import('./commands/report.ts'),
  },
}

export interface Command {
  help: string
  run(argv: string[]): Promise<number>
}

const usage = () =>
  [
    'Usage: seafile-conformance <command> [options]',
    '',
    'Commands:',
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(8)} ${c.summary}`),
    '',
    'Run `seafile-conformance <command> --help` for the options of a command;',
    '`seafile-conformance --version` prints the version.',
  ].join('\n')

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(usage())
    return name ? 0 : 2
  }
  if (name === '--version' || name === '-V' || name === 'version') {
    console.log(packageVersion())
    return 0
  }
  const entry = COMMANDS[name]
  if (!entry) {
    console.error(`Unknown command "${name}".\n\n${usage()}`)
    return 2
  }
  const command = await entry.load()
  if (rest.includes('--help') || rest.includes('-h')) {
    console.log(command.help)
    return 0
  }
  return command.run(rest)
}

try {
  process.exitCode = await main(process.argv.slice(2))
} catch (err) {
  if (err instanceof UserError) {
    console.error(`seafile-conformance: ${err.message}`)
    process.exitCode = 2
  } else throw err
}
