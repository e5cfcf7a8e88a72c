using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace Canvass.Grains.Screening;

/// <summary>
/// A report id as 8 bytes, so that a site remembers the report behind each household's result without keeping the
/// id's string. Stable across processes and versions (it is stored in snapshots): XxHash3 of the id's UTF-16 code
/// units, never 0, which stands for "not known" (a state restored from a snapshot older than format 3).
/// </summary>
public static class ReportIdHash
{
    public const long Unknown = 0;

    public static long Of(string reportId)
    {
        var hash = (long)XxHash3.HashToUInt64(MemoryMarshal.AsBytes(reportId.AsSpan()));
        return hash == Unknown ? 1 : hash;
    }
}
