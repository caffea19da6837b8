using CodeImprove.Analysis.Diagnostics;
using CodeImprove.Analysis.Metrics;
using CodeImprove.Engine;
using CodeImprove.LanguageServer.Documents;
using CodeImprove.Protocol;

namespace CodeImprove.LanguageServer.Conversions;

/// <summary>Engine results as the protocol's <c>codeImprove.improve</c> response.</summary>
internal static class EngineConversions
{
    public static ImproveResponse ToLsp(this ImproveResult result, double? tokensPerSecond) => new(
        result.Proposal?.ToLsp(),
        result.NoImprovementReasons,
        [.. result.Candidates.Select(c => new CandidateInfo(c.Cycle, c.Strategy, c.Fingerprint, c.Score, c.Verdict))],
        result.StageTimingsMs)
    {
        EpisodeId = result.EpisodeId,
        TokensPerSecond = tokensPerSecond,
        Notes = result.Notes,
    };

    private static ProposalInfo ToLsp(this Proposal proposal) => new(
        proposal.Id,
        DocumentUris.FromPath(proposal.DocumentPath),
        proposal.DocumentVersion,
        proposal.TargetRange.ToLsp(),
        [.. proposal.Hunks.Select(h => new HunkInfo(h.Id, h.Range.ToLsp(), h.OldText, h.NewText, h.Diff))],
        proposal.UnifiedDiff,
        proposal.Strategy,
        proposal.Explanation,
        new AnalysisInfo(
            [.. proposal.Analysis.Introduced.Select(ToLsp)],
            [.. proposal.Analysis.Removed.Select(ToLsp)],
            [.. proposal.Analysis.Metrics.Select(m => new MetricsChangeInfo(m.Name, m.Before?.ToLsp(), m.After?.ToLsp()))],
            proposal.Analysis.PublicSignatureChanged)
        {
            BehaviourChanges = [.. proposal.Analysis.BehaviourChanges.Select(c => c.Message)],
        },
        proposal.Score.ToDictionary())
    {
        EpisodeId = proposal.EpisodeId,
    };

    private static DiagnosticInfo ToLsp(AnalysisDiagnostic d) => new(d.Id, (DiagnosticSeverity)d.Severity, d.Message, d.Range.ToLsp());

    private static MetricsInfo ToLsp(this MethodMetrics m) => new(m.Name, m.CyclomaticComplexity, m.MaintainabilityIndex, m.MaxNestingDepth, m.Lines, m.CodeLines);
}
