namespace Canvass.Storage.Tests;

/// <summary>The real servers the tests use, started by scripts/test.sh (or provided by the caller).</summary>
public static class TestServers
{
    public static string PostgreSql => Environment.GetEnvironmentVariable("CANVASS_TEST_POSTGRES")
        ?? throw new InvalidOperationException("CANVASS_TEST_POSTGRES is not set: run the tests with scripts/test.sh, which starts a throwaway PostgreSQL and Redis.");
}
