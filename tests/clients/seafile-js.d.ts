/** The part of seafile-js (npm, untyped) the real-client test drives: each method answers an axios response. */
declare module 'seafile-js' {
  import type { AxiosInstance, AxiosResponse } from 'axios'

  type Res = Promise<AxiosResponse>
  export class SeafileAPI {
    req: AxiosInstance
    token: string
    init(options: { server: string; username?: string; password?: string; token?: string }): this
    login(): Promise<void>
    authPing(): Res
    getAccountInfo(): Res
    createMineRepo(repo: Record<string, unknown>): Res
    deleteRepo(repoID: string): Res
    listRepos(options?: { type?: string | string[] }): Res
    getRepoInfo(repoID: string): Res
    listDir(repoID: string, dirPath: string, options?: { recursive?: boolean; type?: string }): Res
    createDir(repoID: string, dirPath: string): Res
    getFileServerUploadLink(repoID: string, folderPath: string): Res
    getFileDownloadLink(repoID: string, filePath: string): Res
    getFileContent(downloadLink: string): Res
    deleteFile(repoID: string, filePath: string): Res
    createShareLink(
      repoID: string,
      path: string,
      password?: string,
      expirationTime?: string,
      permissions?: string,
    ): Res
    listShareLinks(options: { repoID?: string; path?: string; page?: number; perPage?: number }): Res
    deleteShareLink(token: string): Res
    createUploadLink(repoID: string, path: string, password?: string, expirationTime?: string): Res
    getUploadLink(repoID: string, path: string): Res
    deleteUploadLink(token: string): Res
    starItem(repoID: string, path: string): Res
    listStarredItems(): Res
    unstarItem(repoID: string, path: string): Res
    listActivities(pageNum: number): Res
    getRepoFolderTrash(repoID: string, path: string, scanStat?: string): Res
    restoreDirents(repoID: string, commitID: string, paths: string[]): Res
    getFileHistory(repoID: string, filePath: string): Res
    restoreFile(repoID: string, commitID: string, path: string): Res
    listOldFileHistoryRecords(repoID: string, path: string, commitID?: string): Res
    revertFile(repoID: string, path: string, commitID: string): Res
    setRepoDecryptPassword(repoID: string, password: string): Res
    listRepoAPITokens(repoID: string): Res
    addRepoAPIToken(repoID: string, appName: string, permission: string): Res
    updateRepoAPIToken(repoID: string, appName: string, permission: string): Res
    deleteRepoAPIToken(repoID: string, appName: string): Res
    listLinkedDevices(): Res
    unlinkDevice(platform: string, deviceID: string, wipeDevice?: boolean): Res
    listGroups(withRepos?: boolean): Res
    unshareRepoToGroup(repoID: string, groupID: number): Res
    listRepoRelatedUsers(repoID: string): Res
    getCustomPermission(repoID: string, permissionID: number): Res
  }
}
