using System.Text.RegularExpressions;

namespace CodeImprove.Memory.Tests;

/// <summary>
/// A labelled set for retrieval quality: 26 methods written for it (some deliberately alike: two searches, two sums, two
/// string builders) and 8 variants of each (208 in all) that a developer makes of the same method: renamed, reformatted,
/// one statement changed, one added or removed, and combinations. A variant's label is the method it came from.
/// </summary>
internal static partial class CodeVariants
{
    public static readonly string[] Methods =
    [
        "public static int SumPositive(int[] values)\n{\n    int total = 0;\n    foreach (var value in values)\n    {\n        if (value > 0)\n        {\n            total += value;\n        }\n    }\n    return total;\n}",
        "public static int SumEven(List<int> numbers)\n{\n    var sum = 0;\n    for (int i = 0; i < numbers.Count; i++)\n    {\n        if (numbers[i] % 2 == 0)\n        {\n            sum = sum + numbers[i];\n        }\n    }\n    return sum;\n}",
        "public static bool ContainsDuplicate(int[] items)\n{\n    for (int i = 0; i < items.Length; i++)\n    {\n        for (int j = i + 1; j < items.Length; j++)\n        {\n            if (items[i] == items[j])\n            {\n                return true;\n            }\n        }\n    }\n    return false;\n}",
        "public static int IndexOfName(string[] names, string wanted)\n{\n    for (int index = 0; index < names.Length; index++)\n    {\n        if (string.Equals(names[index], wanted, StringComparison.OrdinalIgnoreCase))\n        {\n            return index;\n        }\n    }\n    return -1;\n}",
        "public static string JoinLines(IEnumerable<string> lines)\n{\n    var builder = new StringBuilder();\n    foreach (var line in lines)\n    {\n        builder.Append(line.Trim());\n        builder.Append('\\n');\n    }\n    return builder.ToString();\n}",
        "public static string Csv(IReadOnlyList<object> cells)\n{\n    var text = \"\";\n    for (var column = 0; column < cells.Count; column++)\n    {\n        if (column > 0)\n        {\n            text += \",\";\n        }\n        text += cells[column]?.ToString() ?? \"\";\n    }\n    return text;\n}",
        "public static long Factorial(int n)\n{\n    if (n <= 1)\n    {\n        return 1;\n    }\n    return n * Factorial(n - 1);\n}",
        "public static int Fibonacci(int position)\n{\n    if (position < 2)\n    {\n        return position;\n    }\n    return Fibonacci(position - 1) + Fibonacci(position - 2);\n}",
        "public static decimal ApplyDiscount(decimal price, Customer customer)\n{\n    if (customer == null)\n    {\n        throw new ArgumentNullException(nameof(customer));\n    }\n    if (customer.IsGold && price > 100m)\n    {\n        return price * 0.9m;\n    }\n    return price;\n}",
        "public static Dictionary<string, int> CountWords(string document)\n{\n    var counts = new Dictionary<string, int>();\n    foreach (var word in document.Split(' ', StringSplitOptions.RemoveEmptyEntries))\n    {\n        counts.TryGetValue(word, out var seen);\n        counts[word] = seen + 1;\n    }\n    return counts;\n}",
        "public async Task<string> DownloadAsync(HttpClient client, Uri address, CancellationToken token)\n{\n    using var response = await client.GetAsync(address, token);\n    response.EnsureSuccessStatusCode();\n    return await response.Content.ReadAsStringAsync(token);\n}",
        "public static int Max(int[] data)\n{\n    if (data.Length == 0)\n    {\n        throw new InvalidOperationException(\"empty\");\n    }\n    var best = data[0];\n    for (var k = 1; k < data.Length; k++)\n    {\n        if (data[k] > best)\n        {\n            best = data[k];\n        }\n    }\n    return best;\n}",
        "public void Save(string path, Settings settings)\n{\n    var json = JsonSerializer.Serialize(settings);\n    var directory = Path.GetDirectoryName(path);\n    if (!string.IsNullOrEmpty(directory))\n    {\n        Directory.CreateDirectory(directory);\n    }\n    File.WriteAllText(path, json);\n}",
        "public static bool IsPalindrome(string word)\n{\n    var left = 0;\n    var right = word.Length - 1;\n    while (left < right)\n    {\n        if (word[left] != word[right])\n        {\n            return false;\n        }\n        left++;\n        right--;\n    }\n    return true;\n}",
        "public static List<Order> Overdue(IEnumerable<Order> orders, DateTime today)\n{\n    var result = new List<Order>();\n    foreach (var order in orders)\n    {\n        if (!order.Paid && order.Due < today)\n        {\n            result.Add(order);\n        }\n    }\n    return result;\n}",
        "public static int BinarySearch(int[] sorted, int target)\n{\n    int low = 0, high = sorted.Length - 1;\n    while (low <= high)\n    {\n        int middle = low + (high - low) / 2;\n        if (sorted[middle] == target) return middle;\n        if (sorted[middle] < target) low = middle + 1;\n        else high = middle - 1;\n    }\n    return -1;\n}",
        "public override string ToString()\n{\n    return $\"{Name} ({Age}) <{Email}>\";\n}",
        "public static double Average(IReadOnlyCollection<double> samples)\n{\n    if (samples.Count == 0)\n    {\n        return 0;\n    }\n    double accumulated = 0;\n    foreach (var sample in samples)\n    {\n        accumulated += sample;\n    }\n    return accumulated / samples.Count;\n}",
        "public void Dispose()\n{\n    if (disposed)\n    {\n        return;\n    }\n    stream?.Dispose();\n    timer?.Dispose();\n    disposed = true;\n}",
        "public static int[,] Multiply(int[,] a, int[,] b)\n{\n    var rows = a.GetLength(0);\n    var columns = b.GetLength(1);\n    var inner = a.GetLength(1);\n    var product = new int[rows, columns];\n    for (var r = 0; r < rows; r++)\n        for (var c = 0; c < columns; c++)\n            for (var x = 0; x < inner; x++)\n                product[r, c] += a[r, x] * b[x, c];\n    return product;\n}",
        "public static string Reverse(string input)\n{\n    var characters = input.ToCharArray();\n    Array.Reverse(characters);\n    return new string(characters);\n}",
        "public bool TryParsePort(string text, out int port)\n{\n    if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port > 0 && port < 65536)\n    {\n        return true;\n    }\n    port = 0;\n    return false;\n}",
        "public static IEnumerable<int> Primes(int limit)\n{\n    var composite = new bool[limit + 1];\n    for (var candidate = 2; candidate <= limit; candidate++)\n    {\n        if (composite[candidate]) continue;\n        yield return candidate;\n        for (var multiple = candidate * candidate; multiple <= limit; multiple += candidate)\n        {\n            composite[multiple] = true;\n        }\n    }\n}",
        "public void Log(string message, LogLevel level)\n{\n    if (level < MinimumLevel)\n    {\n        return;\n    }\n    lock (gate)\n    {\n        writer.WriteLine($\"{DateTime.UtcNow:O} {level} {message}\");\n        writer.Flush();\n    }\n}",
        "public static TimeSpan Elapsed(Action work)\n{\n    var watch = Stopwatch.StartNew();\n    work();\n    watch.Stop();\n    return watch.Elapsed;\n}",
        "public static string Slugify(string title)\n{\n    var slug = new StringBuilder();\n    foreach (var character in title.ToLowerInvariant())\n    {\n        if (char.IsLetterOrDigit(character))\n        {\n            slug.Append(character);\n        }\n        else if (slug.Length > 0 && slug[^1] != '-')\n        {\n            slug.Append('-');\n        }\n    }\n    return slug.ToString().Trim('-');\n}",
    ];

    /// <summary>Eight variants of a method: what renaming, reformatting and small edits make of it.</summary>
    public static IReadOnlyList<string> Of(string method)
    {
        var renamed = Rename(method, "item");
        var reformatted = Reformat(method);
        var changed = ChangeOneStatement(method);
        return
        [
            renamed,
            reformatted,
            Reformat(renamed),
            changed,
            AddGuard(method),
            RemoveOneLine(method),
            Rename(method, "current"),
            Rename(changed, "entry"),
        ];
    }

    /// <summary>
    /// Every lower-case identifier (locals, parameters, fields by convention) and the method's name get unrelated names
    /// (none of the old words survive), the same old name always the same new one.
    /// </summary>
    private static string Rename(string code, string stem)
    {
        var name = MethodName().Match(code).Groups[1].Value;
        var mapping = new Dictionary<string, string>();
        string New(string old) => mapping.TryGetValue(old, out var chosen) ? chosen
            : mapping[old] = Words[(mapping.Count * 7 + stem.Length) % Words.Length] + (mapping.Count + 1);
        var renamed = Identifier().Replace(code, m => Keywords.Contains(m.Value) || !char.IsLower(m.Value[0]) ? m.Value : New(m.Value));
        return name.Length == 0 ? renamed : Regex.Replace(renamed, $@"\b{name}\b", "Run" + char.ToUpperInvariant(stem[0]) + stem[1..]);
    }

    private static readonly string[] Words = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet", "kilo"];

    /// <summary>Allman braces joined onto the line before, indentation changed, blank lines added.</summary>
    private static string Reformat(string code) =>
        Regex.Replace(code, @"\n\s*\{", " {").Replace("\n", "\n\n").Replace("    ", "  ");

    /// <summary>The first comparison or number changes (a different bound, the other operator).</summary>
    private static string ChangeOneStatement(string code)
    {
        foreach (var (from, to) in new[] { (" > ", " >= "), (" < ", " <= "), (" == ", " != "), ("return ", "return -") })
        {
            var at = code.IndexOf(from, StringComparison.Ordinal);
            if (at >= 0)
            {
                return code[..at] + to + code[(at + from.Length)..];
            }
        }
        return code.Replace(";", "; // changed", StringComparison.Ordinal);
    }

    /// <summary>A guard statement at the start of the body.</summary>
    private static string AddGuard(string code)
    {
        var body = code.IndexOf("\n{\n", StringComparison.Ordinal);
        return body < 0 ? code : code[..(body + 3)] + "    ArgumentOutOfRangeException.ThrowIfNegative(Environment.TickCount);\n" + code[(body + 3)..];
    }

    /// <summary>The middle statement line is dropped.</summary>
    private static string RemoveOneLine(string code)
    {
        var lines = code.Split('\n').ToList();
        var statements = Enumerable.Range(0, lines.Count).Where(i => lines[i].TrimEnd().EndsWith(';')).ToList();
        if (statements.Count > 1)
        {
            lines.RemoveAt(statements[statements.Count / 2]);
        }
        return string.Join('\n', lines);
    }

    private static readonly HashSet<string> Keywords =
    [
        "public", "private", "static", "int", "long", "bool", "string", "var", "void", "return", "if", "else", "for", "foreach", "in",
        "while", "new", "true", "false", "null", "out", "using", "await", "async", "throw", "nameof", "double", "decimal", "object",
        "char", "continue", "yield", "lock", "override", "this", "params", "is", "not", "and", "or",
    ];

    [GeneratedRegex(@"[A-Za-z_][A-Za-z0-9_]*")]
    private static partial Regex Identifier();

    [GeneratedRegex(@"(?:public|private)[^(]*?\s(\w+)(?:<[^>]*>)?\(")]
    private static partial Regex MethodName();
}
