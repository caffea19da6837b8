using CodeImprove.Analysis.Text;
using CodeImprove.Engine.Text;

namespace CodeImprove.Engine.Tests;

/// <summary>Hunks that can be accepted one by one: pieces of one edit that do not parse alone are joined.</summary>
public sealed class SelfContainedHunksTests
{
    private const string Before = """
        class C
        {
            int F(int x)
            {
                if (x > 0)
                    x = x + 1;
                var unused = 0;
                var y = 1;
                var z = 2;
                var w = 3;
                return x * 2;
            }
        }

        """;

    // Braces around the if's body (two distant inserted lines) and, further down, an independent change.
    private static readonly string After = Before
        .Replace("        if (x > 0)\n            x = x + 1;\n", "        if (x > 0)\n        {\n            x = x + 1;\n        }\n")
        .Replace("return x * 2;", "return x << 1;");

    [Fact]
    public void Brace_insertions_become_one_hunk_and_an_independent_change_stays_its_own()
    {
        var changes = LineDiff.Compute(Before, After);
        Assert.Equal(3, changes.Count); // the line diff alone: "{", "}" and the return

        var groups = SelfContainedHunks.Group(Before, changes);

        Assert.Equal([2, 1], groups.Select(g => g.Count));
        var braces = SelfContainedHunks.Merge(Before, groups[0]);
        Assert.Equal(Before[..braces.OldStart] + braces.NewText + Before[braces.OldEnd..],
            After.Replace("return x << 1;", "return x * 2;"));
        Assert.Equal(0, Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(Before[..braces.OldStart] + braces.NewText + Before[braces.OldEnd..])
            .GetDiagnostics().Count());
        var diff = LineDiff.Hunk(Before, groups[0]);
        Assert.Contains("+        {", diff);
        Assert.Contains("\n             x = x + 1;", diff); // the unchanged line between stays context, not removed and added
    }

    [Fact]
    public void Changes_that_each_parse_alone_stay_separate()
    {
        var after = Before.Replace("var y = 1;", "var y = 10;").Replace("var w = 3;", "var w = 30;");
        var changes = LineDiff.Compute(Before, after);

        var groups = SelfContainedHunks.Group(Before, changes);

        Assert.Equal(changes.Count, groups.Count);
        Assert.All(groups, g => Assert.Single(g));
    }
}
