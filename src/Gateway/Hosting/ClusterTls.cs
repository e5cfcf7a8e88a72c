using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Orleans.Connections.Security;

namespace Canvass.Gateway.Hosting;

/// <summary>Mutual TLS for Orleans connections: both ends show a certificate, and each accepts only the cluster CA's.</summary>
public static class ClusterTls
{
    public static ISiloBuilder UseClusterTls(this ISiloBuilder silo, ClusterTlsSettings settings)
    {
        var (certificate, ca) = Load(settings);
        return silo.UseTls(o => Configure(o, certificate, ca));
    }

    public static IClientBuilder UseClusterTls(this IClientBuilder client, ClusterTlsSettings settings)
    {
        var (certificate, ca) = Load(settings);
        return client.UseTls(o => Configure(o, certificate, ca));
    }

    /// <summary>True when <paramref name="certificate"/> chains to one of <paramref name="cas"/> (and no other root) and is valid now.</summary>
    public static bool IssuedBy(X509Certificate2 certificate, X509Certificate2Collection cas)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(cas);
        // The cluster CA publishes no revocation list; a compromised certificate is replaced by rotating the CA.
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }

    private static void Configure(TlsOptions options, X509Certificate2 certificate, X509Certificate2Collection ca)
    {
        options.LocalCertificate = certificate;
        options.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
        options.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
        // Peers are addressed by IP and the CA is not in the machine's store, so the platform's own verdict (name
        // mismatch, untrusted root) says nothing here: only the chain to the cluster CA does.
        options.RemoteCertificateValidation = (remote, _, errors) =>
            !errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable) && IssuedBy(remote, ca);
    }

    private static (X509Certificate2 Certificate, X509Certificate2Collection Cas) Load(ClusterTlsSettings settings)
    {
        if (string.IsNullOrEmpty(settings.Certificate) || string.IsNullOrEmpty(settings.CaCertificate))
        {
            throw new InvalidOperationException("Cluster:Tls needs both Certificate (this process's) and CaCertificate (the cluster CA's).");
        }

        var certificate = Read("Cluster:Tls:Certificate", settings.Certificate, path => string.IsNullOrEmpty(settings.Key)
            ? X509CertificateLoader.LoadPkcs12FromFile(path, settings.CertificatePassword)
            : X509Certificate2.CreateFromPemFile(path, settings.Key));
        var ca = ReadCas(settings.CaCertificate);
        if (!certificate.HasPrivateKey)
        {
            throw new InvalidOperationException($"Cluster:Tls:Certificate {settings.Certificate} has no private key (for PEM, set Cluster:Tls:Key).");
        }

        if (!IssuedBy(certificate, ca))
        {
            throw new InvalidOperationException($"Cluster:Tls:Certificate {settings.Certificate} is not issued by Cluster:Tls:CaCertificate {settings.CaCertificate}, or is expired.");
        }

        return (certificate, ca);
    }

    /// <summary>One CA, or during a CA rotation a PEM bundle of the old and the new one.</summary>
    private static X509Certificate2Collection ReadCas(string path)
    {
        var cas = new X509Certificate2Collection();
        try
        {
            cas.ImportFromPemFile(path);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            // Not PEM: a single DER certificate.
        }

        if (cas.Count == 0)
        {
            cas.Add(Read("Cluster:Tls:CaCertificate", path, X509CertificateLoader.LoadCertificateFromFile));
        }

        return cas;
    }

    private static X509Certificate2 Read(string setting, string path, Func<string, X509Certificate2> load)
    {
        try
        {
            return load(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException or ArgumentException)
        {
            throw new InvalidOperationException($"{setting}: cannot read {path}: {e.Message}", e);
        }
    }
}
