// Where the server executable is: the codeImprove.server.path setting, else the copy bundled in the extension
// under server/<platform>-<arch>/ (the vsix carries the build platform's self-contained server).
import * as path from 'node:path';

export function bundledServerPath(extensionRoot: string, platform: string = process.platform, arch: string = process.arch): string {
  return path.join(extensionRoot, 'server', `${platform}-${arch}`, platform === 'win32' ? 'codeimprove.exe' : 'codeimprove');
}

export function resolveServerPath(setting: string | undefined, extensionRoot: string, workspaceFolder?: string): string {
  const configured = setting?.trim();
  if (!configured) return bundledServerPath(extensionRoot);
  return path.isAbsolute(configured) || !workspaceFolder ? configured : path.join(workspaceFolder, configured);
}
