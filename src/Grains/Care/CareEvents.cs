namespace Canvass.Grains.Care;

// The site events of care, each one journal row (see CareJournal). Times are UTC ticks.

/// <summary>A household was placed under quarantine.</summary>
public sealed record QuarantinePlaced(string QuarantineId, int Household, QuarantineKind Kind, long StartTicks, long PlannedEndTicks, int Residents);

/// <summary>An open quarantine's planned end moved; <see cref="AtTicks"/> is when.</summary>
public sealed record QuarantineExtended(string QuarantineId, int Household, long PlannedEndTicks, long AtTicks);

/// <summary>A quarantine ended at <see cref="AtTicks"/>.</summary>
public sealed record QuarantineEnded(string QuarantineId, int Household, long AtTicks);

/// <summary>A quarantined household's health check: how many residents were normal and how many had fever.</summary>
public sealed record HealthChecked(string CheckId, int Household, long AtTicks, int Normal, int Fever, double? MaxTemperature);

/// <summary>A household asked for care.</summary>
public sealed record CareRequested(string CareId, int Household, CareCategory Category, string? Note, long RequestedAtTicks, string? Subject);

/// <summary>A care request was accepted, delivered or cancelled.</summary>
public sealed record CareStepped(string CareId, int Household, CareStep Step, long AtTicks, string? Reason, string? Subject);
