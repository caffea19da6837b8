// The CodeImprove extensions to LSP, as described in server/CodeImprove.Protocol/README.md.
// Plain types only (no vscode import) so the pure modules and their unit tests can share them.

export interface Position { line: number; character: number }
export interface Range { start: Position; end: Position }

export const Methods = {
  improveCommand: 'codeImprove.improve',
  accept: 'codeImprove/accept',
  reject: 'codeImprove/reject',
  episodes: 'codeImprove/episodes',
  episode: 'codeImprove/episode',
  stats: 'codeImprove/stats',
  resetPreferences: 'codeImprove/resetPreferences',
  rollback: 'codeImprove/rollback',
  serverStatus: 'codeImprove/serverStatus',
  statusChanged: 'codeImprove/statusChanged',
} as const;

/** JSON-RPC error codes the client reacts to. */
export const ErrorCodes = {
  requestCancelled: -32800,
  contentModified: -32801,
  requestFailed: -32803,
} as const;

export interface ImproveArgs { uri: string; range: Range; instruction?: string; strategy?: string }

export interface Hunk { id: number; range: Range; oldText: string; newText: string; diff: string }

export interface Diag { id: string; severity: number | string; message: string; range: Range }

export interface Metrics {
  name: string; cyclomaticComplexity: number; maintainabilityIndex: number; maxNestingDepth: number; lines: number; codeLines: number;
}

export interface Analysis {
  introduced: Diag[]; removed: Diag[];
  metrics: { name: string; before?: Metrics; after?: Metrics }[];
  publicSignatureChanged: boolean;
}

export interface Proposal {
  id: string; uri: string; version?: number; range: Range; hunks: Hunk[]; diff: string;
  strategy: string; explanation: string; analysis?: Analysis; score?: Record<string, number>; episodeId?: number;
}

export interface ImproveResponse {
  proposal?: Proposal; reasons: string[];
  candidates: { cycle: number; strategy: string; fingerprint: string; score?: number; verdict: string }[];
  timingsMs: Record<string, number>; episodeId?: number; tokensPerSecond?: number;
}

export interface AcceptResult { applied: boolean; hunks: number[]; rollbackPoint?: string; episodeId?: number }

export type Decision = 'accepted' | 'rejected' | 'cancelled' | 'failed' | 'pending';

export interface EpisodesParams {
  file?: string; decision?: Decision; strategy?: string; text?: string; offset?: number; limit?: number;
}

export interface EpisodeSummary {
  id: number; time: string; file: string; strategy: string; decision: Decision; instruction: string;
  scoreDelta?: number; modelId?: string; candidateCount: number;
}

export interface EpisodeList { items: EpisodeSummary[]; total: number; offset: number; limit: number }

export interface EpisodeDetail {
  id: number; time: string; file: string; span?: unknown; strategy: string; instruction: string; decision: Decision;
  decisionReason?: string; originalCode: string; finalCode?: string; diff?: string; scoreDelta?: number;
  scoreBreakdown?: Record<string, number>; analysis?: Partial<Analysis>; modelId?: string;
  stageTimings?: Record<string, number>; promptTokens?: number; completionTokens?: number; rollbackPointId?: string;
  candidates?: { id: number; cycle: number; fingerprint: string; score?: number; diff?: string }[];
  reflections?: { cycle: number; text: string }[];
}

export interface Counts { accepted: number; rejected: number; cancelled: number; failed: number; pending: number; total: number }

export interface Stats {
  overall: Counts; acceptanceRate?: number; averageScoreDelta?: number;
  strategies: { strategy: string; counts: Counts; acceptanceRate?: number; averageScoreDelta?: number }[];
  bucketDays: number;
  /** `averageLatencyMs` is read when the server provides it (the end-to-end run time of the bucket's episodes). */
  overTime: { start: string; counts: Counts; acceptanceRate?: number; averageLatencyMs?: number }[];
  stageLatencies: { stage: string; count: number; averageMs: number; maxMs: number }[];
  beliefs: { strategy: string; alpha: number; beta: number; mean: number }[];
  promptTokens: number; completionTokens: number;
  storage: { mode: 'readWrite' | 'readOnly' | 'unavailable'; warning?: string };
  /** Code fixes the user accepted or rejected, by rule (diagnostic id); a suppressed one is no longer proposed. */
  learnedPreferences?: { rule: string; accepted: number; rejected: number; rejectedSinceAccept: number; suppressed: boolean }[];
  /** Acceptance per 50 decided proposals, oldest first. */
  learningCurve?: { from: number; to: number; acceptanceRate: number }[];
}

export interface RollbackResponse { point: string; restoredFiles: string[]; mergedFiles: string[] }

export type ModelState = 'none' | 'loading' | 'cpu' | 'gpu' | 'endpoint' | 'failed';

export interface ServerStatus {
  version: string; modelState: ModelState; modelName?: string; modelMessage?: string; busy: number;
  lastTokensPerSecond?: number; openDocuments: number; uptimeMilliseconds: number; workingSetBytes: number;
  workspaceState: 'idle' | 'loading' | 'ready' | 'failed';
}
