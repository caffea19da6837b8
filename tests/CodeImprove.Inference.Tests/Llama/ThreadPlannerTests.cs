using CodeImprove.Inference.Llama;

namespace CodeImprove.Inference.Tests.Llama;

public sealed class ThreadPlannerTests
{
    private const long Big = 4L << 30;

    [Theory]
    [InlineData(16, 0.0, 16)]  // idle machine: every core
    [InlineData(16, 5.4, 11)]  // five cores busy
    [InlineData(2, 3.0, 1)]    // oversubscribed: never below one
    public void Threads_come_from_the_free_cores(int cores, double load, int expected)
    {
        Assert.Equal(expected, ThreadPlanner.Choose(0, Big, cores, load));
    }

    [Fact]
    public void A_small_model_decodes_on_one_thread()
    {
        Assert.Equal(1, ThreadPlanner.Choose(0, 1L << 20, 16, 0));
    }

    [Fact]
    public void A_configured_count_wins()
    {
        Assert.Equal(3, ThreadPlanner.Choose(3, Big, 16, 12));
    }
}
