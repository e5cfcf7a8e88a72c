namespace Canvass.Gateway.Hosting;

/// <summary>
/// The certificate this process shows to the rest of the cluster and the CA it trusts. Section <c>Cluster:Tls</c>.
/// Every silo and gateway of a deployment has a certificate issued by the one cluster CA; nothing else is trusted,
/// not even the machine's certificate store.
/// </summary>
public sealed class ClusterTlsSettings
{
    /// <summary>This process's certificate: a PEM file (with <see cref="Key"/>) or a PKCS#12 (.pfx) file. Default none.</summary>
    public string? Certificate { get; set; }

    /// <summary>The PEM private key of <see cref="Certificate"/> (for example Kubernetes' <c>tls.key</c>); none for PKCS#12.</summary>
    public string? Key { get; set; }

    /// <summary>The password of a PKCS#12 <see cref="Certificate"/>, if it has one.</summary>
    public string? CertificatePassword { get; set; }

    /// <summary>The cluster CA's certificate (PEM or DER; a PEM bundle of two while the CA rotates): a peer's certificate must chain to it.</summary>
    public string? CaCertificate { get; set; }

    public bool Enabled => !string.IsNullOrEmpty(Certificate) || !string.IsNullOrEmpty(CaCertificate);
}
