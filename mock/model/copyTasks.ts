/**
 * Background copy/move tasks between libraries (seafile-server server/copy-mgr.c): a task has a UUID, the
 * number of files to copy (`total`), how many are `done`, and ends `successful`, `failed` or `canceled`.
 * The table lives in memory. An ended task stays until a progress query has reported it, then it is gone
 * (copy-mgr.c:81 seaf_copy_manager_get_task removes it): the next query is seahub's 500 `Error` and a cancel
 * succeeds (an unknown id), as seen on 11.0.13. Before that report, a cancel of the ended task fails.
 *
 * Progress is deterministic, never a race against a timer: with `steps` 0 (the default) the work is done
 * before the task id is handed out, so the first poll sees it finished; with `steps` N the task waits, each
 * progress query advances `done` by a share of `total`, and the N-th query does the work (one commit). A
 * cancel before then marks the task canceled and nothing changes, unless every file is already copied
 * (`done` == `total`, e.g. an empty folder): copy-mgr's copy checks the flag only before copying a block
 * (repo-op.c:2154 copy_seafile), so the commit goes ahead and the task ends canceled *and* successful, as
 * 11.0.13 answers a cancel that comes after the last block.
 */
import { randomUUID } from 'node:crypto'

export interface CopyTask {
  done: number
  total: number
  canceled: boolean
  failed: boolean
  successful: boolean
}

interface TaskState {
  task: CopyTask
  polls: number
  steps: number
  work?: () => Promise<void>
}

const ended = (t: CopyTask) => t.canceled || t.failed || t.successful
/** Whether the task's work is still to come: not ended, or canceled too late to stop it. */
const pending = (s: TaskState) => !s.task.failed && !s.task.successful && s.work !== undefined

export class CopyTasks {
  readonly #tasks = new Map<string, TaskState>()

  /** Registers a task of `total` files; `work` runs now (`steps` 0) or on the `steps`-th poll. */
  async start(total: number, work: () => Promise<void>, steps = 0): Promise<string> {
    const id = randomUUID()
    const state: TaskState = {
      task: { done: 0, total, canceled: false, failed: false, successful: false },
      polls: 0,
      steps,
      work,
    }
    this.#tasks.set(id, state)
    if (steps === 0) await this.#finish(state)
    return id
  }

  /** seaf_copy_manager_get_task: a snapshot (one step further for a waiting task), or undefined. */
  async get(id: string): Promise<CopyTask | undefined> {
    const state = this.#tasks.get(id)
    if (!state) return undefined
    if (pending(state)) {
      state.polls++
      if (state.polls >= state.steps) await this.#finish(state)
      else state.task.done = Math.floor((state.task.total * state.polls) / state.steps)
    }
    if (!pending(state)) this.#tasks.delete(id)
    return { ...state.task }
  }

  /**
   * seaf_copy_manager_cancel_task: an unknown id is a no-op that succeeds; an ended task cannot be
   * canceled (false); a waiting one is marked canceled and its work dropped while files remain to copy.
   */
  cancel(id: string): boolean {
    const state = this.#tasks.get(id)
    if (!state) return true
    if (ended(state.task)) return false
    state.task.canceled = true
    if (state.task.done < state.task.total) state.work = undefined
    return true
  }

  async #finish(state: TaskState): Promise<void> {
    const work = state.work
    state.work = undefined
    try {
      await work?.()
      state.task.done = state.task.total
      state.task.successful = true
    } catch {
      // copy-mgr.c: the task is marked failed when the copy does not complete.
      state.task.failed = true
    }
  }
}

const registry = new WeakMap<object, CopyTasks>()

/** The task table of one mock server (keyed by its model, so servers in one process stay apart). */
export function copyTasksOf(owner: object): CopyTasks {
  let tasks = registry.get(owner)
  if (!tasks) {
    tasks = new CopyTasks()
    registry.set(owner, tasks)
  }
  return tasks
}
