using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Canvass.Gateway.Auth;
using Canvass.Gateway.Tests.Auth;
using Canvass.Silo.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Canvass.Gateway.Tests.Security;

/// <summary>
/// A key is rotated without signing anyone out: the new key signs, the old one still verifies; a key that is short,
/// text, a pattern or the deployment example's stops the start.
/// </summary>
[Collection(SecurityHostCollection.Name)]
public class KeyRotationTests(SecurityHostFixture host)
{
    [Fact]
    public async Task A_token_of_the_old_key_stays_valid_while_new_ones_are_signed_with_the_new_key()
    {
        var old = new SymmetricSecurityKey(Convert.FromBase64String(host.OldKey)) { KeyId = SecurityHostFixture.OldKeyId };
        var oldToken = new TokenIssuer(new AuthOptions(), old, TimeProvider.System).Mint("wall-old", Roles.Display, "4403", TimeSpan.FromHours(1)).Token;
        Assert.Equal(SecurityHostFixture.OldKeyId, TokenJson.Header(oldToken).GetProperty("kid").GetString());
        using var oldClient = host.Client(oldToken);
        using var read = await oldClient.GetAsync("/api/units/4403");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);

        // Minted before kids existed: no kid in the header, found by trying the keys.
        var unnamed = new TokenIssuer(new AuthOptions(), new SymmetricSecurityKey(Convert.FromBase64String(host.OldKey)), TimeProvider.System)
            .Mint("wall-unnamed", Roles.Display, "4403", TimeSpan.FromHours(1)).Token;
        using var unnamedClient = host.Client(unnamed);
        Assert.Equal(HttpStatusCode.OK, (await unnamedClient.GetAsync("/api/units/4403")).StatusCode);

        using var minted = await host.Http.PostAsJsonAsync("/api/tokens", new { role = "display", unit = "4403", subject = "wall-new" });
        var token = (await minted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
        Assert.Equal(SigningKeys.KeyIdOf(Convert.FromBase64String(host.Key)), TokenJson.Header(token).GetProperty("kid").GetString());

        // A key that was never listed, even under the old key's kid, verifies nothing.
        var stranger = new SymmetricSecurityKey(Convert.FromBase64String(SigningKeys.NewKey())) { KeyId = SecurityHostFixture.OldKeyId };
        var forged = new TokenIssuer(new AuthOptions(), stranger, TimeProvider.System).Mint("forger", Roles.Admin, "4403", TimeSpan.FromHours(1)).Token;
        using var forger = host.Client(forged);
        Assert.Equal(HttpStatusCode.Unauthorized, (await forger.GetAsync("/api/units/4403")).StatusCode);
    }

    public static TheoryData<string, string, string> WeakKeys() => new()
    {
        { "Auth:SigningKey", SigningKeys.ExampleKey, "example of deploy/k8s/secret.example.yaml" },
        { "Auth:SigningKey", Convert.ToBase64String(new byte[16].Select((_, i) => (byte)(i * 37 + 11)).ToArray()), "has 16 bytes" },
        { "Auth:SigningKey", Convert.ToBase64String("correct horse battery staple, forty bytes"u8.ToArray()), "text or a pattern" },
        { "Auth:SigningKey", Convert.ToBase64String(Enumerable.Repeat((byte)0xA5, 32).ToArray()), "text or a pattern" },
        { "Auth:SigningKey", "not base64!", "not base64" },
        { "Auth:VerificationKeys:0:Key", SigningKeys.ExampleKey, "Auth:VerificationKeys:0:Key is the example" },
    };

    [Theory]
    [MemberData(nameof(WeakKeys))]
    public void A_weak_or_example_key_stops_the_start_saying_why(string setting, string key, string message)
    {
        var signing = setting == "Auth:SigningKey" ? key : SigningKeys.NewKey();
        var args = new List<string> { "--urls", "http://127.0.0.1:0", $"--Auth:SigningKey={signing}" };
        if (setting != "Auth:SigningKey")
        {
            args.Add($"--{setting}={key}");
        }

        var refused = Assert.Throws<OptionsValidationException>(() => SiloHost.Build([.. args]));
        Assert.Contains(message, refused.Message);
    }

    [Fact]
    public async Task The_token_command_refuses_the_example_key_too()
    {
        var (code, output, error) = await SiloProcess.RunAsync("token", "--role", "admin", "--unit", "4403", $"--Auth:SigningKey={SigningKeys.ExampleKey}");

        Assert.NotEqual(0, code);
        Assert.Equal("", output);
        Assert.Contains("secret.example.yaml", error);
    }
}
