namespace CodeImprove.Engine.Strategies;

/// <summary>Draws from Beta(a, b) as X / (X + Y) with X ~ Gamma(a), Y ~ Gamma(b) (Marsaglia and Tsang, for shapes of at least 1).</summary>
internal static class BetaSampler
{
    public static double Sample(Random random, double alpha, double beta)
    {
        var x = Gamma(random, alpha);
        var y = Gamma(random, beta);
        return x / (x + y);
    }

    private static double Gamma(Random random, double shape)
    {
        if (shape < 1)
        {
            // Boost to shape + 1 and scale back (Marsaglia and Tsang, section 6).
            return Gamma(random, shape + 1) * Math.Pow(random.NextDouble(), 1 / shape);
        }
        var d = shape - 1.0 / 3;
        var c = 1 / Math.Sqrt(9 * d);
        while (true)
        {
            double x, v;
            do
            {
                x = Normal(random);
                v = 1 + c * x;
            }
            while (v <= 0);
            v = v * v * v;
            var u = random.NextDouble();
            if (u < 1 - 0.0331 * x * x * x * x || Math.Log(u) < 0.5 * x * x + d * (1 - v + Math.Log(v)))
            {
                return d * v;
            }
        }
    }

    private static double Normal(Random random)
    {
        var u1 = 1 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
