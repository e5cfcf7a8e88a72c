using System.Net;
using k8s.Models;

namespace Canvass.Cluster.Tests.Security;

/// <summary>One end of a connection: a pod (its namespace's and its own labels) or an address outside the cluster.</summary>
public sealed record Endpoint(string Name, IDictionary<string, string>? NamespaceLabels, IDictionary<string, string>? PodLabels, IPAddress? Address = null)
{
    public override string ToString() => Name;
}

/// <summary>
/// What the NetworkPolicies of one namespace allow, evaluated as Kubernetes does: a connection leaves a pod of the
/// namespace if no policy selects that pod for Egress or one of those that do has a matching egress rule, and it
/// enters one if likewise for Ingress; both must hold.
/// </summary>
public sealed class NetworkModel(IReadOnlyList<V1NetworkPolicy> policies, IDictionary<string, string> namespaceLabels)
{
    public bool Allows(Endpoint from, Endpoint to, V1ContainerPort? port, int? number = null)
    {
        var egressOk = !IsOurs(from) || Permits(from, "Egress", p => p.Egress?.Select(r => ((IList<V1NetworkPolicyPeer>?)r.To, (IList<V1NetworkPolicyPort>?)r.Ports)), to, port, number);
        var ingressOk = !IsOurs(to) || Permits(to, "Ingress", p => p.Ingress?.Select(r => ((IList<V1NetworkPolicyPeer>?)r.FromProperty, (IList<V1NetworkPolicyPort>?)r.Ports)), from, port, number);
        return egressOk && ingressOk;
    }

    private bool IsOurs(Endpoint e) => e.PodLabels is not null && Same(e.NamespaceLabels, namespaceLabels);

    private bool Permits(Endpoint subject, string type, Func<V1NetworkPolicySpec, IEnumerable<(IList<V1NetworkPolicyPeer>?, IList<V1NetworkPolicyPort>?)>?> rules,
        Endpoint peer, V1ContainerPort? port, int? number)
    {
        var selecting = policies.Where(p => (p.Spec.PolicyTypes ?? ["Ingress"]).Contains(type) && Matches(p.Spec.PodSelector, subject.PodLabels!)).ToArray();
        if (selecting.Length == 0)
        {
            return true;
        }

        return selecting.Any(p => (rules(p.Spec) ?? []).Any(rule =>
            (rule.Item1 is null || rule.Item1.Any(x => PeerMatches(x, peer))) &&
            (rule.Item2 is null || rule.Item2.Any(x => PortMatches(x, port, number)))));
    }

    private bool PeerMatches(V1NetworkPolicyPeer peer, Endpoint e)
    {
        if (peer.IpBlock is { } block)
        {
            return e.Address is { } address && InNetwork(address, block.Cidr) && !(block.Except ?? []).Any(x => InNetwork(address, x));
        }

        if (e.PodLabels is null)
        {
            return false;
        }

        var namespaceOk = peer.NamespaceSelector is null ? Same(e.NamespaceLabels, namespaceLabels) : Matches(peer.NamespaceSelector, e.NamespaceLabels ?? new Dictionary<string, string>());
        return namespaceOk && (peer.PodSelector is null || Matches(peer.PodSelector, e.PodLabels));
    }

    private static bool PortMatches(V1NetworkPolicyPort rule, V1ContainerPort? port, int? number)
    {
        if (rule.Port is null)
        {
            return true;
        }

        var value = rule.Port.ToString();
        return int.TryParse(value, out var n) ? n == (port?.ContainerPort ?? number) : port?.Name == value;
    }

    public static bool Matches(V1LabelSelector selector, IDictionary<string, string> labels) =>
        (selector.MatchLabels ?? new Dictionary<string, string>()).All(kv => labels.TryGetValue(kv.Key, out var v) && v == kv.Value) &&
        (selector.MatchExpressions ?? []).All(x => x.OperatorProperty switch
        {
            "In" => labels.TryGetValue(x.Key, out var v) && x.Values.Contains(v),
            "NotIn" => !labels.TryGetValue(x.Key, out var v) || !x.Values.Contains(v),
            "Exists" => labels.ContainsKey(x.Key),
            "DoesNotExist" => !labels.ContainsKey(x.Key),
            _ => throw new InvalidOperationException("Unknown selector operator " + x.OperatorProperty),
        });

    private static bool Same(IDictionary<string, string>? a, IDictionary<string, string> b) =>
        a is not null && a.TryGetValue("kubernetes.io/metadata.name", out var x) && b.TryGetValue("kubernetes.io/metadata.name", out var y) && x == y;

    private static bool InNetwork(IPAddress address, string cidr) => IPNetwork.Parse(cidr).Contains(address);
}
