using CodeImprove.Analysis.Metrics;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace CodeImprove.Analysis.Tests;

/// <summary>Metrics on small syntax trees whose figures can be counted by hand.</summary>
public sealed class MetricsTests
{
    private static IReadOnlyList<MethodMetrics> Measure(string code)
    {
        var text = SourceText.From(code);
        return MetricsCalculator.Compute(CSharpSyntaxTree.ParseText(text).GetRoot(), text);
    }

    [Fact]
    public void StraightLineMethodHasComplexityOneAndNoNesting()
    {
        var m = Assert.Single(Measure("class C { int F(int a) => a + 1; }"));
        Assert.Equal("C.F(int)", m.Name);
        Assert.Equal("method", m.Kind);
        Assert.Equal(1, m.CyclomaticComplexity);
        Assert.Equal(0, m.MaxNestingDepth);
        Assert.Equal(1, m.Lines);
        Assert.Equal(SourceRange.Of(0, 14, 0, 15), m.NameRange);
        // Tokens: int F ( int a ) => a + 1 ;  -> N = 11; operands {F, a, 1}, operators {int ( ) => + ;} -> n = 9.
        Assert.Equal(Math.Round(11 * Math.Log2(9), 2), m.HalsteadVolume);
    }

    [Fact]
    public void EachDecisionPointAddsOne()
    {
        var m = Assert.Single(Measure("""
            class C {
                string F(bool a, bool b, string? s, int n) {
                    if (a && b) { return "1"; }
                    else if (a || b) { return "2"; }
                    for (var i = 0; i < n; i++) { }
                    switch (n) { case 1: return "one"; case 2: return "two"; default: break; }
                    var x = n switch { 1 => "a", 2 => "b", _ => "c" };
                    return s?.Trim() ?? (a ? x : "");
                }
            }
            """));
        // if, &&, else-if, ||, for, case 1, case 2, two non-discard arms, ?., ??, ?: = 12 decisions.
        Assert.Equal(13, m.CyclomaticComplexity);
        Assert.Equal(1, m.MaxNestingDepth);
    }

    [Fact]
    public void ElseIfChainsDoNotNestButNestedLoopsDo()
    {
        var metrics = Measure("""
            class C {
                void Chain(int n) {
                    if (n == 1) { } else if (n == 2) { } else if (n == 3) { } else { }
                }
                void Nested(int[][] rows) {
                    foreach (var row in rows) {
                        for (var i = 0; i < row.Length; i++) {
                            while (row[i] > 0) {
                                try { row[i]--; } catch (Exception) { }
                            }
                        }
                    }
                }
            }
            """);
        Assert.Equal(1, metrics.Single(m => m.Name == "C.Chain(int)").MaxNestingDepth);
        Assert.Equal(4, metrics.Single(m => m.Name == "C.Nested(int[][])").MaxNestingDepth);
    }

    [Fact]
    public void LocalFunctionsAndLambdasCountInsideTheirMember()
    {
        var m = Assert.Single(Measure("""
            class C {
                int F(int[] xs) {
                    return xs.Count(x => x > 0 && x < 10) + Local(xs.Length);
                    int Local(int n) { if (n > 3) { return 1; } return 0; }
                }
            }
            """));
        Assert.Equal(3, m.CyclomaticComplexity); // && in the lambda, if in the local function
        Assert.Equal(4, m.Lines);
    }

    [Fact]
    public void ConstructorsAccessorsAndOperatorsAreMeasuredWithStableNames()
    {
        var names = Measure("""
            class C {
                private int _x;
                public C(int x) { _x = x; }
                public int X { get { return _x; } set => _x = value; }
                public int Twice => _x * 2;
                public int Auto { get; set; }
                public static C operator +(C a, C b) => new(a._x + b._x);
                ~C() { }
            }
            """).Select(m => (m.Name, m.Kind)).ToList();
        Assert.Equal(
            [("C.C(int)", "constructor"), ("C.X.get", "get"), ("C.X.set", "set"), ("C.Twice", "property"), ("C.operator +(C, C)", "operator"), ("C.~C()", "destructor")],
            names);
    }

    [Fact]
    public void MaintainabilityIndexFollowsTheVisualStudioFormula()
    {
        // (171 - 5.2 ln 100 - 0.23 * 5 - 16.2 ln 10) * 100 / 171 = 63.509...
        Assert.Equal(63.5, MetricsCalculator.MaintainabilityIndex(100, 5, 10));
        Assert.Equal(0, MetricsCalculator.MaintainabilityIndex(1e12, 200, 5000));
        Assert.Equal(100, MetricsCalculator.MaintainabilityIndex(1, 0, 1));
    }

    [Fact]
    public void FindingsAppearOnlyPastTheThresholds()
    {
        var metrics = new MethodMetrics("C.F()", "method", SourceRange.Of(1, 2, 1, 3), SourceRange.Of(1, 0, 80, 1), 11, 19.9, 5, 61, 61, 5000);
        var all = ImprovementFindings.For("/x.cs", [metrics], MetricThresholds.Default).ToList();
        Assert.Equal(["CI0001", "CI0002", "CI0003", "CI0004"], all.Select(f => f.Id));
        Assert.All(all, f => Assert.Equal(("codeimprove", SourceRange.Of(1, 2, 1, 3)), (f.Source, f.Range)));
        Assert.All(all, f => Assert.True(f.Severity is Diagnostics.DiagnosticLevel.Information or Diagnostics.DiagnosticLevel.Hint));

        var atLimits = metrics with { CyclomaticComplexity = 10, MaintainabilityIndex = 20, MaxNestingDepth = 4, Lines = 60 };
        Assert.Empty(ImprovementFindings.For("/x.cs", [atLimits], MetricThresholds.Default));
    }
}
