using CodeImprove.Tests;
using CodeImprove.Inference;
using CodeImprove.Inference.Llama;
using static CodeImprove.Engine.Tests.EngineFixture;

namespace CodeImprove.Engine.Tests;

/// <summary>The real llama.cpp runtime with stories260K (a 260K-parameter story model): its replies are garbage for code.</summary>
public sealed class TinyModelTests
{
    /// <summary>stories260K on the CPU with its trained context (2,048 tokens).</summary>
    private static Task<LlamaModel> LoadAsync(CancellationToken token) =>
        LlamaModel.LoadAsync(new ModelOptions { Path = TestPaths.RequireShared("models/stories260K.gguf"), ContextSize = 0, Device = ModelDevice.Cpu }, cancellationToken: token);

    [Fact]
    public async Task Garbage_from_a_real_tiny_model_is_handled_and_nothing_is_proposed()
    {
        var token = TestContext.Current.CancellationToken;
        await using var model = await LoadAsync(token);
        await using var fixture = await CreateAsync("""
            public static class Tiny
            {
                public static int Twice(int x) { return x + x; }
            }
            """);
        var options = Options(maxCycles: 2, maxReflect: 1);
        options = options with { Model = options.Model with { MaxTokens = 48 }, Loop = options.Loop with { Examples = 0 } };
        var request = new ImproveRequest(fixture.FilePath, await File.ReadAllTextAsync(fixture.FilePath, token), Analysis.SourceRange.Of(2, 30, 2, 30));

        var result = await fixture.Engine(model, options).ImproveAsync(request, cancellationToken: token);

        Assert.Null(result.Proposal);
        Assert.NotEmpty(result.NoImprovementReasons);
        Assert.All(result.Candidates, c => Assert.Null(c.Score is > 0.05 ? c.Score : null));
        Assert.Equal("public static class Tiny\n{\n    public static int Twice(int x) { return x + x; }\n}", (await File.ReadAllTextAsync(fixture.FilePath, token)).ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task A_small_context_fits_a_prompt_for_a_short_method_and_the_code_fixes_stand_in_for_its_replies()
    {
        var token = TestContext.Current.CancellationToken;
        await using var model = await LoadAsync(token);
        await using var fixture = await CreateAsync("""
            public static class Tiny
            {
                public static int Sum(int[] values)
                {
                    int total = 0;
                    foreach (var value in values)
                    {
                        total = total + value;
                    }
                    return total;
                }
            }
            """);
        // The shipped model.maxTokens (1024) would leave no room in this model's context; the reply budget comes from the target.
        var options = Options(maxCycles: 1, maxReflect: 0, codeFixes: true);
        options = options with { Loop = options.Loop with { Examples = 0 } };
        var request = new ImproveRequest(fixture.FilePath, await File.ReadAllTextAsync(fixture.FilePath, token), Analysis.SourceRange.Of(2, 24, 2, 24));

        var result = await fixture.Engine(model, options).ImproveAsync(request, cancellationToken: token);

        Assert.DoesNotContain(result.NoImprovementReasons, r => r.Contains("smallest prompt", StringComparison.Ordinal));
        Assert.Contains(result.Candidates, c => c.Strategy != "code-fixes"); // the model was asked
        Assert.Equal("code-fixes", Assert.IsType<Proposal>(result.Proposal).Strategy);
        Assert.True(model.ContextSize <= model.Description.TrainedContextSize, $"context {model.ContextSize}, trained {model.Description.TrainedContextSize}");
    }
}
