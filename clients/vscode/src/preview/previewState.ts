// The decisions on one proposal's hunks and where those hunks are now. The server takes one answer per proposal
// (accept with the chosen hunk ids, or reject), so the per-hunk Accept/Reject buttons only collect decisions here
// until every hunk has one.
import type { Hunk, Proposal } from '../protocol';
import { type LineSpan, type TextChange, lineSpanOf, rebaseSpan } from './hunkTracking';

export type HunkDecision = 'accepted' | 'rejected';

export type Outcome =
  | { readonly kind: 'pending'; readonly undecided: number }
  | { readonly kind: 'accept'; readonly hunks: number[] }
  | { readonly kind: 'reject' };

export interface TrackedHunk {
  readonly hunk: Hunk;
  /** 1-based position in the proposal, for labels. */
  readonly index: number;
  readonly span: LineSpan;
  readonly decision?: HunkDecision;
  /** A rejected hunk the document was edited inside: its lines are no longer known, so it stays rejected. */
  readonly stale?: boolean;
}

/** An edit touched a hunk that is still to be applied; the preview can no longer be trusted. */
export class StaleHunkError extends Error {
  constructor(readonly hunk: TrackedHunk) {
    super(`The document was edited inside hunk ${hunk.index} of the proposal.`);
  }
}

export class PreviewState {
  private tracked: TrackedHunk[];

  constructor(readonly proposal: Proposal) {
    if (proposal.hunks.length === 0) throw new Error('A proposal without hunks has nothing to preview.');
    this.tracked = proposal.hunks.map((hunk, i) => ({ hunk, index: i + 1, span: lineSpanOf(hunk.range) }));
  }

  get hunks(): readonly TrackedHunk[] {
    return this.tracked;
  }

  get(hunkId: number): TrackedHunk {
    const found = this.tracked.find(t => t.hunk.id === hunkId);
    if (!found) throw new Error(`Proposal ${this.proposal.id} has no hunk ${hunkId}.`);
    return found;
  }

  decide(hunkId: number, decision: HunkDecision | undefined): Outcome {
    const target = this.get(hunkId);
    if (target.stale) throw new Error(`Hunk ${target.index} was edited after it was rejected; it stays rejected.`);
    this.tracked = this.tracked.map(t => (t === target ? { ...t, decision } : t));
    return this.outcome();
  }

  /** Accept all / Reject all: decides the hunks still undecided, keeping decisions already made. */
  decideRemaining(decision: HunkDecision): Outcome {
    this.tracked = this.tracked.map(t => (t.decision ? t : { ...t, decision }));
    return this.outcome();
  }

  outcome(): Outcome {
    const undecided = this.tracked.filter(t => !t.decision).length;
    if (undecided > 0) return { kind: 'pending', undecided };
    const accepted = this.tracked.filter(t => t.decision === 'accepted').map(t => t.hunk.id);
    return accepted.length > 0 ? { kind: 'accept', hunks: accepted } : { kind: 'reject' };
  }

  /**
   * Moves the hunks with the document's edits, applied in order. A rejected hunk may be edited freely (it will
   * not be applied); an edit inside any other hunk throws StaleHunkError and leaves the state unchanged.
   */
  applyChanges(changes: readonly TextChange[]): void {
    let next = this.tracked;
    for (const change of changes) {
      next = next.map(t => {
        const span = rebaseSpan(t.span, change);
        if (span) return { ...t, span };
        if (t.decision === 'rejected') return { ...t, stale: true };
        throw new StaleHunkError(t);
      });
    }
    this.tracked = next;
  }
}
