using System.Text.Json;

namespace CodeImprove.Memory.Tests;

/// <summary>Episode drafts and C# methods for the tests.</summary>
internal static class Episodes
{
    public static EpisodeDraft Draft(
        string code = "int Add(int a, int b) { return a + b; }",
        string file = "src/Calc.cs",
        string strategy = "simplify",
        string instruction = "Make it simpler",
        EpisodeDecision decision = EpisodeDecision.Pending,
        string? finalCode = null,
        double? scoreDelta = null,
        IReadOnlyDictionary<string, double>? timings = null) => new()
        {
            Workspace = "/work/sample",
            File = file,
            Span = new SourceSpan(10, 4, 12, 5),
            Instruction = instruction,
            Strategy = strategy,
            OriginalCode = code,
            FinalCode = finalCode,
            Decision = decision,
            ScoreDelta = scoreDelta,
            StageTimings = timings ?? new Dictionary<string, double>(),
        };

    public static JsonElement Json(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    /// <summary>Distinct methods on unrelated topics, each a plausible improve target.</summary>
    public static readonly string[] Corpus =
    [
        """
        public static int CountVowels(string text)
        {
            var count = 0;
            foreach (var ch in text.ToLowerInvariant())
            {
                if ("aeiou".IndexOf(ch) >= 0) count++;
            }
            return count;
        }
        """,
        """
        public async Task<User?> LoadUserAsync(int userId, CancellationToken token)
        {
            using var connection = await _factory.OpenAsync(token);
            var user = await connection.QuerySingleOrDefaultAsync<User>("select * from users where id = @id", new { id = userId });
            return user;
        }
        """,
        """
        public decimal ComputeInvoiceTotal(Invoice invoice)
        {
            decimal total = 0;
            for (int i = 0; i < invoice.Lines.Count; i++)
            {
                total = total + invoice.Lines[i].UnitPrice * invoice.Lines[i].Quantity;
            }
            return total * (1 + invoice.TaxRate);
        }
        """,
        """
        private void OnFileChanged(object sender, FileSystemEventArgs e)
        {
            if (e.ChangeType == WatcherChangeTypes.Deleted) { _cache.Remove(e.FullPath); return; }
            _pendingPaths.Enqueue(e.FullPath);
            _debounceTimer.Change(250, Timeout.Infinite);
        }
        """,
        """
        public static string ToSnakeCase(string name)
        {
            var builder = new StringBuilder();
            for (var index = 0; index < name.Length; index++)
            {
                if (char.IsUpper(name[index]) && index > 0) builder.Append('_');
                builder.Append(char.ToLowerInvariant(name[index]));
            }
            return builder.ToString();
        }
        """,
        """
        public bool TryParseHttpHeader(string line, out KeyValuePair<string, string> header)
        {
            var colon = line.IndexOf(':');
            if (colon <= 0) { header = default; return false; }
            header = new(line[..colon].Trim(), line[(colon + 1)..].Trim());
            return true;
        }
        """,
        """
        public IEnumerable<Order> PendingOrdersForCustomer(Customer customer)
        {
            var result = new List<Order>();
            foreach (var order in _orders)
                if (order.CustomerId == customer.Id && order.Status == OrderStatus.Pending)
                    result.Add(order);
            return result;
        }
        """,
        """
        public void DrawHistogram(Graphics graphics, int[] bucketCounts, Rectangle bounds)
        {
            var barWidth = bounds.Width / bucketCounts.Length;
            var tallest = bucketCounts.Max();
            for (var bucket = 0; bucket < bucketCounts.Length; bucket++)
            {
                var height = bounds.Height * bucketCounts[bucket] / tallest;
                graphics.FillRectangle(Brushes.SteelBlue, bounds.X + bucket * barWidth, bounds.Bottom - height, barWidth - 1, height);
            }
        }
        """,
    ];
}
