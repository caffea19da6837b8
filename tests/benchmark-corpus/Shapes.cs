namespace Corpus;

public abstract class Shape
{
    public abstract double Area();
}

public sealed class Circle(double radius) : Shape
{
    public double Radius { get; } = radius;

    public override double Area() => Math.PI * Radius * Radius;
}

public sealed class Square(double side) : Shape
{
    public double Side { get; } = side;

    public override double Area() => Side * Side;
}

public static class Shapes
{
    // weakness: as + null check instead of a type pattern
    public static double RadiusOf(Shape shape)
    {
        var circle = shape as Circle;
        if (circle != null)
        {
            return circle.Radius;
        }
        return 0;
    }

    // weakness: is + cast instead of a declaration pattern
    public static double SideOf(Shape shape)
    {
        if (shape is Square)
        {
            return ((Square)shape).Side;
        }
        return 0;
    }

    // weakness: switch statement that only returns values
    public static string Name(int sides)
    {
        switch (sides)
        {
            case 3:
                return "triangle";
            case 4:
                return "square";
            default:
                return "polygon";
        }
    }

    // weakness: == null instead of is null
    public static bool Missing(Shape? shape)
    {
        return shape == null;
    }

    private static List<Shape>? cache;

    // weakness: lazy initialisation with an if instead of ??=
    public static List<Shape> Cache()
    {
        if (cache == null)
        {
            cache = new List<Shape>();
        }
        return cache;
    }

    // weakness: negated type check with parentheses instead of 'is not'
    public static bool NotCircle(Shape shape)
    {
        return !(shape is Circle);
    }

    // weakness: range check written as two comparisons instead of a relational pattern
    public static bool IsDigit(char c)
    {
        return c >= '0' && c <= '9';
    }

    // weakness: an unused local variable
    public static double Total(Shape[] shapes)
    {
        double unused = 0;
        double sum = 0;
        foreach (var shape in shapes)
        {
            sum += shape.Area();
        }
        return sum;
    }

    // weakness: a local that could be const
    public static double Scaled(double value)
    {
        double factor = 2.5;
        return value * factor;
    }
}
