namespace Canvass.Storage;

/// <summary>Where site journals live. Section <c>Storage</c>.</summary>
public sealed class StorageOptions
{
    /// <summary><c>Sqlite</c> (the embedded default, no server), <c>PostgreSql</c> (production) or <c>Memory</c> (lost on exit). Default Sqlite.</summary>
    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    /// <summary>SQLite database file, relative to the working directory. Default <c>data/canvass.db</c>.</summary>
    public string SqlitePath { get; set; } = "data/canvass.db";

    /// <summary>Npgsql connection string, required for PostgreSql. Default none.</summary>
    public string? PostgreSqlConnectionString { get; set; }

    /// <summary>Most records in one group commit. Default 50,000.</summary>
    public int MaxRecordsPerCommit { get; set; } = 50_000;

    /// <summary>Site loads (recoveries) in flight at once per process. Default 16.</summary>
    public int MaxConcurrentLoads { get; set; } = 16;

    /// <summary>Transactions in flight at once (PostgreSQL; SQLite has one writer). Default 2.</summary>
    public int Writers { get; set; } = 2;
}

public enum StorageProvider
{
    Sqlite,
    PostgreSql,
    Memory,
}
