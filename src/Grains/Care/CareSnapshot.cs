namespace Canvass.Grains.Care;

/// <summary>A site's care state as bytes: the section that snapshot format 5 appends (see <c>SiteSnapshot</c>).</summary>
internal static class CareSnapshot
{
    public static void Write(CareState state, BinaryWriter writer)
    {
        writer.Write(state.Events);
        writer.Write(state.AnchorTicks);
        writer.Write(state.CheckHorizonTicks);
        writer.Write(state.CompactedQuarantines);
        writer.Write(state.CompactedRequests);
        writer.Write(state.Quarantines.Count);
        foreach (var q in state.Quarantines)
        {
            writer.Write(q.Id);
            writer.Write(q.Household);
            writer.Write((byte)q.Kind);
            writer.Write(q.StartTicks);
            writer.Write(q.PlannedEndTicks);
            writer.Write(q.Residents);
            writer.Write(q.EndedAtTicks);
            writer.Write(q.LastCheckTicks);
            writer.Write(q.LastCheckFever);
            writer.Write(q.Checks.Count);
            foreach (var (at, fever, hash) in q.Checks)
            {
                writer.Write(at);
                writer.Write(fever);
                writer.Write(hash);
            }
        }

        writer.Write(state.Requests.Count);
        foreach (var r in state.Requests)
        {
            writer.Write(r.Id);
            writer.Write(r.Household);
            writer.Write((byte)r.Category);
            WriteOptional(writer, r.Note);
            writer.Write(r.RequestedAtTicks);
            writer.Write((byte)r.State);
            writer.Write(r.ClosedAtTicks);
            writer.Write(r.History.Count);
            foreach (var (step, at, subject, reason) in r.History)
            {
                writer.Write((byte)step);
                writer.Write(at);
                WriteOptional(writer, subject);
                WriteOptional(writer, reason);
            }
        }
    }

    public static void Read(CareState state, BinaryReader reader)
    {
        state.Restore(reader.ReadInt64(), reader.ReadInt64(), reader.ReadInt64(), reader.ReadInt64(), reader.ReadInt64());
        var quarantines = reader.ReadInt32();
        for (var i = 0; i < quarantines; i++)
        {
            var q = new QuarantineEntry
            {
                Id = reader.ReadString(),
                Household = reader.ReadInt32(),
                Kind = (QuarantineKind)reader.ReadByte(),
                StartTicks = reader.ReadInt64(),
                PlannedEndTicks = reader.ReadInt64(),
                Residents = reader.ReadInt32(),
                EndedAtTicks = reader.ReadInt64(),
                LastCheckTicks = reader.ReadInt64(),
                LastCheckFever = reader.ReadBoolean(),
            };
            var checks = reader.ReadInt32();
            for (var c = 0; c < checks; c++)
            {
                q.Checks.Add((reader.ReadInt64(), reader.ReadBoolean(), reader.ReadInt64()));
            }

            state.Restore(q);
        }

        var requests = reader.ReadInt32();
        for (var i = 0; i < requests; i++)
        {
            var r = new CareEntry
            {
                Id = reader.ReadString(),
                Household = reader.ReadInt32(),
                Category = (CareCategory)reader.ReadByte(),
                Note = ReadOptional(reader),
                RequestedAtTicks = reader.ReadInt64(),
                State = (CareRequestState)reader.ReadByte(),
                ClosedAtTicks = reader.ReadInt64(),
            };
            var steps = reader.ReadInt32();
            for (var s = 0; s < steps; s++)
            {
                r.History.Add(((CareStep)reader.ReadByte(), reader.ReadInt64(), ReadOptional(reader), ReadOptional(reader)));
            }

            state.Restore(r);
        }
    }

    private static void WriteOptional(BinaryWriter writer, string? value)
    {
        writer.Write(value is not null);
        if (value is not null)
        {
            writer.Write(value);
        }
    }

    private static string? ReadOptional(BinaryReader reader) => reader.ReadBoolean() ? reader.ReadString() : null;
}
