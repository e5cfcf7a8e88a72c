using Microsoft.IdentityModel.Tokens;

namespace Canvass.Gateway.Auth;

/// <summary>The key tokens are signed with here, when no external authority issues them.</summary>
public static class SigningKeys
{
    private const int KeyBytes = 32;

    /// <summary>
    /// The configured key, else the development key file (made on first use, readable by its owner only); null when
    /// an authority issues the tokens.
    /// </summary>
    public static SymmetricSecurityKey? Resolve(AuthOptions options)
    {
        if (options.SigningKey is { Length: > 0 } configured)
        {
            return FromBase64(configured, "Auth:SigningKey");
        }

        return options.Authority is { Length: > 0 } ? null : FromBase64(ReadOrCreate(options.SigningKeyPath), options.SigningKeyPath);
    }

    public static string NewKey() => Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(KeyBytes));

    private static SymmetricSecurityKey FromBase64(string value, string source)
    {
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(value.Trim());
        }
        catch (FormatException)
        {
            throw new InvalidOperationException($"The signing key in {source} is not base64.");
        }

        return bytes.Length < KeyBytes
            ? throw new InvalidOperationException($"The signing key in {source} has {bytes.Length} bytes; HMAC-SHA256 needs at least {KeyBytes}.")
            : new SymmetricSecurityKey(bytes);
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
