using Microsoft.Extensions.Options;

namespace Canvass.Storage;

/// <summary>Checks the <c>Storage</c> section; each failure names its setting.</summary>
public sealed class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    internal const string ProviderMessage = "Storage:Provider must be one of Sqlite, PostgreSql, Memory.";

    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        var failures = new List<string>();
        if (!Enum.IsDefined(options.Provider))
        {
            failures.Add(ProviderMessage);
        }

        if (options.Provider == StorageProvider.PostgreSql && string.IsNullOrWhiteSpace(options.PostgreSqlConnectionString))
        {
            failures.Add("Storage:PostgreSqlConnectionString is required when Storage:Provider is PostgreSql.");
        }

        if (options.Provider == StorageProvider.Sqlite && string.IsNullOrWhiteSpace(options.SqlitePath))
        {
            failures.Add("Storage:SqlitePath must name a file when Storage:Provider is Sqlite.");
        }

        if (options.MaxRecordsPerCommit <= 0 || options.MaxConcurrentLoads <= 0 || options.Writers <= 0)
        {
            failures.Add("Storage:MaxRecordsPerCommit, Storage:MaxConcurrentLoads and Storage:Writers must be positive.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
