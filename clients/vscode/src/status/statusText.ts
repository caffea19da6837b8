// The status bar entry's text: model state (none / CPU / GPU / endpoint, model name), tokens/s of the last run,
// and whether an improvement is running.
import type { ServerStatus } from '../protocol';

const stateLabels: Record<ServerStatus['modelState'], string> = {
  none: 'no model', loading: 'loading model', cpu: 'CPU', gpu: 'GPU', endpoint: 'endpoint', failed: 'model failed',
};

export interface StatusText { text: string; tooltip: string }

export function statusText(status: ServerStatus | undefined, connection: 'starting' | 'running' | 'stopped'): StatusText {
  if (!status || connection !== 'running') {
    const text = connection === 'stopped' ? '$(error) CodeImprove: server stopped' : '$(sync~spin) CodeImprove: starting';
    return { text, tooltip: 'CodeImprove language server' };
  }
  const busy = (status.busy ?? 0) > 0;
  const parts = [stateLabels[status.modelState] ?? status.modelState];
  if (status.modelName) parts.push(status.modelName);
  if (status.lastTokensPerSecond !== undefined && status.lastTokensPerSecond !== null) parts.push(`${status.lastTokensPerSecond.toFixed(1)} tok/s`);
  if (status.workspaceState === 'loading') parts.push('loading workspace');
  const icon = busy ? '$(sync~spin)' : status.modelState === 'failed' ? '$(warning)' : '$(sparkle)';
  const tooltip = [
    `CodeImprove server ${status.version}`,
    `Model: ${stateLabels[status.modelState] ?? status.modelState}${status.modelName ? ` (${status.modelName})` : ''}`,
    status.modelMessage,
    status.lastTokensPerSecond !== undefined && status.lastTokensPerSecond !== null ? `Last run: ${status.lastTokensPerSecond.toFixed(1)} tokens/s` : undefined,
    busy ? `Improving: ${status.busy} running` : 'Idle',
    status.workspaceState ? `Workspace: ${status.workspaceState}` : undefined,
    `Memory: ${(status.workingSetBytes / 1048576).toFixed(0)} MiB`,
  ].filter(Boolean).join('\n');
  return { text: `${icon} ${parts.join(' · ')}${busy ? ' · busy' : ''}`, tooltip };
}
