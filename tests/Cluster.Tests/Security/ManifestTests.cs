using System.Net;
using k8s;
using k8s.Models;

namespace Canvass.Cluster.Tests.Security;

/// <summary>deploy/k8s: valid objects, least privilege in every pod, and a network where only the designed paths are open.</summary>
public sealed class ManifestTests
{
    private static readonly Manifests Deploy = Manifests.Load();

    private static readonly Dictionary<string, string> Canvass = new() { ["kubernetes.io/metadata.name"] = "canvass" };

    [Fact]
    public void Every_manifest_is_a_valid_Kubernetes_object_and_the_kustomization_applies_all_but_the_example_secret()
    {
        Assert.Contains(Deploy.Objects, o => o is V1NetworkPolicy);
        var files = Directory.GetFiles(Deploy.Folder, "*.yaml").Select(Path.GetFileName)
            .Where(f => f is not "kustomization.yaml" and not "secret.example.yaml").Order().ToArray();
        Assert.Equal(files, Deploy.Resources.Order().ToArray());
        Assert.All(Deploy.Objects.OfType<IKubernetesObject<V1ObjectMeta>>().Where(o => o is not V1Namespace),
            o => Assert.Equal("canvass", o.Metadata.NamespaceProperty));
    }

    [Fact]
    public void Every_container_runs_unprivileged_on_a_read_only_root_with_pinned_images_and_bounded_resources()
    {
        var pods = Deploy.PodTemplates().ToArray();
        Assert.Equal(["canvass-gateway", "canvass-silo", "postgres", "redis"], pods.Select(p => p.Owner).Order().ToArray());
        foreach (var (owner, pod, _) in pods)
        {
            Assert.True(pod.SecurityContext?.RunAsNonRoot, $"{owner}: runAsNonRoot");
            Assert.Equal("RuntimeDefault", pod.SecurityContext?.SeccompProfile?.Type);
            Assert.Equal(owner == "canvass-silo", pod.AutomountServiceAccountToken);
            foreach (var c in pod.Containers.Concat(pod.InitContainers ?? []))
            {
                var where = $"{owner}/{c.Name}";
                Assert.True(c.SecurityContext?.ReadOnlyRootFilesystem, $"{where}: readOnlyRootFilesystem");
                Assert.False(c.SecurityContext?.AllowPrivilegeEscalation ?? true, $"{where}: allowPrivilegeEscalation");
                Assert.Equal(["ALL"], c.SecurityContext?.Capabilities?.Drop);
                Assert.Null(c.SecurityContext?.Capabilities?.Add);
                Assert.Matches(@"^[a-z0-9./-]+:[A-Za-z0-9._-]+$", c.Image);
                Assert.False(c.Image.EndsWith(":latest", StringComparison.Ordinal), $"{where}: {c.Image}");
                Assert.True(c.Resources?.Requests?.ContainsKey("cpu") == true && c.Resources.Requests.ContainsKey("memory"), $"{where}: requests");
                Assert.True(c.Resources?.Limits?.ContainsKey("memory") == true, $"{where}: memory limit");

                // Writable paths are volumes of the pod: emptyDirs with a size limit, or the claim of a StatefulSet.
                foreach (var mount in c.VolumeMounts ?? [])
                {
                    var volume = pod.Volumes?.SingleOrDefault(v => v.Name == mount.Name);
                    var claimed = Deploy.Objects.OfType<V1StatefulSet>().Any(s => s.Metadata.Name == owner &&
                        s.Spec.VolumeClaimTemplates.Any(t => t.Metadata.Name == mount.Name));
                    Assert.True(claimed || volume?.EmptyDir?.SizeLimit is not null || volume?.Secret is not null, $"{where}: volume {mount.Name}");
                }
            }
        }

        var kustomization = File.ReadAllText(Path.Combine(Deploy.Folder, "kustomization.yaml"));
        Assert.DoesNotContain("latest", kustomization.Split('\n').Where(l => !l.TrimStart().StartsWith('#')).Select(l => l.Trim()));
    }

    [Fact]
    public void The_silos_may_only_read_watch_and_label_pods_and_nothing_else_may_call_the_Kubernetes_API()
    {
        var role = Assert.Single(Deploy.Objects.OfType<V1Role>());
        var rule = Assert.Single(role.Rules);
        Assert.Equal([""], rule.ApiGroups);
        Assert.Equal(["pods"], rule.Resources);
        Assert.Equal(["get", "list", "patch", "watch"], rule.Verbs.Order().ToArray());
        Assert.Empty(Deploy.Objects.OfType<V1ClusterRole>());
        var binding = Assert.Single(Deploy.Objects.OfType<V1RoleBinding>());
        Assert.Equal("canvass-silo", Assert.Single(binding.Subjects).Name);
        Assert.Equal("canvass-silo", Deploy.PodTemplates().Single(p => p.Owner == "canvass-silo").Pod.ServiceAccountName);
    }

    [Fact]
    public void Only_the_designed_paths_are_open_between_pods_and_into_the_namespace()
    {
        var model = new NetworkModel(Deploy.NetworkPolicies().ToArray(), Canvass);
        Assert.Contains(Deploy.NetworkPolicies(), p => p.Spec.PodSelector.MatchLabels is null && p.Spec.PodSelector.MatchExpressions is null &&
            p.Spec.PolicyTypes.Order().SequenceEqual(["Egress", "Ingress"]) && p.Spec.Ingress is null && p.Spec.Egress is null);

        var pods = Deploy.PodTemplates().ToDictionary(p => Short(p.Owner), p => p);
        var sources = pods.Keys.Select(name => new Endpoint(name, Canvass, pods[name].Labels))
            .Append(new Endpoint("ingress", new Dictionary<string, string> { ["kubernetes.io/metadata.name"] = "ingress-nginx", ["canvass.io/ingress"] = "true" }, new Dictionary<string, string>()))
            .Append(new Endpoint("prometheus", new Dictionary<string, string> { ["kubernetes.io/metadata.name"] = "monitoring", ["canvass.io/monitoring"] = "true" }, new Dictionary<string, string>()))
            .Append(new Endpoint("other-namespace", new Dictionary<string, string> { ["kubernetes.io/metadata.name"] = "default" }, new Dictionary<string, string>()))
            .ToArray();

        var open = new List<string>();
        foreach (var from in sources)
        {
            foreach (var (name, (_, pod, labels)) in pods)
            {
                var to = new Endpoint(name, Canvass, labels);
                foreach (var port in pod.Containers.SelectMany(c => c.Ports ?? []))
                {
                    if (model.Allows(from, to, port))
                    {
                        open.Add($"{from} -> {name}:{port.Name}");
                    }
                }
            }
        }

        Assert.Equal(new[]
        {
            "gateway -> redis:redis",
            "gateway -> silo:gateway",
            "ingress -> gateway:http",
            "prometheus -> gateway:management",
            "prometheus -> silo:management",
            "silo -> postgres:postgres",
            "silo -> redis:redis",
            "silo -> silo:silo",
        }, open.Order().ToArray());
    }

    [Fact]
    public void Silos_reach_public_https_receivers_but_neither_private_ranges_nor_the_metadata_service_and_gateways_nothing_outside()
    {
        var model = new NetworkModel(Deploy.NetworkPolicies().ToArray(), Canvass);
        var pods = Deploy.PodTemplates().ToDictionary(p => Short(p.Owner), p => p.Labels);
        Endpoint Outside(string address) => new(address, null, null, IPAddress.Parse(address));

        // Addresses are only evaluated against the policies here; nothing is sent anywhere.
        var silo = new Endpoint("silo", Canvass, pods["silo"]);
        Assert.True(model.Allows(silo, Outside("203.0.113.10"), null, 443));
        Assert.False(model.Allows(silo, Outside("203.0.113.10"), null, 80));
        foreach (var inside in new[] { "169.254.169.254", "10.0.0.5", "172.16.3.4", "192.168.1.1", "100.64.0.1", "127.0.0.1" })
        {
            Assert.False(model.Allows(silo, Outside(inside), null, 443), inside);
        }

        foreach (var name in new[] { "gateway", "postgres", "redis" })
        {
            Assert.False(model.Allows(new Endpoint(name, Canvass, pods[name]), Outside("203.0.113.10"), null, 443), name);
        }
    }

    [Fact]
    public void Every_port_the_policies_name_is_a_container_port_of_a_pod_they_select()
    {
        var pods = Deploy.PodTemplates().ToArray();
        foreach (var policy in Deploy.NetworkPolicies())
        {
            var named = (policy.Spec.Ingress ?? []).SelectMany(r => r.Ports ?? []).Select(p => p.Port.ToString()).Where(p => !int.TryParse(p, out _)).ToArray();
            var ports = pods.Where(p => NetworkModel.Matches(policy.Spec.PodSelector, p.Labels))
                .SelectMany(p => p.Pod.Containers.SelectMany(c => c.Ports ?? [])).Select(p => p.Name).ToHashSet();
            Assert.All(named, n => Assert.Contains(n, ports));
        }
    }

    private static string Short(string owner) => owner.Replace("canvass-", "", StringComparison.Ordinal);
}
