// How an episode reads in the history tree.
import type { EpisodeSummary } from '../protocol';

const decisionIcons: Record<string, string> = {
  accepted: 'pass', rejected: 'circle-slash', cancelled: 'debug-stop', failed: 'error', pending: 'clock',
};

export function fileName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

export function formatScore(delta: number | undefined): string | undefined {
  if (delta === undefined || delta === null) return undefined;
  return `${delta >= 0 ? '+' : ''}${delta.toFixed(2)}`;
}

/** "12:04" today, else "2026-11-21 12:04", in the local time zone. */
export function formatTime(iso: string, now: Date = new Date()): string {
  const time = new Date(iso);
  if (Number.isNaN(time.getTime())) return iso;
  const pad = (n: number) => String(n).padStart(2, '0');
  const clock = `${pad(time.getHours())}:${pad(time.getMinutes())}`;
  const sameDay = time.toDateString() === now.toDateString();
  return sameDay ? clock : `${time.getFullYear()}-${pad(time.getMonth() + 1)}-${pad(time.getDate())} ${clock}`;
}

export interface EpisodeItemText { label: string; description: string; tooltip: string; icon: string }

export function episodeItemText(e: EpisodeSummary, now?: Date): EpisodeItemText {
  const score = formatScore(e.scoreDelta);
  return {
    label: `#${e.id} ${fileName(e.file)}`,
    description: [e.strategy, e.decision, score, formatTime(e.time, now)].filter(Boolean).join(' · '),
    tooltip: [
      `Episode ${e.id}: ${e.file}`, `Strategy: ${e.strategy}`, `Decision: ${e.decision}`,
      score ? `Score change: ${score}` : undefined, e.instruction ? `Instruction: ${e.instruction}` : undefined,
      e.modelId ? `Model: ${e.modelId}` : undefined, `Candidates: ${e.candidateCount}`, `Time: ${e.time}`,
    ].filter(Boolean).join('\n'),
    icon: decisionIcons[e.decision] ?? 'circle-outline',
  };
}
