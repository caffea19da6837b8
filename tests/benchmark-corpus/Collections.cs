namespace Corpus;

public static class Collections
{
    // weakness: Where(...).Count() instead of Count(predicate)
    public static int CountNegative(IEnumerable<int> values)
    {
        return values.Where(v => v < 0).Count();
    }

    // weakness: Where(...).First() instead of First(predicate)
    public static int FirstLarge(IEnumerable<int> values)
    {
        return values.Where(v => v > 100).First();
    }

    // weakness: Count() on an array instead of Length
    public static bool HasMany(int[] values)
    {
        return values.Count() > 10;
    }

    // weakness: Any() on a list instead of Count
    public static bool IsEmpty(List<int> values)
    {
        return !values.Any();
    }

    // weakness: object creation followed by Add calls instead of an initializer
    public static List<string> Defaults()
    {
        var list = new List<string>();
        list.Add("a");
        list.Add("b");
        list.Add("c");
        return list;
    }

    // weakness: TryGetValue with a separately declared out variable
    public static int Lookup(Dictionary<string, int> map, string key)
    {
        int value;
        if (map.TryGetValue(key, out value))
        {
            return value;
        }
        return -1;
    }

    // weakness: ContainsKey followed by the indexer (double lookup)
    public static int LookupTwice(Dictionary<string, int> map, string key)
    {
        if (map.ContainsKey(key))
        {
            return map[key];
        }
        return 0;
    }

    // weakness: Select(...).Where(x => x != null) with a cast afterwards, written as OfType candidate
    public static List<string> Names(IEnumerable<object> items)
    {
        return items.Where(i => i is string).Select(i => (string)i).ToList();
    }
}
