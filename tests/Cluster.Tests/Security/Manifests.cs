using k8s;
using k8s.Models;

namespace Canvass.Cluster.Tests.Security;

/// <summary>
/// The Kubernetes manifests of deploy/k8s, read with the Kubernetes client's own typed models in strict mode, so
/// that a misspelt or misplaced field fails as it would against the API server's schema.
/// </summary>
public sealed class Manifests
{
    private Manifests(string folder, IReadOnlyList<object> objects, IReadOnlyList<string> resources)
    {
        Folder = folder;
        Objects = objects;
        Resources = resources;
    }

    public string Folder { get; }

    /// <summary>Every object of every manifest, the example Secret included.</summary>
    public IReadOnlyList<object> Objects { get; }

    /// <summary>The files the kustomization applies.</summary>
    public IReadOnlyList<string> Resources { get; }

    public static Manifests Load()
    {
        var folder = Path.Combine(RepositoryRoot(), "deploy", "k8s");
        var objects = new List<object>();
        foreach (var file in Directory.GetFiles(folder, "*.yaml").Where(f => Path.GetFileName(f) != "kustomization.yaml").Order())
        {
            objects.AddRange(KubernetesYaml.LoadAllFromString(File.ReadAllText(file), strict: true));
        }

        var kustomization = File.ReadAllLines(Path.Combine(folder, "kustomization.yaml"));
        var resources = kustomization.SkipWhile(l => l.Trim() != "resources:").Skip(1)
            .TakeWhile(l => l.TrimStart().StartsWith("- ", StringComparison.Ordinal))
            .Select(l => l.Trim()[2..].Trim()).ToArray();
        return new Manifests(folder, objects, resources);
    }

    public IEnumerable<(string Owner, V1PodSpec Pod, IDictionary<string, string> Labels)> PodTemplates() =>
        Objects.Select(o => o switch
        {
            V1Deployment d => (d.Metadata.Name, d.Spec.Template.Spec, d.Spec.Template.Metadata.Labels),
            V1StatefulSet s => (s.Metadata.Name, s.Spec.Template.Spec, s.Spec.Template.Metadata.Labels),
            _ => default((string, V1PodSpec, IDictionary<string, string>)?),
        }).OfType<(string, V1PodSpec, IDictionary<string, string>)>();

    public IEnumerable<V1NetworkPolicy> NetworkPolicies() => Objects.OfType<V1NetworkPolicy>();

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Orleans.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("No Orleans.sln above " + AppContext.BaseDirectory);
    }
}
