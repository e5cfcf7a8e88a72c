namespace Canvass.Bench.Scenarios;

/// <summary>A condition that stops a run with a plain message instead of a stack trace (server down, bad registry).</summary>
public sealed class BenchException(string message, Exception? inner = null) : Exception(message, inner);
