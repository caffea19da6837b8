/** The JSON-RPC error code of a failed request (vscode-jsonrpc's ResponseError carries `code`), if any. */
export function errorCode(error: unknown): number | undefined {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'number' ? code : undefined;
}
