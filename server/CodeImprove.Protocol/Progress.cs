using System.Text.Json.Serialization;

namespace CodeImprove.Protocol;

public sealed record WorkDoneProgressCreateParams(ProgressToken Token);

public sealed record ProgressParams<T>(ProgressToken Token, T Value);

[JsonPolymorphic]
[JsonDerivedType(typeof(WorkDoneProgressBegin))]
[JsonDerivedType(typeof(WorkDoneProgressReport))]
[JsonDerivedType(typeof(WorkDoneProgressEnd))]
public abstract record WorkDoneProgressValue(string Kind);

public sealed record WorkDoneProgressBegin(string Title) : WorkDoneProgressValue("begin")
{
    public bool Cancellable { get; init; }
    public string? Message { get; init; }
    public int? Percentage { get; init; }
}

public sealed record WorkDoneProgressReport() : WorkDoneProgressValue("report")
{
    public string? Message { get; init; }
    public int? Percentage { get; init; }
}

public sealed record WorkDoneProgressEnd() : WorkDoneProgressValue("end")
{
    public string? Message { get; init; }
}

/// <summary><c>window/workDoneProgress/cancel</c>: the user cancelled a progress the server created.</summary>
public sealed record WorkDoneProgressCancelParams(ProgressToken Token);
