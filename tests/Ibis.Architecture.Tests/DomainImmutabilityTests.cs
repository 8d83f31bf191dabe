using System.Reflection;
using System.Runtime.CompilerServices;
using Ibis.Domain.Money;

namespace Ibis.Architecture.Tests;

/// <summary>
/// CONVENTIONS "Domain types": value objects are readonly structs or sealed records. Every struct of
/// Ibis.Domain, public or not, is readonly; the value types of Money and Common cannot be changed
/// after construction (init is fine: it runs only while the value is being made).
/// </summary>
public sealed class DomainImmutabilityTests
{
    private static readonly Assembly Domain = typeof(Mills).Assembly;

    private static bool CompilerMade(Type t)
    {
        for (var x = t; x is not null; x = x.DeclaringType)
            if (x.Name.Contains('<', StringComparison.Ordinal) || x.IsDefined(typeof(CompilerGeneratedAttribute), false)) return true;
        return false;
    }

    private static bool IsReadOnly(Type t) => t.GetCustomAttributes(false).Any(a => a.GetType().FullName == typeof(IsReadOnlyAttribute).FullName);

    private static bool IsInitOnly(MethodInfo setter) => setter.ReturnParameter.GetRequiredCustomModifiers().Contains(typeof(IsExternalInit));

    [Fact]
    public void EveryDomainStruct_IsReadOnly()
    {
        var structs = Domain.GetTypes().Where(t => t.IsValueType && !t.IsEnum && !CompilerMade(t)).ToList();
        Assert.Contains(typeof(Mills), structs);
        var mutable = structs.Where(t => !IsReadOnly(t)).Select(t => t.FullName).ToList();
        Assert.True(mutable.Count == 0, "mutable structs in Ibis.Domain (declare them readonly): " + string.Join(", ", mutable));
    }

    /// <summary>Money/ declares Ibis.Domain.Money; Common/ declares the root namespace Ibis.Domain itself.</summary>
    [Theory]
    [InlineData("Ibis.Domain.Money", true)]
    [InlineData("Ibis.Domain", false)]
    public void ValueNamespaces_HaveNoPublicSetters(string ns, bool withSubNamespaces)
    {
        var types = Domain.GetExportedTypes()
            .Where(t => t.Namespace == ns || (withSubNamespaces && t.Namespace?.StartsWith(ns + ".", StringComparison.Ordinal) == true))
            .Where(t => !t.IsEnum && !t.IsInterface && !CompilerMade(t)).ToList();
        Assert.NotEmpty(types);
        const BindingFlags everyPublic = BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        var offenders = new List<string>();
        foreach (var t in types)
        {
            foreach (var p in t.GetProperties(everyPublic))
                if (p.SetMethod is { IsPublic: true } setter && (setter.IsStatic || !IsInitOnly(setter)))
                    offenders.Add($"{t.FullName}.{p.Name} has a public setter");
            foreach (var f in t.GetFields(everyPublic))
                if (!f.IsInitOnly && !f.IsLiteral)
                    offenders.Add($"{t.FullName}.{f.Name} is a writable public field");
        }
        Assert.True(offenders.Count == 0, string.Join(Environment.NewLine, offenders));
    }

    [Fact]
    public void Checks_RecogniseReadOnlyAndInit()
    {
        // Guards the reflection above against a mutable struct and a plain setter.
        Assert.True(IsReadOnly(typeof(Mills)));
        Assert.False(IsReadOnly(typeof(MutableProbe)));
        Assert.False(IsInitOnly(typeof(MutableProbe).GetProperty(nameof(MutableProbe.Value))!.SetMethod!));
        Assert.True(IsInitOnly(typeof(InitProbe).GetProperty(nameof(InitProbe.Value))!.SetMethod!));
    }

    private struct MutableProbe
    {
        public int Value { get; set; }
    }

    private sealed record InitProbe(int Value);
}
