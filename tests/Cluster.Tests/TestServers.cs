namespace Canvass.Cluster.Tests;

/// <summary>The real servers the tests use, started by scripts/test.sh (or provided by the caller).</summary>
public static class TestServers
{
    public static string PostgreSql => Required("CANVASS_TEST_POSTGRES");

    public static string Redis => Required("CANVASS_TEST_REDIS");

    private static string Required(string name) => Environment.GetEnvironmentVariable(name)
        ?? throw new InvalidOperationException($"{name} is not set: run the tests with scripts/test.sh, which starts a throwaway PostgreSQL and Redis.");
}
