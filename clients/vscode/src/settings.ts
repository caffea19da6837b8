// The settings passed to the server through workspace/configuration. Only values the user set are sent, so that
// unset ones fall back to the server's own layers (<workspace>/.codeimprove/config.json, then its defaults).
export const settingsSection = 'codeImprove';

/** Settings the client itself uses; the server never sees them. */
const clientOnlyPrefixes = ['server.'];

export interface Inspected {
  globalValue?: unknown; workspaceValue?: unknown; workspaceFolderValue?: unknown;
}

/** What the manifest says of one setting: where it may be set from. */
export interface ContributedSetting {
  key: string; scope?: string; restricted?: boolean;
}

/** An endpoint chosen by a folder's settings gets no credential unless the user's own settings chose the same one. */
const endpointKey = 'model.endpoint';
const endpointFromWorkspaceKey = 'model.endpointFromWorkspace';

/**
 * Nested object of the explicitly set values, e.g. { model: { gpuLayers: 0 } } for "codeImprove.model.gpuLayers".
 * A folder's .vscode/settings.json is the repository's, not the user's: a machine-scoped setting is taken from the
 * user's settings only, and so is a restricted one while the workspace is untrusted. A folder's endpoint is marked as
 * such, so the server sends it no API key.
 */
export function serverSettings(settings: readonly ContributedSetting[], inspect: (key: string) => Inspected | undefined, trusted: boolean): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const { key, scope, restricted } of settings) {
    if (clientOnlyPrefixes.some(p => key.startsWith(p))) continue;
    const found = inspect(key);
    const userOnly = scope === 'machine' || (restricted === true && !trusted);
    const value = userOnly ? found?.globalValue : found?.workspaceFolderValue ?? found?.workspaceValue ?? found?.globalValue;
    if (value === undefined) continue;
    put(result, key, value);
    if (key === endpointKey && value !== found?.globalValue) put(result, endpointFromWorkspaceKey, true);
  }
  return result;
}

/** The C# extension, which already shows the compiler's and analyzers' diagnostics and quick fixes. */
export const csharpExtensionId = 'ms-dotnettools.csharp';

/**
 * codeImprove.diagnostics.scope as the server understands it: "auto" (or unset) becomes "own" beside the C# extension,
 * so no diagnostic or quick fix appears twice, and "all" without it.
 */
export function withDiagnosticsScope(result: Record<string, unknown>, csharpExtensionPresent: boolean): Record<string, unknown> {
  const diagnostics = (result.diagnostics ??= {}) as Record<string, unknown>;
  if (diagnostics.scope !== 'all' && diagnostics.scope !== 'own') {
    diagnostics.scope = csharpExtensionPresent ? 'own' : 'all';
  }
  return result;
}

function put(result: Record<string, unknown>, key: string, value: unknown): void {
  const path = key.split('.');
  let node = result;
  for (const part of path.slice(0, -1)) {
    node = (node[part] ??= {}) as Record<string, unknown>;
  }
  node[path[path.length - 1]] = value;
}

/** The settings under the section, relative to it, with their scope, from the extension manifest's contributes.configuration. */
export function contributedSettings(manifest: { contributes?: { configuration?: { properties?: Record<string, unknown> } } }): ContributedSetting[] {
  const prefix = `${settingsSection}.`;
  return Object.entries(manifest.contributes?.configuration?.properties ?? {})
    .filter(([k]) => k.startsWith(prefix))
    .map(([k, v]) => {
      const declared = v as { scope?: string; restricted?: boolean };
      return { key: k.slice(prefix.length), scope: declared.scope, restricted: declared.restricted };
    });
}

/** The setting keys under the section, relative to it. */
export function contributedKeys(manifest: { contributes?: { configuration?: { properties?: Record<string, unknown> } } }): string[] {
  return contributedSettings(manifest).map(s => s.key);
}

/** Whether a workspace/configuration item asks for this client's section (the server spells it in lower case). */
export function isOurSection(section: string | undefined): boolean {
  return section?.toLowerCase() === settingsSection.toLowerCase();
}
