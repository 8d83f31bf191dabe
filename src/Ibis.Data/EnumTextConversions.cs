using System.Reflection;
using Ibis.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Ibis.Data;

/// <summary>
/// Every property whose type is a <see cref="StoredAsTextAttribute">stored-as-text</see> enum of
/// Ibis.Domain is a text column holding <see cref="EnumText{TEnum}"/> — the same text the statuses had
/// as string constants, so turning a status into an enum changes no schema and no stored row. A query
/// that compares with a member (<c>d.Status == DeviceStatus.InService</c>) compares with its text in SQL.
/// </summary>
internal static class EnumTextConversions
{
    private static readonly Type[] StatusEnums = typeof(StoredAsTextAttribute).Assembly.GetTypes()
        .Where(t => t.IsEnum && t.GetCustomAttribute<StoredAsTextAttribute>() is not null)
        .ToArray();

    public static void Apply(ModelConfigurationBuilder configurationBuilder)
    {
        foreach (var type in StatusEnums)
            configurationBuilder.Properties(type).HaveConversion(typeof(EnumTextConverter<>).MakeGenericType(type));
    }
}

/// <summary>An enum ↔ its <see cref="EnumText{TEnum}"/>; an unknown stored text fails the read (a corrupt row).</summary>
internal sealed class EnumTextConverter<TEnum>() : ValueConverter<TEnum, string>(
    value => EnumText<TEnum>.ToText(value),
    text => EnumText<TEnum>.Parse(text))
    where TEnum : struct, Enum;
