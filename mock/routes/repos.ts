/** Libraries: list, create, info, delete, password, rename (seahub/api2/views.py::Repos, Repo; endpoints/repos.py). */
import { repoCollectionRoutes } from './repos/collection.ts'
import { libraryRoutes } from './repos/library.ts'
import type { RouteContext } from './types.ts'

/** Libraries, one part per view family (mock/routes/repos/), registered in this order. */
export function repoRoutes(ctx: RouteContext): void {
  repoCollectionRoutes(ctx)
  libraryRoutes(ctx)
}
