namespace Canvass.Gateway.Apis;

/// <summary>An acknowledgement of an open alert: who takes it on, and what was done about it.</summary>
/// <param name="By">Who acknowledges (a name or a staff id, at most 128 characters).</param>
/// <param name="Note">What was done about the alert, at most 500 characters.</param>
public sealed record AckRequest(string? By, string? Note);
