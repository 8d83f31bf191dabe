using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Ibis.Architecture.Tests.Support;

/// <summary>One use of a type by another: who uses it, and where (for the failure message).</summary>
public readonly record struct TypeUse(TypeDefinition User, TypeReference Used, string Where);

/// <summary>
/// Every type a compiled type uses, read from its IL: base type and interfaces, generic constraints,
/// custom attributes, fields, properties, events, method signatures, locals, and every type, method
/// and field token in method bodies (calls, object creation, casts, typeof, field access, ldftn).
/// Generic arguments, arrays, pointers and by-refs are taken apart, so List&lt;Foo[]&gt; uses Foo.
/// </summary>
public static class TypeUses
{
    public static IEnumerable<TypeUse> Of(TypeDefinition type)
    {
        var sink = new List<TypeUse>();
        void Add(TypeReference? t, string where) => AddType(sink, type, t, where);

        Add(type.BaseType, "base type");
        foreach (var i in type.Interfaces) Add(i.InterfaceType, "interface");
        foreach (var g in type.GenericParameters)
            foreach (var c in g.Constraints) Add(c.ConstraintType, "generic constraint");
        Attributes(sink, type, type, "attribute");

        foreach (var f in type.Fields)
        {
            Add(f.FieldType, $"field {f.Name}");
            Attributes(sink, type, f, $"field {f.Name}");
        }
        foreach (var p in type.Properties)
        {
            Add(p.PropertyType, $"property {p.Name}");
            Attributes(sink, type, p, $"property {p.Name}");
        }
        foreach (var e in type.Events) Add(e.EventType, $"event {e.Name}");

        foreach (var m in type.Methods)
        {
            var where = $"{m.Name}";
            Add(m.ReturnType, where);
            foreach (var p in m.Parameters)
            {
                Add(p.ParameterType, where);
                Attributes(sink, type, p, where);
            }
            foreach (var g in m.GenericParameters)
                foreach (var c in g.Constraints) Add(c.ConstraintType, where);
            foreach (var o in m.Overrides) Method(sink, type, o, where);
            Attributes(sink, type, m, where);
            if (!m.HasBody) continue;
            foreach (var v in m.Body.Variables) Add(v.VariableType, where);
            foreach (var h in m.Body.ExceptionHandlers) Add(h.CatchType, where);
            foreach (var ins in m.Body.Instructions)
            {
                switch (ins.Operand)
                {
                    case TypeReference t: Add(t, where); break;
                    case MethodReference mr: Method(sink, type, mr, where); break;
                    case FieldReference fr:
                        Add(fr.DeclaringType, where);
                        Add(fr.FieldType, where);
                        break;
                    case CallSite cs:
                        Add(cs.ReturnType, where);
                        foreach (var p in cs.Parameters) Add(p.ParameterType, where);
                        break;
                }
            }
        }
        return sink;
    }

    private static void Method(List<TypeUse> sink, TypeDefinition user, MethodReference m, string where)
    {
        AddType(sink, user, m.DeclaringType, where);
        AddType(sink, user, m.ReturnType, where);
        foreach (var p in m.Parameters) AddType(sink, user, p.ParameterType, where);
        if (m is GenericInstanceMethod gim)
            foreach (var a in gim.GenericArguments) AddType(sink, user, a, where);
    }

    private static void Attributes(List<TypeUse> sink, TypeDefinition user, ICustomAttributeProvider provider, string where)
    {
        if (!provider.HasCustomAttributes) return;
        foreach (var a in provider.CustomAttributes)
        {
            AddType(sink, user, a.AttributeType, where);
            // [SomeAttribute(typeof(Foo))] uses Foo.
            IEnumerable<CustomAttributeArgument> args;
            try { args = a.ConstructorArguments.Concat(a.Properties.Select(p => p.Argument)).Concat(a.Fields.Select(f => f.Argument)).ToList(); }
            catch (AssemblyResolutionException) { continue; } // an enum argument of an unresolvable framework type: not an Ibis type
            foreach (var arg in args)
                if (arg.Value is TypeReference t) AddType(sink, user, t, where);
        }
    }

    private static void AddType(List<TypeUse> sink, TypeDefinition user, TypeReference? t, string where)
    {
        switch (t)
        {
            case null: return;
            case GenericInstanceType git:
                AddType(sink, user, git.ElementType, where);
                foreach (var a in git.GenericArguments) AddType(sink, user, a, where);
                return;
            case TypeSpecification spec: // array, by-ref, pointer, pinned, modifiers
                AddType(sink, user, spec.ElementType, where);
                if (spec is IModifierType mod) AddType(sink, user, mod.ModifierType, where);
                return;
            case GenericParameter: return;
            default:
                sink.Add(new TypeUse(user, t, where));
                return;
        }
    }

    /// <summary>True when <paramref name="t"/> is defined in <paramref name="module"/> (not a reference to another assembly).</summary>
    public static bool IsIn(TypeReference t, ModuleDefinition module) =>
        Compiled.Outermost(t).Scope switch
        {
            ModuleDefinition m => m == module,
            _ => false,
        };

    /// <summary>Every method body instruction of the given types, with the type it belongs to (nested compiler-made types map to their outermost type).</summary>
    public static IEnumerable<(TypeDefinition Owner, MethodDefinition Method, Instruction Instruction)> Instructions(IEnumerable<TypeDefinition> types)
    {
        foreach (var t in types)
            foreach (var m in t.Methods.Where(m => m.HasBody))
                foreach (var ins in m.Body.Instructions)
                    yield return (t, m, ins);
    }
}
