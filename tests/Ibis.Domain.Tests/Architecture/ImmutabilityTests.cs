using System.Reflection;
using System.Runtime.CompilerServices;
using Ibis.Domain.Indicia;
using Ibis.Domain.Money;
using Xunit;

namespace Ibis.Domain.Tests.Architecture;

/// <summary>
/// CONVENTIONS "Domain types": value objects are readonly structs or records; aggregates change only
/// through guarded methods. Nothing public in Ibis.Domain can be mutated from outside after
/// construction, except through init-only setters during construction.
/// </summary>
public sealed class ImmutabilityTests
{
    private static readonly Type[] PublicTypes = typeof(Mills).Assembly.GetExportedTypes();

    public static TheoryData<string> PublicStructs()
    {
        var data = new TheoryData<string>();
        foreach (var t in PublicTypes.Where(t => t.IsValueType && !t.IsEnum)) data.Add(t.FullName!);
        return data;
    }

    [Fact]
    public void Domain_HasPublicStructsToCheck()
    {
        Assert.Contains(typeof(Mills), PublicTypes);
        Assert.True(PublicStructs().Count >= 4);
    }

    [Theory]
    [MemberData(nameof(PublicStructs))]
    public void PublicStruct_IsReadOnly(string typeName)
    {
        var type = PublicTypes.Single(t => t.FullName == typeName);
        Assert.True(type.GetCustomAttributes(inherit: false).Any(a => a.GetType().FullName == typeof(IsReadOnlyAttribute).FullName),
            $"{type.Name} is a mutable struct; declare it 'readonly struct' or 'readonly record struct'");
    }

    [Fact]
    public void PublicProperties_HaveNoPublicSettersExceptInitOnly()
    {
        var offenders = new List<string>();
        foreach (var type in PublicTypes)
        {
            foreach (var p in type.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            {
                var setter = p.SetMethod;
                if (setter is null || !setter.IsPublic) continue;
                var initOnly = !setter.IsStatic && setter.ReturnParameter.GetRequiredCustomModifiers().Contains(typeof(IsExternalInit));
                if (!initOnly) offenders.Add($"{type.Name}.{p.Name}");
            }
        }
        Assert.True(offenders.Count == 0, "public setters that are not init-only: " + string.Join(", ", offenders));
    }

    [Fact]
    public void PublicFields_AreReadOnlyOrConstant()
    {
        // Enums are immutable values; their compiler-made value__ field is not a mutable field.
        var offenders = PublicTypes
            .Where(t => !t.IsEnum)
            .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Where(f => !f.IsInitOnly && !f.IsLiteral)
            .Select(f => $"{f.DeclaringType!.Name}.{f.Name}")
            .ToList();
        Assert.True(offenders.Count == 0, "writable public fields: " + string.Join(", ", offenders));
    }

    [Fact]
    public void InitOnlyCheck_RecognisesAnInitSetter()
    {
        // Guards the reflection above: a known init-only property must be recognised as such.
        var setter = typeof(IndiciumData).GetProperty(nameof(IndiciumData.Postage))!.SetMethod!;
        Assert.Contains(typeof(IsExternalInit), setter.ReturnParameter.GetRequiredCustomModifiers());
    }
}
