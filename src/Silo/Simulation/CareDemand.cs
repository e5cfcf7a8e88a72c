namespace Canvass.Silo.Simulation;

/// <summary>What sealed households ask for in the simulation, by share of requests, with the notes they write.</summary>
internal static class CareDemand
{
    private static readonly (string Category, double Share, string[] Notes)[] Categories =
    [
        ("groceries", 0.30, ["rice 5 kg, eggs", "vegetables for three days", "milk and bread"]),
        ("takeaway", 0.20, ["lunch for two", "dinner, no chilli"]),
        ("parcel", 0.15, ["parcel at the gate", "two parcels at the locker"]),
        ("water", 0.12, ["2 × 18 L", "one bucket"]),
        ("waste", 0.12, ["two bags at the door"]),
        ("medicine", 0.08, ["blood pressure tablets", "fever reducer"]),
        ("other", 0.03, ["gas cylinder"]),
    ];

    /// <summary>A category (wire name) drawn by its share, and the notes to pick one from.</summary>
    public static (string Category, string[] Notes) Pick(Random random)
    {
        var roll = random.NextDouble();
        foreach (var (category, share, notes) in Categories)
        {
            if ((roll -= share) < 0)
            {
                return (category, notes);
            }
        }

        return (Categories[^1].Category, Categories[^1].Notes);
    }
}
