// The settings passed to the server through workspace/configuration. Only values the user set are sent, so that
// unset ones fall back to the server's own layers (<workspace>/.codeimprove/config.json, then its defaults).
export const settingsSection = 'codeImprove';

/** Settings the client itself uses; the server never sees them. */
const clientOnlyPrefixes = ['server.'];

export interface Inspected {
  globalValue?: unknown; workspaceValue?: unknown; workspaceFolderValue?: unknown;
}

/** Nested object of the explicitly set values, e.g. { model: { gpuLayers: 0 } } for "codeImprove.model.gpuLayers". */
export function serverSettings(keys: readonly string[], inspect: (key: string) => Inspected | undefined): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const key of keys) {
    if (clientOnlyPrefixes.some(p => key.startsWith(p))) continue;
    const found = inspect(key);
    const value = found?.workspaceFolderValue ?? found?.workspaceValue ?? found?.globalValue;
    if (value === undefined) continue;
    const path = key.split('.');
    let node = result;
    for (const part of path.slice(0, -1)) {
      node = (node[part] ??= {}) as Record<string, unknown>;
    }
    node[path[path.length - 1]] = value;
  }
  return result;
}

/** The setting keys under the section, relative to it, from the extension manifest's contributes.configuration. */
export function contributedKeys(manifest: { contributes?: { configuration?: { properties?: Record<string, unknown> } } }): string[] {
  const prefix = `${settingsSection}.`;
  return Object.keys(manifest.contributes?.configuration?.properties ?? {})
    .filter(k => k.startsWith(prefix))
    .map(k => k.slice(prefix.length));
}

/** Whether a workspace/configuration item asks for this client's section (the server spells it in lower case). */
export function isOurSection(section: string | undefined): boolean {
  return section?.toLowerCase() === settingsSection.toLowerCase();
}
