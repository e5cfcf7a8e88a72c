using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace Canvass.Gateway.Auth;

/// <summary>
/// The key tokens are signed with here (when no external authority issues them) and the keys they are checked with:
/// that one and <see cref="AuthOptions.VerificationKeys"/>, each named by a <c>kid</c>, so that a key can be
/// replaced without signing everyone out. A key that is short, text rather than random bytes, or the deployment
/// example's is refused at start.
/// </summary>
public static class SigningKeys
{
    private const int KeyBytes = 32;

    /// <summary>The signing key of deploy/k8s/secret.example.yaml: copied as it is, anyone could mint admin tokens.</summary>
    public const string ExampleKey = "Y2hhbmdlLW1lLWNoYW5nZS1tZS1jaGFuZ2UtbWUtY2hhbmdlLW1l";

    /// <summary>
    /// The configured key, else the development key file (made on first use, readable by its owner only); null when
    /// an authority issues the tokens. Its <c>KeyId</c> is the <c>kid</c> minted tokens carry.
    /// </summary>
    public static SymmetricSecurityKey? Resolve(AuthOptions options)
    {
        if (options.SigningKey is { Length: > 0 } configured)
        {
            return FromBase64(configured, "Auth:SigningKey", options.SigningKeyId);
        }

        return options.Authority is { Length: > 0 } ? null : FromBase64(ReadOrCreate(options.SigningKeyPath), options.SigningKeyPath, options.SigningKeyId);
    }

    /// <summary>Every key a token may be signed with: <paramref name="signing"/> (when there is one) and the verification keys.</summary>
    public static IReadOnlyList<SymmetricSecurityKey> Verification(AuthOptions options, SymmetricSecurityKey? signing)
    {
        var keys = new List<SymmetricSecurityKey>();
        if (signing is not null)
        {
            keys.Add(signing);
        }

        for (var i = 0; i < options.VerificationKeys.Length; i++)
        {
            var entry = options.VerificationKeys[i];
            var key = FromBase64(entry.Key, $"Auth:VerificationKeys:{i}:Key", entry.Id);
            if (keys.Any(k => k.KeyId == key.KeyId))
            {
                throw new InvalidOperationException(SameId(i, key.KeyId));
            }

            keys.Add(key);
        }

        return keys;
    }

    public static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(KeyBytes));

    /// <summary>The kid of a key that names none: 16 hex digits of its SHA-256, the same in every process.</summary>
    public static string KeyIdOf(byte[] key) => Convert.ToHexStringLower(SHA256.HashData(key))[..16];

    /// <summary>
    /// What is wrong with the configured keys (<c>Auth:SigningKey</c>, <c>Auth:VerificationKeys</c>), each naming its
    /// setting; the development key file is not read, since it is made on first use.
    /// </summary>
    public static IEnumerable<string> Problems(AuthOptions options)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        if (options.SigningKey is { Length: > 0 } configured)
        {
            var (bytes, problem) = Decode(configured, "Auth:SigningKey");
            if (bytes is null)
            {
                yield return problem!;
            }
            else
            {
                ids.Add(IdOf(bytes, options.SigningKeyId));
            }
        }

        for (var i = 0; i < options.VerificationKeys.Length; i++)
        {
            var entry = options.VerificationKeys[i];
            var (bytes, problem) = Decode(entry.Key, $"Auth:VerificationKeys:{i}:Key");
            if (bytes is null)
            {
                yield return problem!;
            }
            else if (!ids.Add(IdOf(bytes, entry.Id)))
            {
                yield return SameId(i, IdOf(bytes, entry.Id));
            }
        }
    }

    private static string SameId(int index, string id) =>
        $"Auth:VerificationKeys:{index} has the kid '{id}' of another key: every key needs an id of its own.";

    private static string IdOf(byte[] key, string? id) => id is { Length: > 0 } ? id : KeyIdOf(key);

    private static SymmetricSecurityKey FromBase64(string value, string source, string? id)
    {
        var (bytes, problem) = Decode(value, source);
        return bytes is null ? throw new InvalidOperationException(problem) : new SymmetricSecurityKey(bytes) { KeyId = IdOf(bytes, id) };
    }

    private static (byte[]? Bytes, string? Problem) Decode(string value, string source)
    {
        if (value.Trim() == ExampleKey)
        {
            return (null, $"The signing key in {source} is the example of deploy/k8s/secret.example.yaml, which anyone can read: make a key of your own with `openssl rand -base64 32`.");
        }

        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(value.Trim());
        }
        catch (FormatException)
        {
            return (null, $"The signing key in {source} is not base64.");
        }

        if (bytes.Length < KeyBytes)
        {
            return (null, $"The signing key in {source} has {bytes.Length} bytes; HMAC-SHA256 needs at least {KeyBytes} random bytes (`openssl rand -base64 32`).");
        }

        // 32 random bytes are all printable ASCII with odds of about 1 in 10^14, and have fewer than 16 distinct
        // values with odds far smaller still: either means a password or a pattern, not a key.
        if (bytes.All(b => b is >= 0x20 and < 0x7F) || bytes.Distinct().Count() < 16)
        {
            return (null, $"The signing key in {source} is text or a pattern, not random bytes: make one with `openssl rand -base64 32`.");
        }

        return (bytes, null);
    }

    private static string ReadOrCreate(string path)
    {
        if (File.Exists(path))
        {
            return File.ReadAllText(path);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var key = NewKey();
        try
        {
            var create = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
            if (!OperatingSystem.IsWindows())
            {
                create.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using var file = new FileStream(path, create);
            using var writer = new StreamWriter(file);
            writer.Write(key);
            return key;
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process (the token command, a second silo) made it first: use theirs.
            return File.ReadAllText(path);
        }
    }
}
