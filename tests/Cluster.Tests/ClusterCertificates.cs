using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Canvass.Cluster.Tests;

/// <summary>
/// A cluster CA made for one test run and the certificates it issues, as PKCS#12 files in a temporary folder: what
/// an operator's Secret holds in production (Cluster:Tls).
/// </summary>
public sealed class ClusterCertificates
{
    private const string Password = "test-only";
    private readonly X509Certificate2 _ca;

    private ClusterCertificates(string folder, string name)
    {
        Folder = folder;
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        _ca = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(1));
        CaPath = Path.Combine(folder, name + "-ca.crt");
        File.WriteAllText(CaPath, _ca.ExportCertificatePem());
    }

    /// <summary>The run's one cluster CA, shared by every clustered test of the process.</summary>
    public static ClusterCertificates Shared { get; } = Create("canvass-test-cluster");

    public string Folder { get; }

    public string CaPath { get; }

    public static ClusterCertificates Create(string name) => new(Directory.CreateTempSubdirectory("canvass-certs-").FullName, name);

    /// <summary>Issues a certificate for <paramref name="holder"/> (server and client authentication) and writes it as PKCS#12.</summary>
    public string Issue(string holder)
    {
        var path = Path.Combine(Folder, holder + ".pfx");
        if (File.Exists(path))
        {
            return path;
        }

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={holder}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false));
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        var serial = RandomNumberGenerator.GetBytes(16);
        using var issued = request.Create(_ca, DateTimeOffset.UtcNow.AddMinutes(-30), DateTimeOffset.UtcNow.AddHours(12), serial);
        using var withKey = issued.CopyWithPrivateKey(key);
        File.WriteAllBytes(path, withKey.Export(X509ContentType.Pkcs12, Password));
        return path;
    }

    /// <summary>The command-line settings that give a silo or gateway <paramref name="holder"/>'s certificate and this CA.</summary>
    public string[] Args(string holder) =>
        [$"--Cluster:Tls:Certificate={Issue(holder)}", $"--Cluster:Tls:CertificatePassword={Password}", $"--Cluster:Tls:CaCertificate={CaPath}"];
}
