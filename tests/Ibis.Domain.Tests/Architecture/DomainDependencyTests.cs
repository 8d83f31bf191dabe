using System.Reflection;
using System.Reflection.Emit;
using Ibis.Domain.Money;
using Ibis.Domain.Psd;
using Xunit;

namespace Ibis.Domain.Tests.Architecture;

/// <summary>
/// DESIGN 3: dependencies point inwards; Ibis.Domain is pure rules and references nothing but the
/// BCL. Time comes from a TimeProvider, never from the system clock.
/// </summary>
public sealed class DomainDependencyTests
{
    private static readonly Assembly Domain = typeof(Mills).Assembly;

    private static bool IsBcl(AssemblyName name) =>
        name.Name is "System" or "netstandard" or "mscorlib"
        || name.Name!.StartsWith("System.", StringComparison.Ordinal)
        || name.Name.StartsWith("Microsoft.Win32.", StringComparison.Ordinal);

    [Fact]
    public void Domain_ReferencesNothingButTheBaseClassLibrary()
    {
        var references = Domain.GetReferencedAssemblies();
        Assert.NotEmpty(references);
        var outside = references.Where(r => !IsBcl(r)).Select(r => r.FullName).ToList();
        Assert.True(outside.Count == 0, "Ibis.Domain references outside the BCL: " + string.Join(", ", outside));
    }

    [Fact]
    public void Domain_ReferencesNoOtherIbisAssembly()
    {
        Assert.DoesNotContain(Domain.GetReferencedAssemblies(), r => r.Name!.StartsWith("Ibis", StringComparison.Ordinal));
    }

    [Fact]
    public void Domain_NeverReadsTheSystemClock()
    {
        // CONVENTIONS "Domain types": never DateTime.UtcNow in domain code; time comes from TimeProvider.
        var forbidden = new HashSet<MethodBase>
        {
            typeof(DateTime).GetProperty(nameof(DateTime.Now))!.GetMethod!,
            typeof(DateTime).GetProperty(nameof(DateTime.UtcNow))!.GetMethod!,
            typeof(DateTime).GetProperty(nameof(DateTime.Today))!.GetMethod!,
            typeof(DateTimeOffset).GetProperty(nameof(DateTimeOffset.Now))!.GetMethod!,
            typeof(DateTimeOffset).GetProperty(nameof(DateTimeOffset.UtcNow))!.GetMethod!,
            typeof(TimeProvider).GetProperty(nameof(TimeProvider.System))!.GetMethod!,
        };
        var offenders = new List<string>();
        foreach (var type in Domain.GetTypes())
        {
            const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
            foreach (var method in type.GetMethods(all).Cast<MethodBase>().Concat(type.GetConstructors(all)))
            {
                foreach (var callee in CalledMethods(method))
                    if (forbidden.Contains(callee)) offenders.Add($"{type.FullName}.{method.Name} calls {callee.DeclaringType!.Name}.{callee.Name}");
            }
        }
        Assert.True(offenders.Count == 0, string.Join(Environment.NewLine, offenders));
    }

    [Fact]
    public void CallScanner_FindsKnownCalls()
    {
        // Guards the IL scan above: Ids.New is known to call RandomNumberGenerator.Fill.
        var fill = typeof(System.Security.Cryptography.RandomNumberGenerator).GetMethod("Fill")!;
        Assert.Contains(fill, CalledMethods(typeof(Ids).GetMethod(nameof(Ids.New))!));
    }

    [Fact]
    public void MoneyAndRegisters_HoldNoFloatingPointFields()
    {
        // DESIGN 2: money is an integer number of mills; no decimal or double in registers or ledgers.
        Type[] floating = [typeof(decimal), typeof(double), typeof(float)];
        foreach (var type in new[] { typeof(Mills), typeof(Registers) })
        {
            var fields = type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic);
            Assert.NotEmpty(fields);
            Assert.All(fields, f => Assert.DoesNotContain(f.FieldType, floating));
        }
    }

    /// <summary>Methods called by call/callvirt/newobj/ldftn in the IL of <paramref name="method"/>.</summary>
    private static IEnumerable<MethodBase> CalledMethods(MethodBase method)
    {
        byte[]? il;
        try { il = method.GetMethodBody()?.GetILAsByteArray(); }
        catch (InvalidOperationException) { yield break; }
        if (il is null) yield break;
        var call = OpCodes.Call.Value; var callvirt = OpCodes.Callvirt.Value; var newobj = OpCodes.Newobj.Value;
        for (var i = 0; i + 4 < il.Length; i++)
        {
            if (il[i] != call && il[i] != callvirt && il[i] != newobj) continue;
            var token = BitConverter.ToInt32(il, i + 1);
            MethodBase? callee;
            try
            {
                callee = method.Module.ResolveMethod(token,
                    method.DeclaringType is { IsGenericType: true } t ? t.GetGenericArguments() : null,
                    method.IsGenericMethod ? method.GetGenericArguments() : null);
            }
            catch (ArgumentException) { continue; } // not a method token: the byte was an operand, not an opcode
            if (callee is not null) yield return callee;
        }
    }
}
