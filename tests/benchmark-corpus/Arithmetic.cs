namespace Corpus;

public static class Arithmetic
{
    // weakness: verbose self-assignment instead of compound assignment
    public static int SumTo(int n)
    {
        int total = 0;
        for (int i = 1; i <= n; i++)
        {
            total = total + i;
        }
        return total;
    }

    // weakness: if/else returning booleans
    public static bool IsEven(int value)
    {
        if (value % 2 == 0)
        {
            return true;
        }
        else
        {
            return false;
        }
    }

    // weakness: conditional expression yielding true/false
    public static bool IsPositive(int value)
    {
        return value > 0 ? true : false;
    }

    // weakness: comparison with a boolean literal
    public static int CountFlags(bool[] flags)
    {
        int count = 0;
        foreach (var flag in flags)
        {
            if (flag == true)
            {
                count = count + 1;
            }
        }
        return count;
    }

    // weakness: if/else assigning the same variable
    public static int Clamp(int value, int max)
    {
        int result;
        if (value > max)
        {
            result = max;
        }
        else
        {
            result = value;
        }
        return result;
    }

    // weakness: redundant negation of a comparison
    public static bool NotBelow(int value, int limit)
    {
        return !(value < limit);
    }

    // weakness: nested ifs that merge
    public static bool InRange(int value, int low, int high)
    {
        if (value >= low)
        {
            if (value <= high)
            {
                return true;
            }
        }
        return false;
    }

    // weakness: manual swap with a temporary
    public static (int, int) Ordered(int a, int b)
    {
        if (a > b)
        {
            int temp = a;
            a = b;
            b = temp;
        }
        return (a, b);
    }
}
